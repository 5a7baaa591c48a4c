import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { SearchBar } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { HAZARD_STATE_LABELS, HAZARD_STATES, type HazardState } from '@safegrid/shared';
import { call } from '../../../api/client';
import { exportExcel } from '../../../lib/files';
import { queryParam } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { HazardPages } from '../../components/HazardCard';
import { useHazardPages } from '../../lib';
import '../../hazard.css';

const PAGE_SIZE = 30;
const STATE_OPTIONS: { value: HazardState | ''; label: string }[] = [{ value: '', label: '全部' }, ...HAZARD_STATES.map((s) => ({ value: s, label: HAZARD_STATE_LABELS[s] }))];
const isState = (s: string): s is HazardState => (HAZARD_STATES as readonly string[]).includes(s);

/**
 * 隐患台账 / 网格隐患 / 企业隐患: the hazards of an area (`?area=&name=`, else the user's first area), or
 * of one enterprise (`?enterpriseId=&name=`, from the map's card or the owner's home), newest first,
 * filtered by state (`?state=`) and a keyword (description or enterprise name), 加载更多 by the API's
 * cursor; 导出Excel sends the same filters for the whole list as a workbook.
 */
export default function HazardList() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const grants = user ? user.grants.filter((g) => g.role === role && g.area) : [];
  const [area, setArea] = useState(() => queryParam(params.area) || grants[0]?.area || '');
  const [state, setState] = useState<HazardState | ''>(() => (isState(params.state ?? '') ? (params.state as HazardState) : ''));
  const enterpriseId = queryParam(params.enterpriseId);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [exporting, setExporting] = useState(false);
  /** The filters as the API takes them: the list and the export send the same. */
  const filters = { ...(enterpriseId ? { enterpriseId } : area ? { area } : {}), ...(state ? { state } : {}), ...(q ? { q } : {}) };
  const pages = useHazardPages(
    (cursor) =>
      call('listHazards', {
        query: { ...filters, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE },
      }),
    [area, state, q, user?.id],
    !!user,
  );
  if (!user) return <View className="page" />;
  const exportHazards = async () => {
    if (exporting) return;
    setExporting(true);
    await exportExcel(() => call('exportHazards', { body: { ...filters } }), { empty: '没有符合条件的隐患', unit: '条' });
    setExporting(false);
  };
  const name = (enterpriseId && queryParam(params.name)) || (area === queryParam(params.area) && queryParam(params.name)) || grants.find((g) => g.area === area)?.areaName || area || '全部辖区';

  return (
    <View className="page hz-page">
      <Hero title={enterpriseId && role === 'enterprise_owner' ? '企业隐患' : role === 'gridworker' ? '网格隐患' : '隐患台账'} sub={`${name}（下拉刷新）`} />
      <SearchBar
        className="hz-search"
        placeholder={enterpriseId ? '隐患描述关键词' : '企业名称或隐患描述关键词'}
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
      {grants.length > 1 && !enterpriseId ? (
        <View className="hz-filter">
          {grants.map((g) => (
            <View key={g.area} className={`hz-chip ${g.area === area ? 'hz-chip-on' : ''}`} onClick={() => setArea(g.area!)}>
              <Text>{g.areaName ?? g.area}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <View className="hz-filter hz-state-filter">
        {STATE_OPTIONS.map((o) => (
          <View key={o.value || 'all'} className={`hz-chip ${o.value === state ? 'hz-chip-on' : ''}`} onClick={() => setState(o.value)}>
            <Text>{o.label}</Text>
          </View>
        ))}
      </View>
      <View className="row hz-count">
        <Text className="muted">{pages.items ? `已加载 ${pages.items.length} 条${pages.cursor ? '，还有更多' : ''}` : ''}</Text>
        <Text className={`link hz-export ${exporting ? 'hz-busy' : ''}`} onClick={() => void exportHazards()}>
          {exporting ? '正在导出…' : '导出Excel'}
        </Text>
      </View>
      <HazardPages {...pages} onMore={() => void pages.load(pages.cursor)} empty="没有符合条件的隐患" />
    </View>
  );
}
