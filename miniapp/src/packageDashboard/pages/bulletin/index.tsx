import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { type ResponseOf, bulletinFigureRows, bulletinTitle, formatPercent } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { errorText, openDocument } from '../../../lib/files';
import { HAZARD_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Kv } from '../../../components/Kv';
import '../../dashboard.css';

type Data = ResponseOf<'getBulletin'>;
type Bulletin = Data['bulletin'];

/** The same rows, in the same words and figures, as the bulletin's PDF and sheet. */
function Figures({ b }: { b: Bulletin }) {
  return (
    <View className="card bl-figures">
      {bulletinFigureRows(b.figures).map(([k, v]) => (
        <Kv key={k} k={k} v={String(v)} />
      ))}
    </View>
  );
}

function Ranking({ b }: { b: Bulletin }) {
  const rows = [...b.figures.children].sort((x, y) => x.rank - y.rank);
  if (!rows.length) return <View className="card muted">无下级区域</View>;
  return (
    <View className="db-table bl-ranking">
      <View className="db-tr db-th">
        <Text className="db-td-rank">排名</Text>
        <Text className="db-td-name">区域</Text>
        <Text className="db-td-num">上报</Text>
        <Text className="db-td-rate">整改率</Text>
        <Text className="db-td-num">逾期</Text>
      </View>
      {rows.map((c) => (
        <View key={c.area} className="db-tr bl-rank-row">
          <Text className="db-td-rank">{c.rank}</Text>
          <Text className="db-td-name">{c.areaName}</Text>
          <Text className="db-td-num">{c.flow.reported}</Text>
          <Text className="db-td-rate">{formatPercent(c.rectificationRate)}</Text>
          <Text className={`db-td-num ${c.stock.overdue ? 'db-bad' : ''}`}>{c.stock.overdue}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * One 月通报: the figures, the child areas ranked, the overdue hazards, the enterprises named for
 * refusing to rectify. Its area's supervisors publish a draft (after a confirm); anyone who reads
 * it opens the PDF or the .xlsx.
 */
export default function BulletinPage() {
  const { user } = useSession();
  const id = queryParam(useRouter().params.id);
  const [data, setData] = useState<Data>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<'publish' | 'pdf' | 'xlsx'>();
  const [actionError, setActionError] = useState('');

  const load = async () => {
    setError('');
    try {
      setData(await call('getBulletin', { params: { id } }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user && id) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, Boolean(user)]);

  if (!user) return <View className="page" />;
  if (error)
    return (
      <View className="page">
        <Empty status="error" title="加载失败" description={error} />
      </View>
    );
  if (!data) return <View className="page card muted">加载中…</View>;
  const b = data.bulletin;

  const publish = async () => {
    if (busy) return;
    const { confirm } = await Taro.showModal({
      title: '发布月通报',
      content: `发布后，${b.areaName}下属各级人员均可查看，且不能再修改或重新生成。确定发布吗？`,
      confirmText: '发布',
    }).catch(() => ({ confirm: false }));
    if (!confirm) return;
    setBusy('publish');
    setActionError('');
    try {
      setData(await call('publishBulletin', { params: { id } }));
      void Taro.showToast({ title: '已发布', icon: 'success' }).catch(() => undefined);
    } catch (e) {
      setActionError(messageOf(e));
    } finally {
      setBusy(undefined);
    }
  };
  const download = async (kind: 'pdf' | 'xlsx') => {
    if (busy) return;
    setBusy(kind);
    setActionError('');
    try {
      const { pdfUrl, xlsxUrl } = await call('bulletinFiles', { params: { id } });
      await openDocument(kind === 'pdf' ? pdfUrl : xlsxUrl, kind);
    } catch (e) {
      setActionError(errorText(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <View className="page bl-page">
      <Hero title={bulletinTitle(b.areaName, b.month)} sub={`${b.stateLabel} · 第 ${b.version} 版 · ${b.generatedByName} ${formatTime(b.generatedAt)} 生成`} />
      {b.state === 'published' ? <View className="notice bl-published">{`${b.publishedByName ?? ''} ${b.publishedAt ? formatTime(b.publishedAt) : ''} 已发布`}</View> : null}
      <View className="section-title">一、总体情况</View>
      <Figures b={b} />
      <View className="section-title">二、下级区域排名</View>
      <Ranking b={b} />
      <View className="section-title">{`三、逾期未整改隐患（${b.overdueTotal}）`}</View>
      {b.overdue.length ? (
        b.overdue.map((o) => (
          <View key={o.hazardId} className="card bl-overdue" onClick={() => void Taro.navigateTo({ url: pageUrl(HAZARD_PAGES.detail, { id: o.hazardId }) }).catch(() => undefined)}>
            <View className="row">
              <Text className="bl-enterprise">{o.enterpriseName}</Text>
              <Text className="db-bad">{`逾期 ${o.daysOverdue} 天`}</Text>
            </View>
            <View className="muted">{`${o.areaName}${o.level ? ` · ${o.level}隐患` : ''} · 期限 ${o.deadline}`}</View>
            {o.latestLetter ? <View className="muted">{`${o.latestLetter.kindLabel} ${o.latestLetter.number}`}</View> : null}
          </View>
        ))
      ) : (
        <View className="card muted">本月无逾期未整改隐患</View>
      )}
      <View className="section-title">{`四、拒不整改企业（${b.refused.length}）`}</View>
      {b.refused.length ? (
        b.refused.map((r) => (
          <View key={r.enterpriseId} className="card bl-refused">
            <Text className="bl-enterprise">{r.enterpriseName}</Text>
            <View className="muted">{r.areaName}</View>
            {r.happened.map((h, i) => (
              <View key={i} className="bl-happened">
                {h}
              </View>
            ))}
          </View>
        ))
      ) : (
        <View className="card muted">本月无拒不整改企业</View>
      )}
      {actionError ? <View className="field-error bl-action-error">{actionError}</View> : null}
      <View className="actions bl-actions">
        {data.canPublish ? (
          <Button className="bl-publish" block type="primary" loading={busy === 'publish'} onClick={() => void publish()}>
            发布
          </Button>
        ) : null}
        <Button className="bl-pdf" block fill="outline" loading={busy === 'pdf'} onClick={() => void download('pdf')}>
          下载PDF
        </Button>
        <Button className="bl-xlsx" block fill="outline" loading={busy === 'xlsx'} onClick={() => void download('xlsx')}>
          下载Excel
        </Button>
      </View>
    </View>
  );
}
