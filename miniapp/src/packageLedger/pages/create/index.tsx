import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { CreateEnterpriseBody, editableFields, type BodyOf } from '@safegrid/shared';
import { ApiError, call, showError } from '../../../api/client';
import { newId } from '../../../lib/id';
import { LEDGER_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { FieldError, otherErrors } from '../../../components/Field';
import { EnterpriseForm, shownKeys } from '../../components/EnterpriseForm';
import { areaGrants, checkForm, CREATORS, emptyForm, FIELD_ORDER, fieldsOf, formErrors, leaderSearchArea, type FormState } from '../../lib';
import { PrivacyPrompt } from '../../../components/PrivacyPrompt';
import '../../ledger.css';

/** 新增企业: a business found in the grid, with every field of its file. */
export default function LedgerCreate() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const grants = user ? areaGrants(user, role) : [];
  // One id per form, so a retried create is the same enterprise.
  const [id] = useState(newId);
  // A gridworker's file starts in their grid; others choose the grid below their areas.
  const [form, setForm] = useState<FormState>(() => emptyForm(role === 'gridworker' ? queryParam(params.area) || grants[0]?.area || '' : ''));
  const [errors, setErrors] = useState<Record<string, string>>();
  const [saving, setSaving] = useState(false);

  if (!user || !role) return <View className="page" />;
  if (!CREATORS.includes(role)) {
    return (
      <View className="page">
        <Empty title="无权新增企业" description="请联系网格员或监管人员" />
      </View>
    );
  }
  const allowed = editableFields(role);
  const fields = allowed ? FIELD_ORDER.filter((f) => allowed.includes(f)) : FIELD_ORDER;
  // A gridworker picks one of their grids; supervisors and admins find one below their own areas.
  const grids = role === 'gridworker' ? grants.map((g) => ({ value: g.area!, label: g.areaName ?? g.area! })) : undefined;
  const roots = grants.map((g) => ({ path: g.area!, name: g.areaName ?? g.area! }));

  const save = async () => {
    setErrors(undefined);
    const body = { id, ...fieldsOf(form, fields) };
    const invalid = checkForm(CreateEnterpriseBody, body, form, fields);
    if (invalid) return setErrors(invalid);
    setSaving(true);
    try {
      const res = await call('createEnterprise', { body: body as BodyOf<'createEnterprise'> });
      void Taro.showToast({ title: '已新增', icon: 'success' });
      void Taro.redirectTo({ url: pageUrl(LEDGER_PAGES.detail, { id: res.enterprise.id }) }).catch(() => undefined);
    } catch (e) {
      if (e instanceof ApiError && e.fields) setErrors(formErrors(e.fields));
      else showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="page">
      <Hero title="新增企业" sub="在网格中发现的新企业、个体工商户" />
      <EnterpriseForm form={form} onChange={setForm} fields={fields} errors={errors} areaOptions={grids} areaRoots={roots} leaderArea={leaderSearchArea(user, role, form.area)} />
      <FieldError message={otherErrors(errors, [...shownKeys(errors, fields), 'id'])} />
      <FieldError message={errors?.id} />
      <View className="actions">
        <Button block type="primary" loading={saving} onClick={() => void save()}>
          提交
        </Button>
      </View>
      <PrivacyPrompt />
    </View>
  );
}
