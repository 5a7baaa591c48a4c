import { Text, View } from '@tarojs/components';
import { COVERAGE_MONTHS, RISK_CLASSES, periodLabel, periodStart, type CheckRules, type CoverageMonths, type RiskClass } from '@safegrid/shared';
import { call } from '../../../api/client';
import { Choices, Field, FieldError } from '../../../components/Field';
import { DistrictSettingForm, useSettingDistrict } from '../../../components/DistrictSettingForm';
import { useDistrictSetting } from '../../../components/useDistrictSetting';
import { useSession } from '../../../components/useSession';
import '../../check.css';

const MONTH_LABELS: Record<CoverageMonths, string> = { 1: '每月', 2: '每两月', 3: '每季度', 6: '每半年' };
const MONTH_OPTIONS = COVERAGE_MONTHS.map((m) => ({ value: String(m) as `${CoverageMonths}`, label: MONTH_LABELS[m] }));

interface Form {
  coverage: CheckRules['coverage'];
  checkInReasonOverM: string;
  guaranteeChecksPerMonth: string;
}
const formOf = (r: CheckRules): Form => ({ coverage: r.coverage, checkInReasonOverM: String(r.checkInReasonOverM), guaranteeChecksPerMonth: String(r.guaranteeChecksPerMonth) });

/** Whole numbers as typed; anything else is left for the API to name (a string fails its number check). */
const wholeOr = (text: string): number | string => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : text);

/**
 * 检查频次 (district supervisor, admin): how often enterprises of each risk class must be checked
 * (their coverage period), how far from the enterprise a check-in needs a reason, and how many
 * times a month a guarantee leader checks each enterprise they hold. Saved with the version loaded;
 * a 409 reloads.
 */
export default function CheckRulesPage() {
  const { user, role } = useSession();
  const { district, districtName } = useSettingDistrict(user, role);
  const setting = useDistrictSetting<CheckRules, Form>({
    district,
    missing: '您没有区级辖区，无法设置检查频次',
    prefix: 'rules',
    get: async (d) => {
      const res = await call('getCheckRules', { query: { district: d } });
      return { value: res.rules, version: res.version };
    },
    set: async (d, rules, version) => {
      const res = await call('setCheckRules', { body: { district: d, rules, version } });
      return { value: res.rules, version: res.version };
    },
    formOf,
    enabled: Boolean(user),
  });

  if (!user) return <View className="page" />;
  const { errors, setForm } = setting;
  const setMonths = (c: RiskClass, m: string) => setForm((f) => f && { ...f, coverage: { ...f.coverage, [c]: Number(m) as CoverageMonths } });
  const save = (form: Form) =>
    setting.save({ coverage: form.coverage, checkInReasonOverM: wholeOr(form.checkInReasonOverM), guaranteeChecksPerMonth: wholeOr(form.guaranteeChecksPerMonth) } as CheckRules);

  const now = new Date();
  const shown = [...RISK_CLASSES.map((c) => `coverage.${c}`), 'checkInReasonOverM', 'guaranteeChecksPerMonth'];
  return (
    <DistrictSettingForm title="检查频次" district={district} districtName={districtName} className="ck-page" setting={setting} shown={shown} onSave={(f) => void save(f)}>
      {(form) => (
        <View>
          <View className="section-title">各风险等级的检查周期</View>
          <View className="muted ck-hint">每个周期内至少检查一次；未检查的企业列入网格员的应检清单和监管的检查盲区</View>
          {RISK_CLASSES.map((c) => (
            <View key={c} className={`card ck-rule ck-rule-${c}`}>
              <View className="ck-rule-head">
                <Text className="ck-rule-class">{`${c}类`}</Text>
                <Text className="muted">{`本期：${periodLabel(periodStart(now, form.coverage[c]), form.coverage[c])}`}</Text>
              </View>
              <Choices options={MONTH_OPTIONS} value={String(form.coverage[c]) as `${CoverageMonths}`} onChange={(m) => setMonths(c, m)} />
              <FieldError message={errors?.[`coverage.${c}`]} />
            </View>
          ))}
          <View className="section-title">签到与包保</View>
          <Field
            label="签到距离（米）"
            name="checkInReasonOverM"
            type="number"
            value={form.checkInReasonOverM}
            error={errors?.checkInReasonOverM}
            onChange={(v) => setForm((f) => f && { ...f, checkInReasonOverM: v })}
          />
          <View className="muted ck-hint">签到位置距企业超过此距离时，检查人员须说明原因</View>
          <Field
            label="包保每月检查（次）"
            name="guaranteeChecksPerMonth"
            type="number"
            value={form.guaranteeChecksPerMonth}
            error={errors?.guaranteeChecksPerMonth}
            onChange={(v) => setForm((f) => f && { ...f, guaranteeChecksPerMonth: v })}
          />
          <View className="muted ck-hint">包保责任人每月对所包保的每家企业至少检查的次数</View>
        </View>
      )}
    </DistrictSettingForm>
  );
}
