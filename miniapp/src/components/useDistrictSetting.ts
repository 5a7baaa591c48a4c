import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { fieldsOf, isConflict, messageOf } from '../api/client';

export interface Kept<T> {
  value: T;
  version: number;
}

/**
 * One district setting on a form (检查频次, 考核权重, 奖励规则, 逾期升级): loaded with its version, edited as a form,
 * saved with the version loaded. A 409 says why and reloads; field errors come back keyed without
 * the body's prefix (`rules.` / `weights.`), anything else as one message.
 */
export function useDistrictSetting<T, F>(o: {
  district: string;
  /** Said when the user holds no district. */
  missing: string;
  /** The body's key the setting sits under, stripped from the field errors' names. */
  prefix: string;
  get: (district: string) => Promise<Kept<T>>;
  set: (district: string, value: T, version: number) => Promise<Kept<T>>;
  formOf: (value: T) => F;
  enabled: boolean;
  /** What the 409's notice calls the setting reloaded (default 设置). */
  what?: string;
}) {
  const [data, setData] = useState<Kept<T>>();
  const [form, setForm] = useState<F>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>();
  const [general, setGeneral] = useState('');
  const [saving, setSaving] = useState(false);

  const load = async () => {
    if (!o.district) return setError(o.missing);
    setError('');
    try {
      const res = await o.get(o.district);
      setData(res);
      setForm(o.formOf(res.value));
      setErrors(undefined);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    if (o.enabled) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [o.district, o.enabled]);

  /** Save `value` with the version loaded; or, with none, show the field errors found on the phone (`found`). */
  const save = async (value: T | undefined, found?: Record<string, string>) => {
    if (saving || !data) return;
    setErrors(undefined);
    setGeneral('');
    setNotice('');
    if (value === undefined) return setErrors(found);
    setSaving(true);
    try {
      const res = await o.set(o.district, value, data.version);
      setData(res);
      setForm(o.formOf(res.value));
      void Taro.showToast({ title: '已保存', icon: 'success' }).catch(() => undefined);
    } catch (e) {
      if (isConflict(e)) {
        setNotice(`${e.message}（已刷新为最新${o.what ?? '设置'}，请核对后再保存）`);
        void load();
      } else if (Object.keys(fieldsOf(e)).length) {
        const strip = new RegExp(`^${o.prefix}\\.`);
        setErrors(Object.fromEntries(Object.entries(fieldsOf(e)).map(([k, v]) => [k.replace(strip, ''), v])));
      } else setGeneral(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return { data, form, setForm, error, notice, errors, general, saving, load, save };
}
