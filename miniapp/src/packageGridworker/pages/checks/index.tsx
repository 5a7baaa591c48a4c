import Taro, { useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { CHECK_KINDS, CHECK_KIND_LABELS, CHECK_RESULTS, CHECK_RESULT_LABELS, type CheckKind, type CheckLedgerRow, type ResponseOf } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { exportExcel } from '../../../lib/files';
import { areaGrantsOf } from '../../../lib/grants';
import { CHECK_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatTime, today } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { usePages } from '../../../components/usePages';
import { Hero } from '../../../components/Hero';
import '../../check.css';

const PAGE_SIZE = 30;
type Result = (typeof CHECK_RESULTS)[number];

function Chips<T extends string>({ name, options, value, onChange }: { name: string; options: { value: T | ''; label: string }[]; value: T | ''; onChange: (v: T | '') => void }) {
  return (
    <View className={`ck-chips ck-chips-${name}`}>
      {options.map((o) => (
        <View key={o.value || 'all'} className={`ck-chip ${o.value === value ? 'ck-chip-on' : ''}`} onClick={() => onChange(o.value)}>
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  );
}

/** `?enterpriseId=&name=`: one enterprise's 检查记录 (its owner's); otherwise the area's 检查台账. */
export default function Checks() {
  const enterpriseId = queryParam(useRouter().params.enterpriseId);
  return enterpriseId ? <EnterpriseChecks enterpriseId={enterpriseId} /> : <CheckLedger />;
}

/** 检查记录: every submitted check of one enterprise, newest first; tap one → its record. */
function EnterpriseChecks({ enterpriseId }: { enterpriseId: string }) {
  const { user } = useSession();
  const params = useRouter().params;
  const [checks, setChecks] = useState<ResponseOf<'enterpriseChecks'>['checks']>();
  const [error, setError] = useState('');
  useEffect(() => {
    if (!user) return;
    setError('');
    call('enterpriseChecks', { params: { id: enterpriseId } })
      .then((res) => setChecks(res.checks))
      .catch((e: unknown) => setError(messageOf(e)));
  }, [user, enterpriseId]);
  if (!user) return <View className="page" />;
  return (
    <View className="page ck-page">
      <Hero title="检查记录" sub={queryParam(params.name) || checks?.[0]?.enterpriseName || '本企业'} />
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!checks && !error ? <View className="card muted">加载中…</View> : null}
      {checks && checks.length === 0 ? <Empty size="small" title="暂无检查记录" /> : null}
      {checks?.map((c) => (
        <View key={c.id} className="ck-blind ck-ledger-row" onClick={() => void Taro.navigateTo({ url: pageUrl(CHECK_PAGES.record, { id: c.id }) }).catch(() => undefined)}>
          <View className="ck-owed-head">
            <Text className="ck-owed-name">{`${CHECK_KIND_LABELS[c.kind]} · ${c.templateName}`}</Text>
            <Text className={c.failedCount ? 'ck-never' : 'muted'}>{c.failedCount ? `${c.failedCount} 项不符合` : '全部符合'}</Text>
          </View>
          <View className="card-line muted">{`${formatTime(c.submittedAt)} · ${c.inspectorName}`}</View>
        </View>
      ))}
    </View>
  );
}

/**
 * 检查台账: the site checks of an area in a month (`?area=&name=`, else every area the user follows),
 * by kind and result, paged by the API's cursor; tap one → its record. 导出Excel sends the same filters.
 */
function CheckLedger() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  const [area, setArea] = useState(() => queryParam(params.area));
  const [month, setMonth] = useState(() => today().slice(0, 7));
  const [kind, setKind] = useState<CheckKind | ''>('');
  const [result, setResult] = useState<Result | ''>('');
  const [exporting, setExporting] = useState(false);
  /** The filters as the API takes them: the list and the export send the same. */
  const filters = { ...(area ? { area } : {}), from: month, to: month, ...(kind ? { kind } : {}), ...(result ? { result } : {}) };
  const pages = usePages<CheckLedgerRow>(
    async (cursor) => {
      const res = await call('listChecks', { query: { ...filters, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE } });
      return { items: res.checks, cursor: res.cursor };
    },
    [area, month, kind, result, user?.id],
    !!user,
  );
  if (!user) return <View className="page" />;

  const exportChecks = async () => {
    if (exporting) return;
    setExporting(true);
    await exportExcel(() => call('exportChecks', { body: filters }), { empty: '没有符合条件的检查记录', unit: '条' });
    setExporting(false);
  };
  const name = (area && (areas.find((a) => a.path === area)?.name || queryParam(params.name))) || (areas.length === 1 ? areas[0]!.name : '全部辖区');
  const { items, cursor, loading, error } = pages;

  return (
    <View className="page ck-page">
      <Hero title="检查台账" sub={`${name} · ${month.replace('-', '年')}月`} />
      {areas.length > 1 ? <Chips name="area" options={[{ value: '', label: '全部辖区' }, ...areas.map((a) => ({ value: a.path, label: a.name }))]} value={area} onChange={setArea} /> : null}
      <View className="row ck-ledger-tools">
        <Picker className="ck-month" mode="date" fields="month" value={month} onChange={(e) => setMonth(String(e.detail.value).slice(0, 7))}>
          <Text className="link">{`${month} ▾`}</Text>
        </Picker>
        <Text className={`link ck-export ${exporting ? 'ck-busy' : ''}`} onClick={() => void exportChecks()}>
          {exporting ? '正在导出…' : '导出Excel'}
        </Text>
      </View>
      <Chips name="kind" options={[{ value: '', label: '全部类型' }, ...CHECK_KINDS.map((k) => ({ value: k, label: CHECK_KIND_LABELS[k] }))]} value={kind} onChange={setKind} />
      <Chips name="result" options={[{ value: '', label: '全部结果' }, ...CHECK_RESULTS.map((r) => ({ value: r, label: CHECK_RESULT_LABELS[r] }))]} value={result} onChange={setResult} />
      {error && !items ? <Empty status="error" title="加载失败" description={`${error}（下拉可重试）`} /> : null}
      {!items && !error ? <View className="card muted">加载中…</View> : null}
      {items && items.length === 0 ? <Empty size="small" title="没有符合条件的检查记录" /> : null}
      {items?.map((c) => (
        <View key={c.id} className="ck-blind ck-ledger-row" onClick={() => void Taro.navigateTo({ url: pageUrl(CHECK_PAGES.record, { id: c.id }) }).catch(() => undefined)}>
          <View className="ck-owed-head">
            <Text className="ck-owed-name">{c.enterpriseName}</Text>
            <Text className={c.failedCount ? 'ck-never' : 'muted'}>{c.failedCount ? `${c.failedCount} 项不符合` : '全部符合'}</Text>
          </View>
          <View className="card-line">{`${c.kindLabel} · ${c.templateName}`}</View>
          <View className="card-line muted">{`${formatTime(c.submittedAt)} · ${c.inspectorName}${c.areaName ? ` · ${c.areaName}` : ''}`}</View>
        </View>
      ))}
      {items && items.length > 0 ? (
        <View className="ck-ledger-foot">
          {loading ? <Text className="muted">加载中…</Text> : null}
          {!loading && error ? <Text className="link" onClick={() => void pages.load(cursor)}>{`${error}，点此重试`}</Text> : null}
          {!loading && !error && cursor ? (
            <Text className="link" onClick={() => void pages.load(cursor)}>
              加载更多
            </Text>
          ) : null}
          {!loading && !error && !cursor ? <Text className="muted">已全部加载</Text> : null}
        </View>
      ) : null}
    </View>
  );
}
