import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { PAY_CHANNEL_LABELS, type ResponseOf } from '@safegrid/shared';
import { call, isConflict, showError } from '../../../api/client';
import { formatYuan } from '../../../lib/money';
import { HAZARD_PAGES, pageUrl } from '../../../lib/routes';
import { formatDate, formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { StateTag } from '../../components/StateTag';
import { Paged } from '../../components/Paged';
import { RECEIPT_RELOAD_MS, merchantTransfer, requestReceipt, usePages, wait } from '../../lib';
import '../../reward.css';

type Mine = ResponseOf<'listMyRewards'>['rewards'][number];


function amountText(r: Mine): string {
  if (r.amountFen !== undefined) return formatYuan(r.amountFen);
  return r.state === 'proposed' || r.state === 'awaiting_second' ? '审核中' : '';
}

/**
 * 我的奖励 (公众, 企业员工): what has been paid in all, and each reward for a confirmed report with
 * where it stands; a WeChat transfer waits for 确认收款, which opens WeChat's own receipt page.
 */
export default function MyRewards() {
  const { user } = useSession();
  const [paidFen, setPaidFen] = useState<number>();
  const [receiving, setReceiving] = useState('');
  const [notice, setNotice] = useState('');
  const pages = usePages<Mine>(
    async (cursor) => {
      const res = await call('listMyRewards', { query: cursor ? { cursor } : {} });
      setPaidFen(res.paidFen);
      return { items: res.rewards, cursor: res.cursor };
    },
    [user?.id],
    !!user,
  );
  if (!user) return <View className="page" />;

  const receive = async (r: Mine) => {
    if (receiving) return;
    setReceiving(r.id);
    setNotice('');
    try {
      const receipt = await call('rewardReceipt', { params: { id: r.id } });
      if (process.env.TARO_ENV === 'weapp') {
        const transfer = merchantTransfer();
        if (!transfer) {
          void Taro.showModal({ title: '无法确认收款', content: '当前微信版本过低，请升级微信后再确认收款', showCancel: false }).catch(() => undefined);
          return;
        }
        const outcome = await requestReceipt(transfer, receipt);
        if (outcome === 'fail') setNotice('未能打开微信确认收款页面，请稍后重试');
        // WeChat tells the server the outcome; the list shows what it knows by now.
        await pages.load();
      } else {
        setNotice('已发起确认收款，正在刷新…');
        await wait(RECEIPT_RELOAD_MS);
        setNotice('');
        await pages.load();
      }
    } catch (e) {
      if (isConflict(e)) {
        setNotice(e.message);
        void pages.load();
      } else showError(e);
    } finally {
      setReceiving('');
    }
  };

  return (
    <View className="page rw-page">
      <Hero title="我的奖励" sub="举报的隐患经核实后按规定给予奖励（下拉刷新）">
        <View className="rw-total">
          <Text className="rw-total-label">已获奖励</Text>
          <Text className="rw-total-value">{paidFen === undefined ? '—' : formatYuan(paidFen)}</Text>
        </View>
      </Hero>
      {notice ? (
        <View className="notice">
          <Text>{notice}</Text>
        </View>
      ) : null}
      <Paged
        {...pages}
        onMore={() => void pages.load(pages.cursor)}
        empty="暂无奖励"
        emptyHint="您举报的隐患经核实属实后，符合条件的将给予奖励"
        row={(r) => (
          <View key={r.id} className="rw-card rw-mine">
            <View className="row">
              <StateTag state={r.state} />
              <Text className="rw-amount">{amountText(r)}</Text>
            </View>
            <View className="rw-desc" onClick={() => void Taro.navigateTo({ url: pageUrl(HAZARD_PAGES.detail, { id: r.hazardId }) })}>
              <Text>{r.description}</Text>
            </View>
            <View className="rw-meta">
              <Text>
                {r.paidAt
                  ? `发放时间 ${formatTime(r.paidAt)}${r.channel ? ` · ${PAY_CHANNEL_LABELS[r.channel]}` : ''}`
                  : `核实时间 ${formatDate(r.createdAt)}`}
              </Text>
            </View>
            {r.reason && (r.state === 'ineligible' || r.state === 'rejected' || r.state === 'reversed') ? (
              <View className="rw-reason">
                <Text>{`原因：${r.reason}`}</Text>
              </View>
            ) : null}
            {r.awaitingReceipt ? (
              <View className="rw-receipt">
                <View className="muted">奖励已通过微信转账发放，请确认收款</View>
                <Button className="rw-receipt-btn" block type="primary" size="large" loading={receiving === r.id} onClick={() => void receive(r)}>
                  确认收款
                </Button>
              </View>
            ) : null}
          </View>
        )}
      />
    </View>
  );
}
