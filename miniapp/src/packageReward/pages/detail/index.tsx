import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { HAZARD_SOURCE_LABELS, PAY_CHANNEL_LABELS, REWARD_ACTIONS, REWARD_STATE_LABELS, type RewardAction } from '@safegrid/shared';
import { call, isConflict, messageOf } from '../../../api/client';
import { formatYuan } from '../../../lib/money';
import { HAZARD_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Kv } from '../../../components/Kv';
import { StateTag } from '../../components/StateTag';
import { ActionForm, type Result } from '../../components/ActionForm';
import { stateLabel } from '../../lib';
import '../../reward.css';

type Reward = Result['reward'];
const ORDER: RewardAction[] = ['approve', 'pay', 'reject', 'reverse'];
const DANGER: RewardAction[] = ['reject', 'reverse'];

function toTop(): void {
  try {
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  } catch {
    /* nothing to scroll */
  }
}

function Events({ events }: { events: Result['events'] }) {
  if (events.length === 0) return <Empty size="small" title="暂无处理记录" />;
  return (
    <View className="rw-events">
      {events.map((e) => (
        <View key={e.seq} className="rw-event">
          <View className="rw-event-dot" />
          <View className="rw-event-body">
            <View className="rw-event-head">
              <Text className="rw-event-label">{e.from && e.from !== e.to ? `${stateLabel(e.from)} → ${stateLabel(e.to)}` : stateLabel(e.to)}</Text>
              <Text className="muted">{formatTime(e.at)}</Text>
            </View>
            <View className="rw-event-by">{e.byName}</View>
            {e.detail ? (
              <View className="rw-event-detail">
                <Text>{e.detail}</Text>
              </View>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  );
}

/** The actions the caller may take now, in the order they come: approval only when it is theirs to give. */
const actionsOf = (r: Reward): RewardAction[] => ORDER.filter((a) => r.actions.includes(a) && (a !== 'approve' || r.canApprove));

/**
 * 奖励详情 (supervisor): the reward and the report it is for, who reported it, the rule it was
 * proposed under, the approvals, the payment, the audit trail, and a form for each action the
 * caller may take now; 查询到账结果 while a WeChat transfer is under way.
 */
export default function RewardDetail() {
  const { user } = useSession();
  const id = queryParam(useRouter().params.id);
  const [data, setData] = useState<Result>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [acting, setActing] = useState<RewardAction>();
  const [syncing, setSyncing] = useState(false);

  const load = async () => {
    if (!id) return setError('缺少奖励编号');
    setError('');
    try {
      setData(await call('getReward', { params: { id } }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useDidShow(() => {
    if (user && !acting) void load();
  });

  if (!user) return <View className="page" />;
  if (!data) {
    return (
      <View className="page">
        {error ? <Empty status="error" title="加载失败" description={error} /> : <View className="card muted">加载中…</View>}
        {error ? (
          <View className="actions">
            <Button block size="large" type="primary" fill="outline" onClick={() => void load()}>
              重试
            </Button>
          </View>
        ) : null}
      </View>
    );
  }
  const r = data.reward;
  const actions = actionsOf(r);

  const sync = async () => {
    if (syncing) return;
    setSyncing(true);
    setNotice('');
    try {
      const res = await call('syncRewardPayment', { params: { id: r.id } });
      setData(res);
      const now = res.reward;
      if (now.state === 'paying') setNotice('微信尚未返回结果：举报人确认收款后到账，请稍后再查询');
      else if (now.state === 'failed') setNotice(`发放失败${now.failReason ? `：${now.failReason}` : ''}，可重新发放`);
      else void Taro.showToast({ title: now.state === 'paid' ? '已到账' : '已更新', icon: 'success' }).catch(() => undefined);
    } catch (e) {
      if (isConflict(e)) {
        setNotice(`${e.message}（已刷新为最新状态）`);
        void load();
      } else setNotice(messageOf(e));
    } finally {
      setSyncing(false);
    }
  };

  const hero = (
    <Hero title={`${r.reporterName}的举报奖励`} sub={`${HAZARD_SOURCE_LABELS[r.source] ?? r.source} · 举报于 ${formatTime(r.reportedAt)}`}>
      <View className="hero-tags">
        <StateTag state={r.state} />
        <Text className="rw-level">{`${r.level}隐患`}</Text>
      </View>
    </Hero>
  );

  if (acting) {
    return (
      <View className="page rw-page">
        {hero}
        <View className="rw-desc-brief">
          <Text>{r.description}</Text>
        </View>
        <ActionForm
          reward={r}
          action={acting}
          onCancel={() => setActing(undefined)}
          onDone={(res) => {
            setData(res);
            setActing(undefined);
            setNotice('');
            void Taro.showToast({ title: '已提交', icon: 'success' }).catch(() => undefined);
          }}
          onConflict={(message) => {
            setActing(undefined);
            setNotice(`${message}（已刷新为最新状态）`);
            void load();
          }}
        />
      </View>
    );
  }

  return (
    <View className="page rw-page">
      {hero}
      {notice ? (
        <View className="notice rw-notice">
          <Text>{notice}</Text>
        </View>
      ) : null}
      <View className="section-title">隐患描述</View>
      <View className="rw-desc-full">
        <Text>{r.description}</Text>
        <View className="link rw-hazard-link" onClick={() => void Taro.navigateTo({ url: pageUrl(HAZARD_PAGES.detail, { id: r.hazardId }) })}>
          查看隐患 ›
        </View>
      </View>
      <View className="section-title">举报人</View>
      <Kv k="姓名" v={r.reporterName} />
      {r.reporterPhone ? <Kv k="电话" v={r.reporterPhone} /> : null}
      <View className="section-title">奖励信息</View>
      <Kv k="状态" v={REWARD_STATE_LABELS[r.state]} />
      <Kv k="隐患等级" v={r.level} />
      <Kv k="来源" v={HAZARD_SOURCE_LABELS[r.source] ?? r.source} />
      <Kv k="所属区域" v={r.areaName ?? r.area} />
      {r.enterpriseName ? <Kv k="涉及企业" v={r.enterpriseName} /> : null}
      <Kv k="适用规则" v={`第 ${r.ruleVersion} 版`} />
      <Kv k="规则金额" v={formatYuan(r.proposedFen)} />
      {r.amountFen !== undefined ? <Kv k="核定金额" className="rw-kv-amount" v={formatYuan(r.amountFen)} /> : null}
      {r.reason ? <Kv k={r.state === 'ineligible' ? '不予奖励原因' : '说明'} v={r.reason} /> : null}
      <Kv k="生成时间" v={formatTime(r.createdAt)} />
      {r.approvals.length ? (
        <View className="rw-approvals">
          <View className="section-title">审核记录</View>
          {r.approvals.map((a, i) => (
            <View key={`${a.at}-${i}`} className="rw-approval">
              <View className="row">
                <Text className="rw-approval-who">{`${i === 0 ? '审核' : '复核'}：${a.byName}`}</Text>
                <Text className="rw-amount">{formatYuan(a.amountFen)}</Text>
              </View>
              <View className="muted">{formatTime(a.at)}</View>
              {a.reason ? (
                <View className="rw-approval-reason">
                  <Text>{`理由：${a.reason}`}</Text>
                </View>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}
      {r.channel || r.failReason ? (
        <View className="rw-payment">
          <View className="section-title">发放信息</View>
          {r.channel ? <Kv k="发放方式" v={PAY_CHANNEL_LABELS[r.channel]} /> : null}
          {r.voucherNo ? <Kv k="凭证号" v={r.voucherNo} /> : null}
          {r.paidAt ? <Kv k="发放时间" v={formatTime(r.paidAt)} /> : null}
          {r.failReason ? <Kv k="失败原因" className="rw-fail" v={<Text className="rw-neg">{r.failReason}</Text>} /> : null}
        </View>
      ) : null}
      <View className="section-title">处理记录</View>
      <Events events={data.events} />
      {r.blockedReason ? (
        <View className="rw-hint rw-blocked">按奖励规则现已不能通过：{r.blockedReason}</View>
      ) : r.actions.includes('approve') && !r.canApprove ? (
        <View className="muted rw-hint rw-wait-second">您已审核通过，需另一位监管人员复核</View>
      ) : null}
      {actions.length || r.state === 'paying' ? (
        <View className="rw-actions">
          {actions.map((a) => (
            <View key={a} className="rw-action">
              <Button
                block
                size="large"
                type={DANGER.includes(a) ? 'danger' : 'primary'}
                fill={DANGER.includes(a) ? 'outline' : 'solid'}
                onClick={() => {
                  setNotice('');
                  setActing(a);
                  toTop();
                }}
              >
                {REWARD_ACTIONS[a].label}
              </Button>
            </View>
          ))}
          {r.state === 'paying' ? (
            <View className="rw-action">
              <Button block size="large" type="primary" fill="outline" loading={syncing} onClick={() => void sync()}>
                查询到账结果
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
