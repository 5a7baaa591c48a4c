import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty, Input } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { RedLineView } from '@safegrid/shared';
import { ApiError, call, messageOf } from '../../../api/client';
import { newId } from '../../../lib/id';
import { queryParam } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Field, FieldError } from '../../../components/Field';
import { EnterprisePicker } from '../../../components/EnterprisePicker';
import { changesOf, emptyForm, fieldsOf, formOf, isMasked, keeps, line, shownErrors, type Line, type RedLineForm } from '../../redlines';
import '../../ledger.css';

/** One line per factor or measure: typed in place, removed with 删除, more with ＋. */
function Lines({
  list,
  title,
  placeholder,
  lines,
  errors,
  onChange,
}: {
  list: 'factors' | 'measures';
  title: string;
  placeholder: string;
  lines: Line[];
  errors: Record<string, string>;
  onChange: (lines: Line[]) => void;
}) {
  return (
    <View className={`rl-lines rl-${list}`}>
      <View className="section-title">{title}</View>
      {lines.map((l, i) => (
        <View key={l.key}>
          <View className="field-row">
            <Text className="rl-no">{`${i + 1}.`}</Text>
            <View className="field-input">
              <Input name={`${list}-${i + 1}`} value={l.text} placeholder={placeholder} onChange={(text: string) => onChange(lines.map((x) => (x.key === l.key ? { ...x, text } : x)))} />
            </View>
            <Text className="link-danger rl-remove" onClick={() => onChange(lines.filter((x) => x.key !== l.key))}>
              删除
            </Text>
          </View>
          <FieldError message={errors[`${list}.${l.key}`]} />
        </View>
      ))}
      <FieldError message={errors[list]} />
      {lines.length < 20 ? (
        <View className="rl-add" onClick={() => onChange([...lines, line()])}>
          {`＋ 添加${title}`}
        </View>
      ) : null}
    </View>
  );
}

/**
 * 新增 / 编辑红线 (`?area=&name=`, and `&id=` to edit): the major risk, its factors, the enterprises
 * it concerns (picked from the area's ledger), who controls it and the measures. A supervisor or
 * admin of the area keeps them. A new one goes in under an id made on the phone (a retry is the same
 * red line); an edit sends only what changed, with the version loaded: someone else's edit in
 * between is a 409, shown with 刷新.
 */
export default function RedLineEditor() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const area = queryParam(params.area);
  const areaName = queryParam(params.name) || area;
  const id = queryParam(params.id);
  const [newRedLineId] = useState(newId);
  const [loaded, setLoaded] = useState<RedLineView>();
  const [form, setForm] = useState<RedLineForm | undefined>(() => (id ? undefined : emptyForm()));
  const [loadError, setLoadError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState('');
  const [saving, setSaving] = useState(false);

  const load = async () => {
    setLoadError('');
    try {
      const found = (await call('listRedLines', { query: { area } })).redLines.find((r) => r.id === id);
      if (!found) return setLoadError('没有找到该红线，请返回列表刷新');
      setLoaded(found);
      setForm(formOf(found));
      setErrors({});
      setConflict('');
    } catch (e) {
      setLoadError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user && id && area && keeps(user, role, area)) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, area]);

  if (!user) return <View className="page" />;
  const title = id ? '编辑红线' : '新增红线';
  const mayKeep = !!area && keeps(user, role, area);
  if (!mayKeep || !form) {
    return (
      <View className="page">
        <Hero title={title} sub={areaName} />
        {!mayKeep ? <Empty status="error" title="无法编辑" description="只有该区域的监管人员或管理员可以维护十条红线" /> : null}
        {mayKeep && loadError ? <Empty status="error" title="加载失败" description={loadError} /> : null}
        {mayKeep && !loadError ? <View className="card muted">加载中…</View> : null}
      </View>
    );
  }

  const set = (change: Partial<RedLineForm>) => setForm((f) => f && { ...f, ...change });
  const err = (key: string) => errors[key];

  const save = async () => {
    if (saving) return;
    setErrors({});
    setConflict('');
    const { fields, errors: found } = fieldsOf(form, area);
    if (!fields) return setErrors(found);
    let changes: ReturnType<typeof changesOf> | undefined;
    if (loaded) {
      changes = changesOf(fields, loaded);
      if (!Object.keys(changes).length) return void Taro.showToast({ title: '没有修改', icon: 'none' }).catch(() => undefined);
    }
    setSaving(true);
    try {
      if (loaded) await call('updateRedLine', { params: { id: loaded.id }, body: { version: loaded.version, changes: changes! } });
      else await call('createRedLine', { body: { id: newRedLineId, ...fields } });
      void Taro.showToast({ title: '已保存', icon: 'success' }).catch(() => undefined);
      void Taro.navigateBack().catch(() => undefined);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else if (e instanceof ApiError && e.fields && Object.keys(e.fields).length) setErrors(shownErrors(e.fields, form));
      else setErrors({ general: messageOf(e) });
    } finally {
      setSaving(false);
    }
  };

  const errorCount = Object.keys(errors).filter((k) => k !== 'general').length;
  return (
    <View className="page rl-page">
      <Hero title={title} sub={loaded ? `${areaName} · 第 ${loaded.version} 版` : areaName} />
      {conflict ? (
        <View className="notice rl-conflict">
          <Text>{conflict}</Text>
          <FieldError message={loadError} />
          <View className="actions">
            <Button block type="primary" fill="outline" onClick={() => void load()}>
              刷新（放弃本次修改）
            </Button>
          </View>
        </View>
      ) : null}
      <Field label="重大风险" name="title" value={form.title} placeholder="如 粉尘涉爆企业除尘系统" error={err('title')} onChange={(v) => set({ title: v })} />
      <Lines list="factors" title="风险因素" placeholder="如 除尘器未设泄爆装置" lines={form.factors} errors={errors} onChange={(factors) => set({ factors })} />
      <EnterprisePicker multiple label={`涉及企业（${form.enterprises.length} 家）`} area={area} max={200} value={form.enterprises} error={err('enterpriseIds')} onChange={(enterprises) => set({ enterprises })} />
      <View className="section-title">管控责任人</View>
      <Field label="姓名" name="ownerName" value={form.ownerName} placeholder="责任人姓名" error={err('ownerName')} onChange={(v) => set({ ownerName: v })} />
      <Field
        label="电话"
        name="ownerPhone"
        type="number"
        value={form.ownerPhone}
        placeholder={loaded && isMasked(loaded.ownerPhone) ? `${loaded.ownerPhone}，不改请留空` : '选填，11位手机号'}
        error={err('ownerPhone')}
        onChange={(v) => set({ ownerPhone: v })}
      />
      <Lines list="measures" title="管控措施" placeholder="如 每班次清理积尘并记录" lines={form.measures} errors={errors} onChange={(measures) => set({ measures })} />
      {errorCount ? <FieldError message={`有 ${errorCount} 处需要修改，请查看上方标红的提示`} /> : null}
      <FieldError message={err('general')} />
      <View className="actions">
        <Button block size="large" type="primary" loading={saving} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  );
}
