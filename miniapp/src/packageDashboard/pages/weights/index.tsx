import { View } from '@tarojs/components';
import { ASSESSMENT_PARTS, ASSESSMENT_PART_LABELS, type AssessmentPart, type AssessmentWeights } from '@safegrid/shared';
import { call } from '../../../api/client';
import { Field, FieldError } from '../../../components/Field';
import { DistrictSettingForm, useSettingDistrict } from '../../../components/DistrictSettingForm';
import { useDistrictSetting } from '../../../components/useDistrictSetting';
import { useSession } from '../../../components/useSession';
import '../../assessment.css';

const NUMBERS = ['visitsPerMonth', 'hazardsPerMonth', 'recheckWithinDays', 'overdueLimit', 'level1From', 'level2From'] as const;
type NumberKey = (typeof NUMBERS)[number];
const NUMBER_LABELS: Record<NumberKey, { label: string; hint: string }> = {
  visitsPerMonth: { label: '每月走访目标（次）', hint: '达到即得“走访与覆盖”的一半分；另一半按本期应检企业的覆盖率' },
  hazardsPerMonth: { label: '每月发现隐患目标（条）', hint: '网格员巡查和现场检查发现的隐患，达到即得满分' },
  recheckWithinDays: { label: '复查时限（天）', hint: '企业提交整改材料后在此天数内复查，计为复查及时' },
  overdueLimit: { label: '逾期扣完分的条数', hint: '网格内现有逾期隐患每条扣相应比例，达到此数扣完' },
  level1From: { label: '一级分数线', hint: '得分不低于此线，建议评为一级网格员' },
  level2From: { label: '二级分数线', hint: '得分不低于此线，建议评为二级网格员；以下建议三级' },
};

type Form = Record<AssessmentPart | NumberKey, string>;
const formOf = (w: AssessmentWeights): Form =>
  ({ ...Object.fromEntries(ASSESSMENT_PARTS.map((p) => [p, String(w.points[p])])), ...Object.fromEntries(NUMBERS.map((k) => [k, String(w[k])])) }) as Form;

/** Whole numbers as typed; anything else is left for the schema to name (a string fails its number check). */
const wholeOr = (text: string): number | string => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : text);

/**
 * 考核权重 (district supervisor, admin): the points of each part of a gridworker's score (adding up
 * to 100), the targets that earn them, the recheck time limit and the level lines. Saved with the
 * version loaded; a 409 reloads.
 */
export default function WeightsPage() {
  const { user, role } = useSession();
  const { district, districtName } = useSettingDistrict(user, role);
  const setting = useDistrictSetting<AssessmentWeights, Form>({
    district,
    missing: '您没有区级辖区，无法设置考核权重',
    prefix: 'weights',
    get: async (d) => {
      const res = await call('getAssessmentWeights', { query: { district: d } });
      return { value: res.weights, version: res.version };
    },
    set: async (d, weights, version) => {
      const res = await call('setAssessmentWeights', { body: { district: d, weights, version } });
      return { value: res.weights, version: res.version };
    },
    formOf,
    enabled: Boolean(user),
  });

  if (!user) return <View className="page" />;
  const { errors, setForm } = setting;
  const set = (k: keyof Form) => (v: string) => setForm((f) => f && { ...f, [k]: v });
  const onSave = (form: Form) =>
    setting.save({
      points: Object.fromEntries(ASSESSMENT_PARTS.map((p) => [p, wholeOr(form[p])])),
      ...Object.fromEntries(NUMBERS.map((k) => [k, wholeOr(form[k])])),
    } as unknown as AssessmentWeights);
  const shown = ['points', ...ASSESSMENT_PARTS.map((p) => `points.${p}`), ...NUMBERS];
  return (
    <DistrictSettingForm title="考核权重" district={district} districtName={districtName} className="as-page" setting={setting} shown={shown} onSave={(f) => void onSave(f)}>
      {(form) => {
        const sum = ASSESSMENT_PARTS.reduce((n, p) => n + (Number(form[p]) || 0), 0);
        return (
          <View>
            <View className="section-title">各项权重（合计100分）</View>
            {ASSESSMENT_PARTS.map((p) => (
              <Field key={p} label={`${ASSESSMENT_PART_LABELS[p]}（分）`} name={`points.${p}`} type="number" value={form[p]} error={errors?.[`points.${p}`]} onChange={set(p)} />
            ))}
            <View className={`as-sum ${sum === 100 ? '' : 'as-bad'}`}>{`合计 ${sum} 分${sum === 100 ? '' : '，应为100分'}`}</View>
            <FieldError message={errors?.points} />
            <View className="section-title">目标与分数线</View>
            {NUMBERS.map((k) => (
              <View key={k}>
                <Field label={NUMBER_LABELS[k].label} name={k} type="number" value={form[k]} error={errors?.[k]} onChange={set(k)} />
                <View className="muted as-hint">{NUMBER_LABELS[k].hint}</View>
              </View>
            ))}
          </View>
        );
      }}
    </DistrictSettingForm>
  );
}
