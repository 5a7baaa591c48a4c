import Taro, { useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useState, type ReactNode } from 'react';
import { ENTERPRISE_STATUSES, HAZARD_SOURCES, HAZARD_SOURCE_LABELS, HAZARD_STATES, HAZARD_STATE_LABELS, INDUSTRIES, RISK_CLASSES, formatPercent, type ResponseOf } from '@safegrid/shared';
import { call } from '../../../api/client';
import { formatYuan } from '../../../lib/money';
import { rateColour, riskLabel } from '../../../lib/labels';
import { thisMonth } from '../../../lib/time';
import { DASHBOARD_PAGES, HAZARD_PAGES, LEDGER_PAGES, MAP_PAGE, pageUrl, queryParam } from '../../../lib/routes';
import { areaGrantsOf } from '../../../lib/grants';
import { useSession } from '../../../components/useSession';
import { useLatest } from '../../../components/useLatest';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { PERIODS, barWidth, periodRange, rangeError, type Period } from '../../lib';
import { TrendChart } from '../../components/TrendChart';
import '../../dashboard.css';

type Data = ResponseOf<'dashboard'>;
type Area = Data['areas'][number];
type Child = Area['children'][number];

/** How many of the ranked child areas are highlighted. */
const TOP = 3;

const go = (url: string) => void Taro.navigateTo({ url }).catch(() => undefined);
const records = (area: string, name: string, state?: string) => go(pageUrl(HAZARD_PAGES.list, { area, name, state }));

function MonthPicker({ name, label, value, onChange }: { name: string; label: string; value: string; onChange: (month: string) => void }) {
  return (
    <Picker className={`db-month db-month-${name}`} mode="date" fields="month" value={value} onChange={(e) => onChange(String(e.detail.value).slice(0, 7))}>
      <View className="db-month-box">
        <Text className="muted">{label}</Text>
        <Text className="db-month-value">{value}</Text>
      </View>
    </Picker>
  );
}

/** One figure in a card: a big number and what it counts. */
function Stat({ name, label, value, tone, onTap }: { name: string; label: string; value: string | number; tone?: 'bad' | 'good'; onTap?: () => void }) {
  return (
    <View className={`db-stat db-stat-${name} ${onTap ? 'db-stat-tap' : ''}`} onClick={onTap}>
      <Text className={`db-stat-value ${tone ? `db-${tone}` : ''}`}>{String(value)}</Text>
      <Text className="db-stat-label">{label}</Text>
    </View>
  );
}

function Card({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <View className="card db-card">
      <View className="row db-card-head">
        <Text className="db-card-title">{title}</Text>
        {extra}
      </View>
      <View className="db-stats">{children}</View>
    </View>
  );
}

/** An area's headline figures: its businesses now, the hazards, where they came from, checks, letters, rewards, enforcement, and where they stand now. */
function Figures({ a }: { a: Area }) {
  const { flow, stock, enterprises } = a;
  return (
    <View className="db-figures">
      <Card
        title="企业"
        extra={
          <View className="row">
            <Text className="link db-map" style={{ marginRight: '12px' }} onClick={() => go(pageUrl(MAP_PAGE, { area: a.area, name: a.areaName }))}>
              {'一张图 ›'}
            </Text>
            <Text className="link db-ledger" onClick={() => go(pageUrl(LEDGER_PAGES.list, { area: a.area, name: a.areaName }))}>{'企业台账 ›'}</Text>
          </View>
        }
      >
        <Stat name="enterprises" label="在册" value={enterprises.total} />
        {ENTERPRISE_STATUSES.filter((s) => enterprises.byStatus[s]).map((s) => (
          <Stat key={s} name={`status-${s}`} label={s} value={enterprises.byStatus[s]!} />
        ))}
        {RISK_CLASSES.filter((c) => enterprises.byClass[c]).map((c) => (
          <Stat key={c} name={`class-${c}`} label={`${riskLabel(c)}风险`} value={enterprises.byClass[c]!} />
        ))}
      </Card>
      {Object.keys(enterprises.byIndustry).length ? (
        <View className="db-industries">
          <View className="section-title">企业行业分布</View>
          <Bars
            name="industry"
            rows={INDUSTRIES.filter((i) => enterprises.byIndustry[i])
              .sort((x, y) => enterprises.byIndustry[y]! - enterprises.byIndustry[x]!)
              .map((i) => ({
              key: i,
              label: i,
              value: enterprises.byIndustry[i]!,
              max: Math.max(...Object.values(enterprises.byIndustry).map((n) => n ?? 0)),
              text: String(enterprises.byIndustry[i]),
              colour: '#1677ff',
            }))}
          />
        </View>
      ) : null}
      <Card title="隐患" extra={<Text className="link db-records" onClick={() => records(a.area, a.areaName)}>{'隐患台账 ›'}</Text>}>
        <Stat name="reported" label="上报" value={flow.reported} />
        <Stat name="confirmed" label="确认" value={flow.confirmed} />
        <Stat name="closed" label="整改完成" value={flow.closed} />
        <Stat name="overdue" label="逾期" value={stock.overdue} tone={stock.overdue ? 'bad' : undefined} />
        <Stat name="rate" label="整改率" value={formatPercent(a.rectificationRate)} />
        <Stat name="on_spot" label="现场整改" value={flow.on_spot} />
      </Card>
      <Card title="隐患等级">
        <Stat name="general" label="一般隐患" value={flow.confirmed_general} />
        <Stat name="major" label="重大隐患" value={flow.confirmed_major} tone={flow.confirmed_major ? 'bad' : undefined} />
      </Card>
      <Card title="隐患来源">
        {HAZARD_SOURCES.map((s) => (
          <Stat key={s} name={`source-${s}`} label={HAZARD_SOURCE_LABELS[s]} value={flow[`reported_${s}`]} />
        ))}
      </Card>
      <Card title="检查与承诺">
        <Stat name="checks" label="检查次数" value={flow.checks} />
        <Stat name="check_failed_items" label="不合格项" value={flow.check_failed_items} tone={flow.check_failed_items ? 'bad' : undefined} />
        <Stat name="commitments" label="承诺书签订" value={flow.commitments_signed} />
      </Card>
      <Card title="文书与执法">
        <Stat name="risk_letters" label="风险提醒函" value={flow.risk_letters} />
        <Stat name="supervision_letters" label="工作督办函" value={flow.supervision_letters} />
        <Stat name="enforcement_clues" label="执法线索" value={flow.enforcement_clues} />
        <Stat name="enforced" label="执法处置" value={flow.enforced} />
      </Card>
      <Card title="举报奖励">
        <Stat name="rewards_paid" label="发放笔数" value={flow.rewards_paid} />
        <View className="db-stat db-stat-wide db-stat-reward_fen_paid">
          <Text className="db-stat-value db-money">{formatYuan(flow.reward_fen_paid)}</Text>
          <Text className="db-stat-label">发放金额</Text>
        </View>
        {flow.rewards_reversed ? <Stat name="rewards_reversed" label={`冲正（${formatYuan(flow.reward_fen_reversed)}）`} value={flow.rewards_reversed} tone="bad" /> : null}
      </Card>
      <Card title="当前隐患状态">
        {HAZARD_STATES.map((s) => (
          <Stat key={s} name={`state-${s}`} label={`${HAZARD_STATE_LABELS[s]} ›`} value={stock[`state_${s}`]} onTap={() => records(a.area, a.areaName, s)} />
        ))}
      </Card>
    </View>
  );
}

/** The child areas side by side, in rank order, the first few highlighted; a tap looks inside one. */
function Ranking({ rows }: { rows: Child[] }) {
  return (
    <View className="db-table">
      <View className="db-tr db-th">
        <Text className="db-td-rank">排名</Text>
        <Text className="db-td-name">区域</Text>
        <Text className="db-td-num">上报</Text>
        <Text className="db-td-rate">整改率</Text>
        <Text className="db-td-num">逾期</Text>
        <Text className="db-td-num">检查</Text>
      </View>
      {rows.map((c) => (
        <View
          key={c.area}
          className={`db-tr db-child ${c.rank <= TOP ? `db-top db-top-${c.rank}` : ''}`}
          onClick={() => go(pageUrl(DASHBOARD_PAGES.index, { area: c.area, name: c.areaName }))}
        >
          <Text className="db-td-rank db-rank">{c.rank}</Text>
          <View className="db-td-name">
            <Text className="db-child-name">{c.areaName}</Text>
            <Text
              className="link db-child-records"
              onClick={(e) => {
                e.stopPropagation();
                records(c.area, c.areaName);
              }}
            >
              台账
            </Text>
          </View>
          <Text className="db-td-num db-child-reported">{c.flow.reported}</Text>
          <Text className="db-td-rate db-child-rate" style={{ color: rateColour(c.rectificationRate) }}>
            {formatPercent(c.rectificationRate)}
          </Text>
          <Text className={`db-td-num db-child-overdue ${c.stock.overdue ? 'db-bad' : ''}`}>{c.stock.overdue}</Text>
          <Text className="db-td-num db-child-checks">{c.flow.checks}</Text>
        </View>
      ))}
    </View>
  );
}

/** A horizontal bar chart drawn with Views: each bar's width is its value as a share of the largest. */
function Bars({ name, rows }: { name: string; rows: { key: string; label: string; value: number; text: string; colour: string; max: number }[] }) {
  return (
    <View className={`card db-bars db-bars-${name}`}>
      {rows.map((r) => (
        <View key={r.key} className="db-bar-row">
          <Text className="db-bar-label">{r.label}</Text>
          <View className="db-bar">
            <View className="db-bar-fill" style={{ width: barWidth(r.value, r.max), background: r.colour }} />
          </View>
          <Text className="db-bar-value">{r.text}</Text>
        </View>
      ))}
    </View>
  );
}

function Children({ a }: { a: Area }) {
  const rows = [...a.children].sort((x, y) => x.rank - y.rank || x.areaName.localeCompare(y.areaName));
  if (!rows.length) return <Empty size="small" title="没有下级区域" />;
  const maxReported = Math.max(0, ...rows.map((c) => c.flow.reported));
  const byReported = [...rows].sort((x, y) => y.flow.reported - x.flow.reported);
  return (
    <View>
      <Ranking rows={rows} />
      <View className="section-title">整改率对比</View>
      <Bars
        name="rate"
        rows={rows.map((c) => ({
          key: c.area,
          label: c.areaName,
          value: c.rectificationRate ?? 0,
          max: 1,
          text: formatPercent(c.rectificationRate),
          colour: rateColour(c.rectificationRate),
        }))}
      />
      <View className="section-title">上报数量对比</View>
      <Bars name="reported" rows={byReported.map((c) => ({ key: c.area, label: c.areaName, value: c.flow.reported, max: maxReported, text: String(c.flow.reported), colour: '#1677ff' }))} />
    </View>
  );
}

/**
 * 数据看板 (一张表): an area's figures for 本月, 本季度, 本年 or a range of months — hazards reported,
 * confirmed, closed and overdue with the rectification rate, by source and level; checks,
 * commitment letters, rewards, letters and enforcement; the hazards' states now — then its child
 * areas ranked side by side with bars (tap one to look inside it); each leads to the hazard records.
 */
export default function Dashboard() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  const [area, setArea] = useState(() => queryParam(params.area) || areas[0]?.path || '');
  const [period, setPeriod] = useState<Period>('month');
  const [custom, setCustom] = useState(() => ({ from: thisMonth(), to: thisMonth() }));
  const { from, to } = period === 'custom' ? custom : periodRange(period);
  const invalid = rangeError(from, to);
  const { data, error, reload: load } = useLatest(() => call('dashboard', { query: { ...(area ? { area } : {}), from, to } }), [area, from, to], {
    enabled: !!user,
    blocked: !!invalid,
  });

  if (!user) return <View className="page" />;
  const name = areas.find((a) => a.path === area)?.name || (area === queryParam(params.area) && queryParam(params.name)) || data?.areas[0]?.areaName || area;
  const choosePeriod = (p: Period) => {
    // A custom range starts from what was shown.
    if (p === 'custom' && period !== 'custom') setCustom({ from, to });
    setPeriod(p);
  };

  return (
    <View className="page db-page">
      <Hero title="数据看板" sub={`${name || '我的辖区'} · ${from === to ? from : `${from} 至 ${to}`}`} />
      <View className="db-bulletins-entry">
        <Text className="link db-bulletins" onClick={() => go(pageUrl(DASHBOARD_PAGES.bulletins, { area, name }))}>
          {'月通报 ›'}
        </Text>
        {/* The assessment's readers (listAssessments): supervisors and admins; a gridworker sees their own row. */}
        {role === 'supervisor' || role === 'admin' || role === 'gridworker' ? (
          <Text className="link db-assessment" onClick={() => go(pageUrl(DASHBOARD_PAGES.assessment, { area, name }))}>
            {role === 'gridworker' ? '我的考核 ›' : '网格员考核 ›'}
          </Text>
        ) : null}
      </View>
      {areas.length > 1 && areas.some((a) => a.path === area) ? (
        <View className="db-areas">
          <Choices options={areas.map((a) => ({ value: a.path, label: a.name }))} value={area} onChange={setArea} />
        </View>
      ) : null}
      <View className="db-periods">
        <Choices options={PERIODS} value={period} onChange={choosePeriod} />
      </View>
      {period === 'custom' ? (
        <View className="db-months">
          <MonthPicker name="from" label="起始月份" value={custom.from} onChange={(m) => setCustom((c) => ({ ...c, from: m }))} />
          <Text className="db-months-to">至</Text>
          <MonthPicker name="to" label="截止月份" value={custom.to} onChange={(m) => setCustom((c) => ({ ...c, to: m }))} />
        </View>
      ) : null}
      {invalid ? <View className="field-error db-range-error">{invalid}</View> : null}
      {error ? (
        <View className="db-error">
          <Empty status="error" title="加载失败" description={error} />
          <View className="actions">
            <Button block type="primary" fill="outline" onClick={() => void load()}>
              重试
            </Button>
          </View>
        </View>
      ) : null}
      {!data && !error && !invalid ? <View className="card muted">加载中…</View> : null}
      {data && !invalid && !data.areas.length ? <Empty title="暂无数据" description="没有可以统计的区域" /> : null}
      {data && !invalid
        ? data.areas.map((a, i) => (
            <View key={a.area} className="db-area">
              {data.areas.length > 1 ? <View className="db-area-name">{`${a.rank ? `第${a.rank}名 · ` : ''}${a.areaName}`}</View> : null}
              {a.flow.reported === 0 && a.flow.checks === 0 ? <View className="notice db-quiet">该期间没有上报隐患，也没有检查记录</View> : null}
              <Figures a={a} />
              <View className="section-title">月度趋势</View>
              <TrendChart id={`db-trend-${i}`} trend={a.trend} />
              <View className="section-title">{`下级区域排名（${a.children.length}）`}</View>
              <Children a={a} />
            </View>
          ))
        : null}
      <View className="muted db-note">排名依次按整改率、逾期数（少者在前）、检查次数；未确认隐患的区域排在最后。</View>
    </View>
  );
}
