import Taro, { useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { PAY_CHANNEL_LABELS, type ResponseOf } from '@safegrid/shared';
import { call } from '../../../api/client';
import { exportExcel } from '../../../lib/files';
import { formatYuan } from '../../../lib/money';
import { REWARD_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatTime, thisMonth } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { useLatest } from '../../../components/useLatest';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { areaGrantsOf } from '../../../lib/grants';
import '../../reward.css';

type Data = ResponseOf<'listPayouts'>;
type Payout = Data['payouts'][number];

/** A reversal takes money back: shown (and counted) below zero whichever way the API signs it. */
const signedFen = (p: Payout) => (p.kind === 'reversal' ? -Math.abs(p.amountFen) : p.amountFen);

function MonthPicker({ name, label, value, onChange }: { name: string; label: string; value: string; onChange: (month: string) => void }) {
  return (
    <Picker className={`rw-month rw-month-${name}`} mode="date" fields="month" value={value} onChange={(e) => onChange(String(e.detail.value).slice(0, 7))}>
      <View className="rw-month-box">
        <Text className="muted">{label}</Text>
        <Text className="rw-month-value">{value}</Text>
      </View>
    </Picker>
  );
}

/**
 * 发放台账: the rewards paid (and reversed) in a range of months, each with who, how, the voucher and
 * who paid it; reversals below zero in red, the total in yuan, and the same rows as Excel.
 */
export default function RewardPayouts() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  const [area, setArea] = useState(() => queryParam(params.area));
  const [from, setFrom] = useState(() => thisMonth());
  const [to, setTo] = useState(() => thisMonth());
  const [exporting, setExporting] = useState(false);
  const query = () => ({ ...(area ? { area } : {}), from, to });
  const { data, error } = useLatest(() => call('listPayouts', { query: query() }), [area, from, to], { enabled: !!user, blocked: from > to });

  if (!user) return <View className="page" />;

  const exportPayouts = async () => {
    if (exporting || from > to) return;
    setExporting(true);
    await exportExcel(() => call('exportPayouts', { body: query() }), { empty: '没有发放记录', unit: '条' });
    setExporting(false);
  };

  const areaName = area ? (areas.find((a) => a.path === area)?.name ?? area) : areas.length === 1 ? areas[0]!.name : '全部辖区';
  const payouts = data?.payouts ?? [];
  const reversals = payouts.filter((p) => p.kind === 'reversal').length;

  return (
    <View className="page rw-page">
      <Hero title="发放台账" sub={`${areaName} · ${from === to ? from : `${from} 至 ${to}`}`} />
      {areas.length > 1 ? (
        <View className="rw-areas">
          <Choices options={[{ value: '', label: '全部辖区' }, ...areas.map((a) => ({ value: a.path, label: a.name }))]} value={area} onChange={setArea} />
        </View>
      ) : null}
      <View className="rw-months">
        <MonthPicker name="from" label="起始月份" value={from} onChange={setFrom} />
        <Text className="rw-months-to">至</Text>
        <MonthPicker name="to" label="截止月份" value={to} onChange={setTo} />
      </View>
      {from > to ? <View className="field-error rw-range-error">起始月份不能晚于截止月份</View> : null}
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!data && !error && from <= to ? <View className="card muted">加载中…</View> : null}
      {data ? (
        <View>
          <View className="card rw-summary">
            <View className="row">
              <Text className="rw-summary-label">合计</Text>
              <Text className={`rw-total-fen ${data.totalFen < 0 ? 'rw-neg' : ''}`}>{formatYuan(data.totalFen)}</Text>
            </View>
            <View className="card-line">{`发放 ${payouts.length - reversals} 笔${reversals ? `，冲正 ${reversals} 笔` : ''}`}</View>
            <View className="rw-export">
              <Text className={`link rw-export-link ${exporting ? 'rw-busy' : ''}`} onClick={() => void exportPayouts()}>
                {exporting ? '正在导出…' : '导出Excel'}
              </Text>
            </View>
          </View>
          {payouts.length === 0 ? <Empty size="small" title="该期间没有发放记录" /> : null}
          {payouts.map((p, i) => {
            const fen = signedFen(p);
            return (
              <View
                key={`${p.rewardId}-${p.kind}-${i}`}
                className={`rw-card rw-payout ${p.kind === 'reversal' ? 'rw-reversal' : ''}`}
                onClick={() => void Taro.navigateTo({ url: pageUrl(REWARD_PAGES.detail, { id: p.rewardId }) })}
              >
                <View className="row">
                  <Text className="rw-name">{p.kind === 'reversal' ? `${p.reporterName}（冲正）` : p.reporterName}</Text>
                  <Text className={`rw-amount ${fen < 0 ? 'rw-neg' : ''}`}>{formatYuan(fen)}</Text>
                </View>
                <View className="rw-meta">
                  <Text>{`${formatTime(p.at)} · ${PAY_CHANNEL_LABELS[p.channel]} · 凭证 ${p.voucherNo}`}</Text>
                </View>
                <View className="rw-meta">
                  <Text>{`${p.areaName ?? p.area} · 经办 ${p.byName}`}</Text>
                </View>
              </View>
            );
          })}
        </View>
      ) : null}
    </View>
  );
}
