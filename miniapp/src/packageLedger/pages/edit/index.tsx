import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { UpdateEnterpriseBody, type EnterpriseView } from '@safegrid/shared';
import { ApiError, call, messageOf, showError } from '../../../api/client';
import { queryParam } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { FieldError, otherErrors } from '../../../components/Field';
import { EnterpriseForm, shownKeys } from '../../components/EnterpriseForm';
import { areaGrants, changesOf, checkForm, FIELD_ORDER, formErrors, formOf, leaderSearchArea, type FormState } from '../../lib';
import { PrivacyPrompt } from '../../../components/PrivacyPrompt';
import '../../ledger.css';

/** 编辑档案: only the fields the API says the caller may change; a file changed meanwhile is reloaded. */
export default function LedgerEdit() {
  const { user, role } = useSession();
  const id = queryParam(useRouter().params.id);
  const [enterprise, setEnterprise] = useState<EnterpriseView>();
  const [form, setForm] = useState<FormState>();
  const [errors, setErrors] = useState<Record<string, string>>();
  const [notice, setNotice] = useState('');
  const [loadError, setLoadError] = useState('');
  const [saving, setSaving] = useState(false);

  const load = async () => {
    setLoadError('');
    try {
      const res = await call('getEnterprise', { params: { id } });
      setEnterprise(res.enterprise);
      setForm(formOf(res.enterprise));
    } catch (e) {
      setLoadError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user && id) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  if (!user) return <View className="page" />;
  if (!enterprise || !form) {
    return (
      <View className="page">
        {loadError ? <Empty status="error" title="加载失败" description={loadError} /> : <View className="card muted">加载中…</View>}
      </View>
    );
  }
  const fields = FIELD_ORDER.filter((f) => enterprise.editable.includes(f));
  const grids = areaGrants(user, role).map((g) => ({ value: g.area!, label: g.areaName ?? g.area! }));
  if (grids.length && !grids.some((g) => g.value === enterprise.area)) grids.unshift({ value: enterprise.area, label: enterprise.areaName ?? enterprise.area });

  const save = async () => {
    setErrors(undefined);
    setNotice('');
    const changes = changesOf(form, enterprise, fields);
    if (Object.keys(changes).length === 0) {
      void Taro.showToast({ title: '没有修改', icon: 'none' });
      return;
    }
    const body = { version: enterprise.version, changes };
    const invalid = checkForm(UpdateEnterpriseBody, body, form, fields);
    if (invalid) return setErrors(invalid);
    setSaving(true);
    try {
      await call('updateEnterprise', { params: { id: enterprise.id }, body });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.navigateBack().catch(() => undefined);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setNotice(`${e.message}（已为您加载最新内容，请重新修改）`);
        await load();
      } else if (e instanceof ApiError && e.fields) setErrors(formErrors(e.fields));
      else showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="page">
      <Hero title="编辑档案" sub={enterprise.name} />
      {notice ? <View className="notice">{notice}</View> : null}
      {fields.length === 0 ? <Empty size="small" title="您没有可修改的字段" /> : null}
      <EnterpriseForm form={form} onChange={setForm} fields={fields} errors={errors} areaOptions={grids} leaderArea={leaderSearchArea(user, role, enterprise.area)} />
      <FieldError message={otherErrors(errors, shownKeys(errors, fields))} />
      {fields.length > 0 ? (
        <View className="actions">
          <Button block type="primary" loading={saving} onClick={() => void save()}>
            保存
          </Button>
        </View>
      ) : null}
      <PrivacyPrompt />
    </View>
  );
}
