import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { HAZARD_LEVELS, REWARDED_SOURCES, districtOf, type HazardLevel, type ResponseOf, type RewardedSource } from '@safegrid/shared';
import { call } from '../../../api/client';
import { Field, FieldError, otherErrors } from '../../../components/Field';
import { formatYuan, yuanToFen } from '../../../lib/money';
import { queryParam } from '../../../lib/routes';
import { useDistrictSetting } from '../../../components/useDistrictSetting';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { areaGrantsOf, districtGrantOf } from '../../../lib/grants';
import { fenToInput } from '../../lib';
import '../../reward.css';

type Rules = ResponseOf<'getRewardRules'>['rules'];

const SOURCE_LABELS: Record<RewardedSource, string> = { public: '公众举报', worker: '员工内部报告' };
/** ASCII names for the inputs. */
const LEVEL_KEYS: Record<HazardLevel, string> = { 一般: 'general', 重大: 'major' };
const MONEY = ['monthlyCapFen', 'yearlyCapFen', 'secondApprovalAboveFen'] as const;

interface Form {
  amounts: Record<RewardedSource, Record<HazardLevel, { fen: string; maxFen: string }>>;
  monthlyCapFen: string;
  yearlyCapFen: string;
  minIntervalDays: string;
  secondApprovalAboveFen: string;
}

function formOf(r: Rules): Form {
  const amounts = Object.fromEntries(
    REWARDED_SOURCES.map((s) => [s, Object.fromEntries(HAZARD_LEVELS.map((l) => [l, { fen: fenToInput(r.amounts[s][l].fen), maxFen: fenToInput(r.amounts[s][l].maxFen) }]))]),
  ) as Form['amounts'];
  return {
    amounts,
    monthlyCapFen: fenToInput(r.monthlyCapFen),
    yearlyCapFen: fenToInput(r.yearlyCapFen),
    minIntervalDays: String(r.minIntervalDays),
    secondApprovalAboveFen: fenToInput(r.secondApprovalAboveFen),
  };
}

const MONEY_ERROR = '请填写金额（元），最多两位小数';

/** The rules as the API takes them, or the fields that are not amounts (keyed by their path in `rules`). */
function rulesOf(f: Form): { rules?: Rules; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const fen = (key: string, text: string) => {
    const v = yuanToFen(text);
    if (v === undefined) errors[key] = MONEY_ERROR;
    return v ?? 0;
  };
  const amounts = Object.fromEntries(
    REWARDED_SOURCES.map((s) => [
      s,
      Object.fromEntries(
        HAZARD_LEVELS.map((l) => [l, { fen: fen(`amounts.${s}.${l}.fen`, f.amounts[s][l].fen), maxFen: fen(`amounts.${s}.${l}.maxFen`, f.amounts[s][l].maxFen) }]),
      ),
    ]),
  ) as Rules['amounts'];
  const days = f.minIntervalDays.trim();
  if (!/^\d{1,3}$/.test(days)) errors.minIntervalDays = '请填写天数（整数）';
  const rules = {
    amounts,
    monthlyCapFen: fen('monthlyCapFen', f.monthlyCapFen),
    yearlyCapFen: fen('yearlyCapFen', f.yearlyCapFen),
    minIntervalDays: Number(days),
    secondApprovalAboveFen: fen('secondApprovalAboveFen', f.secondApprovalAboveFen),
  };
  return Object.keys(errors).length ? { errors } : { rules, errors };
}

/**
 * 奖励规则 (district supervisor, admin): the amount and the most a supervisor may approve for each
 * source and level, the caps per reporter, the interval between rewards for one enterprise, and the
 * amount above which a second supervisor approves. Saved with the version loaded; a 409 reloads.
 */
export default function RewardRulesPage() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  const district = queryParam(params.district) || districtGrantOf(user, role)?.path || (areas[0] ? districtOf(areas[0].path) : '');
  const districtName = districtGrantOf(user, role)?.name ?? district;
  // The API keys fields by body path (`rules.amounts.public.一般.fen`); the form by the path in `rules`.
  const { data, form, setForm, error, notice, errors, general, saving, load, save: saveRules } = useDistrictSetting<Rules, Form>({
    district,
    missing: '您没有区级辖区，无法设置奖励规则',
    prefix: 'rules',
    what: '规则',
    get: async (d) => {
      const res = await call('getRewardRules', { query: { district: d } });
      return { value: res.rules, version: res.version };
    },
    set: async (d, rules, version) => {
      const res = await call('setRewardRules', { body: { district: d, rules, version } });
      return { value: res.rules, version: res.version };
    },
    formOf,
    enabled: Boolean(user),
  });

  if (!user) return <View className="page" />;
  if (!data || !form) {
    return (
      <View className="page rw-page">
        <Hero title="奖励规则" sub={districtName} />
        {error ? <Empty status="error" title="加载失败" description={error} /> : <View className="card muted">加载中…</View>}
        {error && district ? (
          <View className="actions">
            <Button block size="large" type="primary" fill="outline" onClick={() => void load()}>
              重试
            </Button>
          </View>
        ) : null}
      </View>
    );
  }

  const setAmount = (s: RewardedSource, l: HazardLevel, key: 'fen' | 'maxFen', v: string) =>
    setForm((f) => f && { ...f, amounts: { ...f.amounts, [s]: { ...f.amounts[s], [l]: { ...f.amounts[s][l], [key]: v } } } });
  const set = (key: Exclude<keyof Form, 'amounts'>, v: string) => setForm((f) => f && { ...f, [key]: v });

  const save = () => {
    const { rules, errors: found } = rulesOf(form);
    return saveRules(rules, found);
  };

  const err = (key: string) => errors?.[key];
  const shown = [
    ...REWARDED_SOURCES.flatMap((s) => HAZARD_LEVELS.flatMap((l) => [`amounts.${s}.${l}.fen`, `amounts.${s}.${l}.maxFen`])),
    ...MONEY,
    'minIntervalDays',
  ];
  const preview = (text: string) => {
    const fen = yuanToFen(text);
    return fen !== undefined && text.trim() !== fenToInput(fen) ? `即 ${formatYuan(fen)}` : '';
  };

  return (
    <View className="page rw-page">
      <Hero title="奖励规则" sub={`${districtName} · ${data.version ? `第 ${data.version} 版` : '默认规则（尚未保存）'}`} />
      {notice ? (
        <View className="notice rw-notice">
          <Text>{notice}</Text>
        </View>
      ) : null}
      {REWARDED_SOURCES.map((s) =>
        HAZARD_LEVELS.map((l) => {
          const base = `${s}-${LEVEL_KEYS[l]}`;
          return (
            <View key={base} className={`rw-rule rw-rule-${base}`}>
              <View className="section-title">{`${SOURCE_LABELS[s]} · ${l}隐患`}</View>
              <Field label="规则金额（元）" name={`${base}-fen`} type="digit" value={form.amounts[s][l].fen} error={err(`amounts.${s}.${l}.fen`)} onChange={(v) => setAmount(s, l, 'fen', v)} />
              <Field
                label="最高金额（元）"
                name={`${base}-max`}
                type="digit"
                value={form.amounts[s][l].maxFen}
                error={err(`amounts.${s}.${l}.maxFen`)}
                onChange={(v) => setAmount(s, l, 'maxFen', v)}
              />
            </View>
          );
        }),
      )}
      <View className="section-title">上限与复核</View>
      <Field label="每人每月上限（元）" name="monthlyCapFen" type="digit" value={form.monthlyCapFen} error={err('monthlyCapFen')} onChange={(v) => set('monthlyCapFen', v)} />
      <Field label="每人每年上限（元）" name="yearlyCapFen" type="digit" value={form.yearlyCapFen} error={err('yearlyCapFen')} onChange={(v) => set('yearlyCapFen', v)} />
      <Field label="同一企业间隔（天）" name="minIntervalDays" type="number" value={form.minIntervalDays} error={err('minIntervalDays')} onChange={(v) => set('minIntervalDays', v)} />
      <View className="muted rw-hint">同一举报人对同一企业的举报，在此天数内只奖励一次</View>
      <Field
        label="需复核金额（元）"
        name="secondApprovalAboveFen"
        type="digit"
        value={form.secondApprovalAboveFen}
        error={err('secondApprovalAboveFen')}
        onChange={(v) => set('secondApprovalAboveFen', v)}
      />
      <View className="muted rw-hint">{`审核金额超过此数须另一位监管人员复核${preview(form.secondApprovalAboveFen) ? `（${preview(form.secondApprovalAboveFen)}）` : ''}`}</View>
      <FieldError message={otherErrors(errors, shown)} />
      <FieldError message={general} />
      <View className="actions">
        <Button block type="primary" size="large" loading={saving} onClick={() => void save()}>
          保存规则
        </Button>
      </View>
    </View>
  );
}
