import { Text, View } from '@tarojs/components';
import { Switch } from '@nutui/nutui-react-taro';
import { ESCALATION_KINDS, ESCALATION_LABELS, type EscalationKind, type EscalationStep } from '@safegrid/shared';
import { call } from '../../../api/client';
import { Field, FieldError } from '../../../components/Field';
import { DistrictSettingForm, useSettingDistrict } from '../../../components/DistrictSettingForm';
import { useDistrictSetting } from '../../../components/useDistrictSetting';
import { useSession } from '../../../components/useSession';
import '../../settings.css';

type Form = Record<EscalationKind, { on: boolean; days: string }>;

const HINTS: Record<EscalationKind, string> = {
  risk_letter: '向企业发出风险提醒函，编号按年连续',
  supervision_letter: '向企业发出工作督办函',
  enforcement_clue: '移交执法人员，列入执法线索',
};

function formOf(steps: EscalationStep[]): Form {
  return Object.fromEntries(
    ESCALATION_KINDS.map((k) => {
      const step = steps.find((s) => s.kind === k);
      return [k, { on: !!step, days: step ? String(step.daysOverdue) : '' }];
    }),
  ) as Form;
}

/** The steps switched on, in their fixed order; days as typed unless whole (the shared schema names what is wrong). */
const stepsOf = (f: Form): EscalationStep[] =>
  ESCALATION_KINDS.filter((k) => f[k].on).map((kind) => ({ kind, daysOverdue: (/^\d{1,4}$/.test(f[kind].days.trim()) ? Number(f[kind].days.trim()) : f[kind].days) as number }));

/**
 * 逾期升级 (district supervisor, admin): how many days after its deadline an unrectified hazard
 * brings 风险提醒函, then 工作督办函, then an enforcement clue; a step may be left out. The hourly
 * sweep follows the steps saved. Saved with the version loaded; a 409 reloads.
 */
export default function EscalationRulesPage() {
  const { user, role } = useSession();
  const { district, districtName } = useSettingDistrict(user, role);
  const setting = useDistrictSetting<EscalationStep[], Form>({
    district,
    missing: '您没有区级辖区，无法设置逾期升级',
    prefix: 'steps',
    what: '升级规则',
    get: async (d) => {
      const res = await call('getEscalationRules', { query: { district: d } });
      return { value: res.steps, version: res.version };
    },
    set: async (d, steps, version) => {
      const res = await call('setEscalationRules', { body: { district: d, steps, version } });
      return { value: res.steps, version: res.version };
    },
    formOf,
    enabled: Boolean(user),
  });
  if (!user) return <View className="page" />;
  const { errors, setForm } = setting;

  // The API keys a step's error by its place among the steps sent (`steps.1.daysOverdue`, the prefix stripped).
  const on = (f: Form) => ESCALATION_KINDS.filter((k) => f[k].on);
  const errorOf = (f: Form, k: EscalationKind) => {
    const i = on(f).indexOf(k);
    return i < 0 ? undefined : (errors?.[`${i}.daysOverdue`] ?? errors?.[`${i}.kind`]);
  };
  const shownFor = (f: Form) => ['steps', ...on(f).flatMap((_, i) => [`${i}.daysOverdue`, `${i}.kind`])];
  const set = (k: EscalationKind, change: Partial<Form[EscalationKind]>) => setForm((f) => f && { ...f, [k]: { ...f[k], ...change } });

  return (
    <DistrictSettingForm
      title="逾期升级"
      district={district}
      districtName={districtName}
      className="st-page"
      setting={setting}
      shown={setting.form ? shownFor(setting.form) : []}
      onSave={(f) => void setting.save(stepsOf(f))}
    >
      {(form) => (
        <View>
          <View className="section-title">隐患逾期未整改时依次采取</View>
          <View className="muted st-hint">天数从整改期限届满时算起，0 表示期限一过即采取；后一步的天数应大于前一步，且距上一步实际采取至少相隔两步天数之差（至少1天），不会同时发出。每小时检查一次。</View>
          {ESCALATION_KINDS.map((k, n) => (
            <View key={k} className={`card st-step st-step-${k} ${form[k].on ? '' : 'st-off'}`}>
              <View className="row st-step-head">
                <Text className="st-step-name">{`${n + 1}. ${ESCALATION_LABELS[k]}`}</Text>
                <Switch className={`st-switch-${k}`} checked={form[k].on} onChange={(v: boolean) => set(k, { on: v })} />
              </View>
              <View className="muted st-hint">{form[k].on ? HINTS[k] : '不采取此步'}</View>
              {form[k].on ? (
                <Field label="逾期天数" name={`days-${k}`} type="number" value={form[k].days} error={errorOf(form, k)} onChange={(v) => set(k, { days: v })} />
              ) : null}
            </View>
          ))}
          <FieldError message={errors?.steps} />
        </View>
      )}
    </DistrictSettingForm>
  );
}
