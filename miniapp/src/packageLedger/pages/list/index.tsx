import Taro, { useRouter } from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { Empty, SearchBar } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import { ENTERPRISE_STATUSES, INDUSTRIES, RISK_CLASSES, SPECIAL_TAGS, type EnterpriseSummary } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { LEDGER_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { H5Back } from '../../../components/H5Back';
import { useSession } from '../../../components/useSession';
import { Choices } from '../../../components/Field';
import { RiskTag } from '../../components/RiskTag';
import { exportExcel } from '../../../lib/files';
import { riskLabel } from '../../../lib/labels';
import { areaGrants, CREATORS, IMPORTERS, type Industry, type RiskClass, type Status, type Tag } from '../../lib';
import '../../ledger.css';

const PAGE_SIZE = 50;

interface Filters {
  area: string;
  industry: Industry | '';
  riskClass: RiskClass | '';
  tag: Tag | '';
  status: Status | '';
  due: boolean;
}
type Menu = 'area' | 'industry' | 'riskClass' | 'tag' | 'status';

const all = <T extends string>(values: readonly T[], text: (v: T) => string = (v) => v) => [
  { value: '' as const, label: '全部' },
  ...values.map((value) => ({ value, label: text(value) })),
];
const MENUS: Record<Exclude<Menu, 'area'>, { title: string; options: { value: string; label: string }[] }> = {
  industry: { title: '行业', options: all(INDUSTRIES) },
  riskClass: { title: '风险等级', options: all(RISK_CLASSES, riskLabel) },
  tag: { title: '特殊标签', options: all(SPECIAL_TAGS) },
  status: { title: '经营状态', options: all(ENTERPRISE_STATUSES) },
};

function Row({ e }: { e: EnterpriseSummary }) {
  return (
    <View className="ledger-row" onClick={() => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.detail, { id: e.id }) })}>
      <View className="row">
        <Text className="ledger-row-name">{e.name}</Text>
        <RiskTag risk={e.riskClass} />
      </View>
      <View className="ledger-row-code">{e.uscc ?? '无统一社会信用代码'}</View>
      <View className="row ledger-row-meta">
        <Text>{`${e.industry} · ${e.status}`}</Text>
        {e.updateDue ? <Text className="due-badge">待更新</Text> : null}
      </View>
    </View>
  );
}

/**
 * 企业台账: the files of an area, searched and filtered, paged by the API's cursor into a list that
 * asks for the next page as it nears its end. A plain ScrollView: NutUI's VirtualList measured the
 * window with a Taro API the H5 development build lacks, and crashed there.
 */
export default function LedgerList() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const grants = user ? areaGrants(user, role) : [];
  const leader = queryParam(params.guaranteeLeaderId);
  const [filters, setFilters] = useState<Filters>(() => ({
    area: queryParam(params.area) || (leader ? '' : (grants[0]?.area ?? '')),
    industry: '',
    riskClass: '',
    tag: '',
    status: '',
    due: params.due === 'true',
  }));
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [items, setItems] = useState<EnterpriseSummary[]>();
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [menu, setMenu] = useState<Menu | ''>('');
  const [exporting, setExporting] = useState(false);
  const busy = useRef(false);
  const generation = useRef(0);

  const named = queryParam(params.name);
  const areaName = (filters.area === queryParam(params.area) && named) || grants.find((g) => g.area === filters.area)?.areaName || filters.area;
  const title = leader ? '我包保的企业' : `${areaName || '全部辖区'}`;

  const load = async (more?: string) => {
    if (more && busy.current) return;
    const mine = more ? generation.current : ++generation.current;
    busy.current = true;
    setLoading(true);
    setError('');
    try {
      const res = await call('listEnterprises', {
        query: { ...filterQuery(), cursor: more, limit: PAGE_SIZE },
      });
      if (mine !== generation.current) return;
      setItems((prev) => (more ? [...(prev ?? []), ...res.enterprises] : res.enterprises));
      setCursor(res.cursor);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    } finally {
      if (mine === generation.current) {
        busy.current = false;
        setLoading(false);
      }
    }
  };

  /** The filters as the API takes them, empty ones left out (the list and the export send the same). */
  const filterQuery = () => {
    const all = {
      area: filters.area,
      q,
      industry: filters.industry,
      riskClass: filters.riskClass,
      tag: filters.tag,
      status: filters.status,
      guaranteeLeaderId: leader,
      due: filters.due ? ('true' as const) : undefined,
    };
    return Object.fromEntries(Object.entries(all).filter(([, v]) => v)) as Partial<{ [K in keyof typeof all]: Exclude<(typeof all)[K], ''> }>;
  };

  const exportLedger = async () => {
    if (exporting) return;
    setExporting(true);
    await exportExcel(() => call('exportEnterprises', { body: filterQuery() }), { empty: '没有符合条件的企业', unit: '家' });
    setExporting(false);
  };

  useEffect(() => {
    if (!user) return;
    setItems(undefined);
    setCursor(undefined);
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters, q]);

  if (!user) return <View className="page" />;
  const listKey = `${JSON.stringify(filters)}|${q}`;

  const choose = (key: Menu, value: string) => {
    setMenu('');
    setFilters((f) => ({ ...f, [key]: value }));
  };
  const menuLabel = (key: Exclude<Menu, 'area'>) => {
    const v = filters[key];
    return v ? (key === 'riskClass' ? riskLabel(v as RiskClass) : v) : MENUS[key].title;
  };
  const menuItem = (key: Menu, text: string) => (
    <View key={key} className={`filter-item ${menu === key ? 'filter-open' : ''} ${key !== 'area' && filters[key] ? 'filter-on' : ''}`} onClick={() => setMenu(menu === key ? '' : key)}>
      <Text>{`${text} ▾`}</Text>
    </View>
  );
  const menuOptions =
    menu === 'area'
      ? grants.map((g) => ({ value: g.area!, label: g.areaName ?? g.area! }))
      : menu
        ? MENUS[menu].options
        : [];

  return (
    <View className="ledger-page">
      <H5Back bar />
      <View className="ledger-head">
        <SearchBar
          className="ledger-search"
          placeholder="企业名称或信用代码开头"
          value={typed}
          inputProps={{ name: 'q' }}
          onChange={(v: string | undefined, e?: unknown) => setTyped(v ?? (e as { target?: { value?: string } } | undefined)?.target?.value ?? '')}
          onSearch={(v: string) => setQ(v.trim())}
          onClear={() => {
            setTyped('');
            setQ('');
          }}
          right={
            <Text className="search-go" onClick={() => setQ(typed.trim())}>
              搜索
            </Text>
          }
        />
        <View className="filter-bar">
          {grants.length > 1 && !leader ? menuItem('area', areaName || '区域') : null}
          {menuItem('industry', menuLabel('industry'))}
          {menuItem('riskClass', menuLabel('riskClass'))}
          {menuItem('tag', menuLabel('tag'))}
          {menuItem('status', menuLabel('status'))}
          <View className={`filter-item ${filters.due ? 'filter-on' : ''}`} onClick={() => setFilters((f) => ({ ...f, due: !f.due }))}>
            <Text>{filters.due ? '✓ 待月度更新' : '待月度更新'}</Text>
          </View>
        </View>
        <View className="row ledger-summary">
          <Text className="ledger-title">{title}</Text>
          <Text className="muted">{items ? `已加载 ${items.length} 家${cursor ? '，上滑加载更多' : ''}` : ''}</Text>
          {role && CREATORS.includes(role) ? (
            <Text className="link" onClick={() => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.create, { area: filters.area }) })}>
              + 新增企业
            </Text>
          ) : null}
        </View>
        <View className="row ledger-tools">
          {role && IMPORTERS.includes(role) ? (
            <Text className="link" onClick={() => void Taro.navigateTo({ url: LEDGER_PAGES.import })}>
              导入普查台账
            </Text>
          ) : (
            <Text />
          )}
          <Text className={`link ${exporting ? 'link-busy' : ''}`} onClick={() => void exportLedger()}>
            {exporting ? '正在导出…' : '导出 Excel'}
          </Text>
        </View>
        {menu ? (
          <View className="filter-panel">
            <View className="section-title">{menu === 'area' ? '区域' : MENUS[menu].title}</View>
            <Choices options={menuOptions} value={filters[menu]} onChange={(v) => choose(menu, v)} />
          </View>
        ) : null}
      </View>
      <View id="ledger-body" className="ledger-body">
        {menu ? <View className="filter-mask" onClick={() => setMenu('')} /> : null}
        {error && !items ? <Empty status="error" title="加载失败" description={error} /> : null}
        {items && items.length === 0 ? <Empty size="small" title="没有符合条件的企业" /> : null}
        {items && items.length > 0 ? (
          <ScrollView
            key={listKey}
            className="ledger-list"
            scrollY
            lowerThreshold={400}
            onScrollToLower={() => {
              if (cursor && !busy.current) void load(cursor);
            }}
          >
            {items.map((e) => (
              <Row key={e.id} e={e} />
            ))}
          </ScrollView>
        ) : null}
      </View>
      <View className="ledger-foot">
        {loading ? <Text className="muted">加载中…</Text> : null}
        {!loading && error && items ? (
          <Text className="link" onClick={() => void load(cursor)}>{`${error}，点此重试`}</Text>
        ) : null}
        {!loading && !error && cursor ? (
          <Text className="link load-more" onClick={() => void load(cursor)}>
            加载更多
          </Text>
        ) : null}
        {!loading && !error && items && items.length > 0 && !cursor ? <Text className="muted">已全部加载</Text> : null}
      </View>
    </View>
  );
}
