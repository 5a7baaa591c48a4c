import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { PAY_CHANNELS, PAY_CHANNEL_LABELS, REWARD_ACTIONS, ReverseRewardBody, type PayChannel, type ResponseOf, type RewardAction } from '@safegrid/shared';
import { call, fieldsOf, isConflict, messageOf } from '../../api/client';
import { Choices, Field, FieldError, otherErrors } from '../../components/Field';
import { formatYuan, yuanToFen } from '../../lib/money';
import { fenToInput, localErrors } from '../lib';
import { TextAreaField } from './TextAreaField';

export type Result = ResponseOf<'getReward'>;
type Reward = Result['reward'];

const CHANNELS = PAY_CHANNELS.map((value) => ({ value, label: PAY_CHANNEL_LABELS[value] }));
const VOUCHER_LABELS: Record<Exclude<PayChannel, 'wechat'>, { label: string; placeholder: string }> = {
  bank: { label: '银行流水号', placeholder: '银行转账的交易流水号' },
  cash: { label: '收据编号', placeholder: '举报人签收的收据编号' },
};
/** The fields each form shows next to their inputs; anything else goes into one message at the end. */
const SHOWN: Record<RewardAction, string[]> = {
  approve: ['amountFen', 'reason'],
  reject: ['reason'],
  pay: ['channel', 'voucherNo'],
  reverse: ['reason'],
};

/** What an approval starts from: the first approver's amount for the second, else the rule's. */
const startingFen = (r: Reward) => (r.state === 'awaiting_second' && r.amountFen !== undefined ? r.amountFen : r.proposedFen);

/**
 * The form of one action on a reward: exactly the fields its body takes, with `version` as the page
 * showed it, so acting on a stale view is a 409 (someone else acted first) that the page answers by
 * reloading. Field errors, the client's check's or the API's, are shown next to their fields.
 */
export function ActionForm({
  reward,
  action,
  onDone,
  onCancel,
  onConflict,
}: {
  reward: Reward;
  action: RewardAction;
  onDone: (res: Result) => void;
  onCancel: () => void;
  onConflict: (message: string) => void;
}) {
  const [amount, setAmount] = useState(() => fenToInput(startingFen(reward)));
  // A second approver starts from the first one's amount, and from their reason for it.
  const [reason, setReason] = useState(() => (action === 'approve' && reward.state === 'awaiting_second' ? (reward.approvals[0]?.reason ?? '') : ''));
  const [channel, setChannel] = useState<PayChannel | undefined>(reward.channel);
  const [voucherNo, setVoucherNo] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>();
  const [general, setGeneral] = useState('');
  const [saving, setSaving] = useState(false);

  const fen = yuanToFen(amount);
  const differs = fen !== undefined && fen !== reward.proposedFen;
  const version = reward.version;
  const label = REWARD_ACTIONS[action].label;

  const send = (): Promise<Result> | Record<string, string> => {
    const id = { id: reward.id };
    switch (action) {
      case 'approve': {
        const found: Record<string, string> = {};
        if (fen === undefined) found.amountFen = amount.trim() ? '奖励金额：请填写金额（元），最多两位小数，如 50.50' : '奖励金额：请填写金额（元）';
        else if (differs && !reason.trim()) found.reason = '金额与规则金额不同，请填写理由';
        if (Object.keys(found).length) return found;
        return call('reviewReward', { params: id, body: { action, amountFen: fen!, ...(differs ? { reason: reason.trim() } : {}), version } });
      }
      case 'reject':
        return call('reviewReward', { params: id, body: { action, reason: reason.trim(), version } });
      case 'pay':
        if (!channel) return { channel: '请选择发放方式' };
        return call('payReward', { params: id, body: channel === 'wechat' ? { channel, version } : { channel, voucherNo: voucherNo.trim(), version } });
      case 'reverse':
        return call('reverseReward', { params: id, body: { reason: reason.trim(), version } });
    }
  };

  const submit = async () => {
    if (saving) return;
    setErrors(undefined);
    setGeneral('');
    if (action === 'reverse') {
      // Checked before the confirmation, so the question is only asked of a form that can be sent.
      const found = localErrors(ReverseRewardBody, { reason: reason.trim(), version });
      if (Object.keys(found).length) return setErrors(found);
      const amountText = formatYuan(reward.amountFen ?? 0);
      const { confirm } = await Taro.showModal({
        title: '确认冲正',
        content: `将冲正已发放给${reward.reporterName}的 ${amountText}，冲正后不可撤销。`,
        confirmText: '确认冲正',
        confirmColor: '#f53f3f',
      });
      if (!confirm) return;
    }
    const sending = send();
    if (!(sending instanceof Promise)) return setErrors(sending);
    setSaving(true);
    try {
      onDone(await sending);
    } catch (e) {
      if (isConflict(e)) return onConflict(e.message);
      const fields = fieldsOf(e);
      if (Object.keys(fields).some((k) => SHOWN[action].includes(k))) setErrors(fields);
      else setGeneral(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const err = (key: string) => errors?.[key];
  const reasonField = (title: string, placeholder: string) => (
    <TextAreaField label={title} name="reason" value={reason} placeholder={placeholder} error={err('reason')} onChange={setReason} />
  );

  return (
    <View className={`rw-form rw-form-${action}`}>
      <View className="form-title">{label}</View>
      {action === 'approve' ? (
        <View>
          <Field label="奖励金额（元）" name="amount" type="digit" value={amount} error={err('amountFen')} onChange={setAmount} />
          <View className="muted rw-hint">
            {`规则金额 ${formatYuan(reward.proposedFen)}`}
            {reward.state === 'awaiting_second' && reward.amountFen !== undefined ? `，首次审核 ${formatYuan(reward.amountFen)}` : ''}
            {fen !== undefined && amount.trim() !== fenToInput(fen) ? `；即 ${formatYuan(fen)}` : ''}
          </View>
          {differs ? reasonField('调整理由', '金额与规则金额不同，请说明理由') : null}
        </View>
      ) : null}
      {action === 'reject' ? reasonField('驳回理由', '如：举报内容与核实情况不符') : null}
      {action === 'pay' ? (
        <View>
          <View className="rw-field rw-field-channel">
            <View className="section-title">{`发放方式 · ${formatYuan(reward.amountFen ?? 0)}`}</View>
            <Choices options={CHANNELS} value={channel} onChange={setChannel} />
            <FieldError message={err('channel')} />
          </View>
          {channel === 'wechat' ? <View className="muted rw-hint">通过微信商家转账发放，举报人须在微信中确认收款后到账</View> : null}
          {channel && channel !== 'wechat' ? (
            <Field
              label={VOUCHER_LABELS[channel].label}
              name="voucherNo"
              value={voucherNo}
              placeholder={VOUCHER_LABELS[channel].placeholder}
              error={err('voucherNo')}
              onChange={setVoucherNo}
            />
          ) : null}
        </View>
      ) : null}
      {action === 'reverse' ? (
        <View>
          <View className="notice">{`冲正用于撤回已发放的 ${formatYuan(reward.amountFen ?? 0)}（如错发、重复发放），记录保留，不可修改。`}</View>
          {reasonField('冲正理由', '如：重复发放，已追回')}
        </View>
      ) : null}
      <FieldError message={otherErrors(errors, SHOWN[action])} />
      <FieldError message={general} />
      <View className="actions rw-form-actions">
        <Button block type={action === 'reject' || action === 'reverse' ? 'danger' : 'primary'} size="large" loading={saving} onClick={() => void submit()}>
          {`提交：${label}`}
        </Button>
        <View className="entry-gap" />
        <Button block fill="outline" size="large" disabled={saving} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}
