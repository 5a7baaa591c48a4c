import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useMemo, useState, type ComponentType } from 'react';
import { INDUSTRIES, RISK_CLASSES, SPECIAL_TAGS, type Industry, type MapPoint, type RiskClass, type Role, type SpecialTag } from '@safegrid/shared';
import { call } from '../../../api/client';
import { HAZARD_PAGES, LEDGER_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { areaGrantsOf } from '../../../lib/grants';
import { useSession } from '../../../components/useSession';
import { useLatest } from '../../../components/useLatest';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { areaShapes, classesOf } from '../../lib';
import { RISK_BACKGROUNDS, riskLabel } from '../../../lib/labels';
import type { MapViewProps } from '../../components/types';
import '../../map.css';


/**
 * One renderer per build, chosen when the bundle is made: WeChat's map in weapp, the offline box in
 * H5 (webpack drops the other branch's require, so neither bundle carries the other renderer).
 */
const MapView: ComponentType<MapViewProps> =
  process.env.TARO_ENV === 'h5' ? require('../../components/H5Map').H5Map : require('../../components/WeappMap').WeappMap;

/** Who may open an enterprise's hazard list (listHazards' roles). */
const HAZARD_LIST_ROLES: readonly Role[] = ['gridworker', 'supervisor', 'department', 'enforcement'];

const ALL = '' as const;
const options = <T extends string>(values: readonly T[], label: (v: T) => string = (v) => v) => [{ value: ALL as T | typeof ALL, label: '全部' }, ...values.map((v) => ({ value: v as T | typeof ALL, label: label(v) }))];
const go = (url: string) => void Taro.navigateTo({ url }).catch(() => undefined);

function Card({ p, hazards, onClose }: { p: MapPoint; hazards: boolean; onClose: () => void }) {
  return (
    <View className="card mp-card">
      <View className="row mp-card-head">
        <View className="mp-dot" style={{ background: RISK_BACKGROUNDS[p.riskClass] }} />
        <Text className="mp-card-name">{p.name}</Text>
        <Text className="link mp-card-close" onClick={onClose}>
          关闭
        </Text>
      </View>
      <View className="mp-card-facts">
        <Text className="mp-card-class">{`风险等级：${riskLabel(p.riskClass)}`}</Text>
        <Text className="mp-card-industry">{`行业：${p.industry}`}</Text>
      </View>
      <View className="mp-card-facts">
        <Text className="mp-card-open">{`未整改隐患：${p.openHazards} 处`}</Text>
        <Text className={`mp-card-overdue ${p.overdueHazards ? 'mp-bad' : ''}`}>{`逾期：${p.overdueHazards} 处`}</Text>
      </View>
      <View className="mp-card-links">
        <Text className="link mp-card-ledger" onClick={() => go(pageUrl(LEDGER_PAGES.detail, { id: p.id }))}>
          {'企业档案 ›'}
        </Text>
        {hazards ? (
          <Text className="link mp-card-hazards" onClick={() => go(pageUrl(HAZARD_PAGES.list, { enterpriseId: p.id, name: p.name }))}>
            {'企业隐患 ›'}
          </Text>
        ) : null}
      </View>
    </View>
  );
}

/**
 * 一张图: the businesses of an area on a map, coloured by risk class, with their open and overdue
 * hazards; filtered by industry, class and tag; clustered when zoomed out (a tap on a bubble zooms
 * in); a tap on a business opens its card with links to its file and its hazards. `?area=&name=`
 * (default: the user's first area).
 */
export default function MapPage() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  const [area, setArea] = useState(() => queryParam(params.area) || areas[0]?.path || '');
  const [industry, setIndustry] = useState<Industry | typeof ALL>(ALL);
  const [riskClass, setRiskClass] = useState<RiskClass | typeof ALL>(ALL);
  const [tag, setTag] = useState<SpecialTag | typeof ALL>(ALL);
  const [picked, setPicked] = useState<MapPoint>();
  // The classes this district uses (A–D or the colours), learnt from what came back.
  const [seen, setSeen] = useState<ReadonlySet<RiskClass>>(new Set());
  const { data, error, reload: load } = useLatest(
    () => call('mapPoints', { query: { ...(area ? { area } : {}), ...(industry ? { industry } : {}), ...(riskClass ? { riskClass } : {}), ...(tag ? { tag } : {}) } }),
    [area, industry, riskClass, tag],
    {
      enabled: !!user,
      keep: true,
      onData: (res) => {
        setPicked((p) => (p ? res.points.find((x) => x.id === p.id) : undefined));
        setSeen((s) => (res.points.every((p) => s.has(p.riskClass)) ? s : new Set([...s, ...res.points.map((p) => p.riskClass)])));
      },
    },
  );

  // The boundaries of the area and the areas under it: WeChat draws them over its map, the H5 box as its base map.
  const shapes = useMemo(() => areaShapes(data?.areas ?? [], data?.area), [data?.areas, data?.area]);

  if (!user) return <View className="page" />;
  const name = areas.find((a) => a.path === area)?.name || (area === queryParam(params.area) && queryParam(params.name)) || data?.area || area;
  const open = data?.points.reduce((n, p) => n + p.openHazards, 0) ?? 0;
  const overdue = data?.points.reduce((n, p) => n + p.overdueHazards, 0) ?? 0;
  const classes = seen.size ? classesOf(seen) : [...RISK_CLASSES];

  return (
    <View className="page mp-page">
      <Hero title="一张图" sub={`${name || '我的辖区'} · 企业风险分布与隐患`} />
      {areas.length > 1 && areas.some((a) => a.path === area) ? (
        <View className="mp-filter mp-areas">
          <Choices options={areas.map((a) => ({ value: a.path, label: a.name }))} value={area} onChange={setArea} />
        </View>
      ) : null}
      <View className="mp-filter mp-filter-class">
        <Text className="mp-filter-label">风险等级</Text>
        <Choices options={options(classes, riskLabel)} value={riskClass} onChange={setRiskClass} />
      </View>
      <View className="mp-filter mp-filter-industry">
        <Text className="mp-filter-label">行业</Text>
        <Choices options={options(INDUSTRIES)} value={industry} onChange={setIndustry} />
      </View>
      <View className="mp-filter mp-filter-tag">
        <Text className="mp-filter-label">标签</Text>
        <Choices options={options(SPECIAL_TAGS)} value={tag} onChange={setTag} />
      </View>
      {error ? (
        <View className="mp-error">
          <Empty status="error" title="加载失败" description={error} />
          <View className="actions">
            <Button block type="primary" fill="outline" onClick={() => void load()}>
              重试
            </Button>
          </View>
        </View>
      ) : null}
      {!data && !error ? <View className="card muted">加载中…</View> : null}
      {data ? (
        <View className="muted mp-summary">{`共 ${data.total} 家企业，未整改隐患 ${open} 处${overdue ? `，逾期 ${overdue} 处` : ''}`}</View>
      ) : null}
      {data && !data.total ? <Empty title="没有符合条件的企业" description="换个筛选条件试试" /> : null}
      {data && data.total ? <MapView points={data.points} bounds={data.bounds} selected={picked?.id} onPick={setPicked} shapes={shapes} /> : null}
      {picked ? <Card p={picked} hazards={!!role && HAZARD_LIST_ROLES.includes(role)} onClose={() => setPicked(undefined)} /> : null}
    </View>
  );
}
