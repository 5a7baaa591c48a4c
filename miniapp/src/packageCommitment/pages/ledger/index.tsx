import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { INDUSTRIES, type CommitmentLedgerRow } from '@safegrid/shared';
import { call } from '../../../api/client';
import { exportExcel } from '../../../lib/files';
import { areaGrantsOf } from '../../../lib/grants';
import { COMMITMENT_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatTime, today } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { usePages } from '../../../components/usePages';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { colourStyle } from '../../lib';
import '../../commitment.css';

const PAGE_SIZE = 30;
type Industry = (typeof INDUSTRIES)[number];

/**
 * 承诺书台账: the letters signed in an area this year or last (`?area=&name=`, else every area the
 * user follows), one industry or all, paged by the API's cursor; tap one → the signed letter with
 * its 校验 and PDF. 导出Excel sends the same filters.
 */
export default function CommitmentLedger() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  const thisYear = Number(today().slice(0, 4));
  const [area, setArea] = useState(() => queryParam(params.area));
  const [year, setYear] = useState(thisYear);
  const [industry, setIndustry] = useState<Industry | ''>('');
  const [exporting, setExporting] = useState(false);
  /** The filters as the API takes them: the list and the export send the same. */
  const filters = { ...(area ? { area } : {}), year, ...(industry ? { industry } : {}) };
  const pages = usePages<CommitmentLedgerRow>(
    async (cursor) => {
      const res = await call('listCommitments', { query: { ...filters, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE } });
      return { items: res.commitments, cursor: res.cursor };
    },
    [area, year, industry, user?.id],
    !!user,
  );
  if (!user) return <View className="page" />;

  const exportLedger = async () => {
    if (exporting) return;
    setExporting(true);
    await exportExcel(() => call('exportCommitments', { body: filters }), { empty: '没有已签署的承诺书', unit: '份' });
    setExporting(false);
  };
  const name = (area && (areas.find((a) => a.path === area)?.name || queryParam(params.name))) || (areas.length === 1 ? areas[0]!.name : '全部辖区');
  const { items, cursor, loading, error } = pages;

  return (
    <View className="page cm-page">
      <Hero title="承诺书台账" sub={`${name} · ${year}年度已签署`} />
      {areas.length > 1 ? (
        <View className="cm-areas">
          <Choices options={[{ value: '', label: '全部辖区' }, ...areas.map((a) => ({ value: a.path, label: a.name }))]} value={area} onChange={setArea} />
        </View>
      ) : null}
      <View className="cm-areas cm-ledger-years">
        <Choices options={[thisYear, thisYear - 1].map((y) => ({ value: String(y), label: `${y}年度` }))} value={String(year)} onChange={(v) => setYear(Number(v))} />
      </View>
      <View className="cm-areas cm-ledger-industries">
        <Choices options={[{ value: '', label: '全部行业' }, ...INDUSTRIES.map((i) => ({ value: i, label: i }))]} value={industry} onChange={(v) => setIndustry(v as Industry | '')} />
      </View>
      <View className="row cm-ledger-tools">
        <Text className="muted">{items ? `已加载 ${items.length} 份${cursor ? '，上滑加载更多' : ''}` : ''}</Text>
        <Text className={`link cm-export ${exporting ? 'cm-busy' : ''}`} onClick={() => void exportLedger()}>
          {exporting ? '正在导出…' : '导出Excel'}
        </Text>
      </View>
      {error && !items ? <Empty status="error" title="加载失败" description={`${error}（下拉可重试）`} /> : null}
      {!items && !error ? <View className="card muted">加载中…</View> : null}
      {items && items.length === 0 ? <Empty size="small" title="没有已签署的承诺书" /> : null}
      {items?.map((c) => (
        <View
          key={`${c.enterpriseId}-${c.key}`}
          className="cm-card cm-ledger-row"
          style={{ borderLeftColor: colourStyle(c.colour).border }}
          onClick={() => void Taro.navigateTo({ url: pageUrl(COMMITMENT_PAGES.signed, { enterpriseId: c.enterpriseId, key: c.key }) }).catch(() => undefined)}
        >
          <View className="row">
            <Text className="cm-ledger-name">{c.enterpriseName}</Text>
            <Text className="cm-year">{c.industry}</Text>
          </View>
          <View className="card-line">{`${c.title}（${c.colour}色，第 ${c.templateVersion} 版）`}</View>
          <View className="card-line muted">{`${c.signerName} 签署于 ${formatTime(c.signedAt)}${c.areaName ? ` · ${c.areaName}` : ''}${c.hazardCount ? ` · 自查 ${c.hazardCount} 项不符合` : ''}`}</View>
        </View>
      ))}
      {items && items.length > 0 ? (
        <View className="cm-ledger-foot">
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
