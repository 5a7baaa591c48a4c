import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { type AssessmentRow, type GridworkerLevel, formatRatio } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { Choices } from '../../../components/Field';
import { Hero } from '../../../components/Hero';
import { useSession } from '../../../components/useSession';
import { useLatest } from '../../../components/useLatest';
import { areaGrantsOf, districtGrantOf } from '../../../lib/grants';
import { gridworkerLevelLabel } from '../../../lib/labels';
import { DASHBOARD_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { PERIODS, periodRange, type Period } from '../../lib';
import '../../dashboard.css';
import '../../assessment.css';

type Preset = Exclude<Period, 'custom'>;
const PRESETS = PERIODS.filter((p): p is { value: Preset; label: string } => p.value !== 'custom');
const LEVEL_NAMES = ['一', '二', '三'];
const short = (level?: number) => (level ? `${LEVEL_NAMES[level - 1]}级` : '未定级');

function Metric({ name, label, value, bad }: { name: string; label: string; value: string | number; bad?: boolean }) {
  return (
    <View className={`db-stat as-metric as-metric-${name}`}>
      <Text className={`db-stat-value ${bad ? 'db-bad' : ''}`}>{String(value)}</Text>
      <Text className="db-stat-label">{label}</Text>
    </View>
  );
}

function Row({ r, rank, onSet }: { r: AssessmentRow; rank: number; onSet?: (level: GridworkerLevel) => void }) {
  const m = r.metrics;
  const differs = r.level !== r.suggestedLevel;
  return (
    <View className={`card as-row as-row-${r.userId}`}>
      <View className="row as-row-head">
        <Text className="as-rank">{rank}</Text>
        <View className="as-who">
          <Text className="as-name">{r.name}</Text>
          <Text className="muted as-grids">{r.microgrids.map((g) => g.name).join('、') || '—'}</Text>
        </View>
        <Text className="as-score">{r.score}</Text>
      </View>
      <View className="db-stats as-metrics">
        <Metric name="visits" label="走访次数" value={m.visits} />
        <Metric name="coverage" label={`覆盖 ${m.covered}/${m.enterprises}`} value={formatRatio(m.covered, m.enterprises)} />
        <Metric name="hazards" label="发现隐患" value={m.hazardsFound} />
        <Metric name="rechecks" label="复查及时" value={`${m.rechecksOnTime}/${m.rechecks}`} bad={m.rechecksOnTime < m.rechecks} />
        <Metric name="overdue" label="逾期隐患" value={m.overdue} bad={m.overdue > 0} />
        <Metric name="updates" label="档案更新" value={m.fileUpdates} />
      </View>
      <View className="row as-levels">
        <Text className="as-level">{`当前：${short(r.level)}`}</Text>
        <Text className={`as-suggested ${differs ? 'as-differs' : ''}`}>{`建议：${short(r.suggestedLevel)}`}</Text>
        {onSet && differs ? (
          <Button size="small" type="primary" className="as-set" onClick={() => onSet(r.suggestedLevel)}>
            {`设为${short(r.suggestedLevel)}`}
          </Button>
        ) : null}
      </View>
    </View>
  );
}

/**
 * 网格员考核 (supervisor, admin; a gridworker sees their own row): for 本月, 本季度 or 本年, each
 * gridworker of the area by score — visits, coverage of their enterprises, hazards found, rechecks
 * on time, overdue hazards in their grids, file updates — their level now and the level the score
 * suggests, with 设为N级 (after a confirmation); then the guarantee leaders against the district's
 * checks a month. District keepers reach the weights from here.
 */
export default function AssessmentPage() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  const [area, setArea] = useState(() => queryParam(params.area) || areas[0]?.path || '');
  const [period, setPeriod] = useState<Preset>('month');
  const { from, to } = periodRange(period);
  const keeper = role === 'supervisor' || role === 'admin';
  const { data, error, reload: load } = useLatest(() => call('listAssessments', { query: { area, from, to } }), [area, from, to], {
    enabled: !!user,
    blocked: !area && '您没有可以考核的区域',
  });

  if (!user) return <View className="page" />;
  const name = areas.find((a) => a.path === area)?.name || queryParam(params.name) || data?.areaName || area;

  const setLevel = async (r: AssessmentRow, level: GridworkerLevel) => {
    const { confirm } = await Taro.showModal({ title: '调整网格员级别', content: `将${r.name}由${short(r.level)}调整为${short(level)}（${gridworkerLevelLabel(level)}）？` });
    if (!confirm) return;
    try {
      await call('setGridworkerLevel', { params: { id: r.userId }, body: { level } });
      void Taro.showToast({ title: '已调整', icon: 'success' }).catch(() => undefined);
      await load();
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none' }).catch(() => undefined);
    }
  };

  return (
    <View className="page db-page as-page">
      <Hero title="网格员考核" sub={`${name || '我的辖区'} · ${from === to ? from : `${from} 至 ${to}`}`} />
      {areas.length > 1 && areas.some((a) => a.path === area) ? (
        <View className="db-areas">
          <Choices options={areas.map((a) => ({ value: a.path, label: a.name }))} value={area} onChange={setArea} />
        </View>
      ) : null}
      <View className="db-periods">
        <Choices options={PRESETS} value={period} onChange={setPeriod} />
      </View>
      {error ? (
        <View className="db-error">
          <Empty status="error" title="加载失败" description={error} />
          {area ? (
            <View className="actions">
              <Button block type="primary" fill="outline" onClick={() => void load()}>
                重试
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      {!data && !error ? <View className="card muted">加载中…</View> : null}
      {data ? (
        <View>
          <View className="section-title">{`网格员（${data.gridworkers.length}）`}</View>
          {data.gridworkers.length ? null : <Empty size="small" title="该区域没有网格员" />}
          {data.gridworkers.map((r, i) => (
            <Row key={r.userId} r={r} rank={i + 1} onSet={keeper ? (level) => void setLevel(r, level) : undefined} />
          ))}
          <View className="muted as-note">{`得分按${data.weights.level1From}分以上建议一级、${data.weights.level2From}分以上建议二级，其余建议三级；复查及时指整改材料提交后${data.weights.recheckWithinDays}天内复查；覆盖与逾期按当前统计。`}</View>
          {keeper ? (
            <View>
              <View className="section-title">{`包保责任人（${data.guaranteeLeaders.length}）`}</View>
              {data.guaranteeLeaders.length ? (
                <View className="db-table as-guarantee">
                  <View className="db-tr db-th">
                    <Text className="db-td-name">包保责任人</Text>
                    <Text className="db-td-num">企业</Text>
                    <Text className="db-td-rate">已查/应查</Text>
                    <Text className="db-td-num">欠查</Text>
                  </View>
                  {data.guaranteeLeaders.map((g) => (
                    <View key={g.userId} className={`db-tr as-leader as-leader-${g.userId}`}>
                      <Text className="db-td-name">{g.name}</Text>
                      <Text className="db-td-num">{g.enterprises}</Text>
                      <Text className="db-td-rate">{`${g.checksDone}/${g.checksOwed}`}</Text>
                      <Text className={`db-td-num ${g.shortfall ? 'db-bad' : ''}`}>{g.shortfall}</Text>
                    </View>
                  ))}
                </View>
              ) : (
                <Empty size="small" title="该区域没有包保企业" />
              )}
              {districtGrantOf(user, role) ? (
                <View className="link as-weights" onClick={() => void Taro.navigateTo({ url: pageUrl(DASHBOARD_PAGES.weights, {}) }).catch(() => undefined)}>
                  {'考核权重 ›'}
                </View>
              ) : null}
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
