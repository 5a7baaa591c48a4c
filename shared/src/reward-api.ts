/** Request and response bodies of the reward routes (隐患报告奖励). Money is integer fen. */
import * as z from 'zod';
import { YearMonth } from './dashboard';
import { AreaPath } from './schemas';
import { HAZARD_LEVELS, HAZARD_SOURCES } from './hazards';
import { PAY_CHANNELS, REWARD_ACTIONS, REWARD_STATES, REWARDED_SOURCES } from './rewards';

const Fen = (label: string) =>
  z
    .number()
    .int('金额应以分为单位的整数')
    .min(0, '不能为负数')
    .max(100_000_000, '不能超过100万元')
    .describe(label);

const Amount = z.strictObject({ fen: Fen('规则金额'), maxFen: Fen('最高金额') }).refine((a) => a.maxFen >= a.fen, { message: '最高金额不能低于规则金额', path: ['maxFen'] });
const LevelAmounts = z.strictObject(Object.fromEntries(HAZARD_LEVELS.map((l) => [l, Amount])) as Record<(typeof HAZARD_LEVELS)[number], typeof Amount>);

export const RewardRulesSchema = z
  .strictObject({
    amounts: z.strictObject(Object.fromEntries(REWARDED_SOURCES.map((s) => [s, LevelAmounts])) as Record<(typeof REWARDED_SOURCES)[number], typeof LevelAmounts>),
    monthlyCapFen: Fen('每人每月上限'),
    yearlyCapFen: Fen('每人每年上限'),
    minIntervalDays: z.number().int('应为整数天').min(0, '不能为负数').max(365, '不能超过365天').describe('同一企业奖励间隔'),
    secondApprovalAboveFen: Fen('需复核金额'),
  })
  .refine((r) => r.yearlyCapFen >= r.monthlyCapFen, { message: '每年上限不能低于每月上限', path: ['yearlyCapFen'] });

export const RewardRulesQuery = z.strictObject({ district: AreaPath.describe('区') });
export const SetRewardRulesBody = z.strictObject({
  district: AreaPath.describe('区'),
  rules: RewardRulesSchema,
  version: z.number().int().min(0).describe('版本'),
});
export const RewardRulesResponse = z.object({ district: z.string(), rules: RewardRulesSchema, version: z.number().int() });

export const RewardIdParams = z.strictObject({ id: z.string().min(1).max(40) });

/** What a reporter sees of their own reward: never who reviewed or paid it. */
export const MyRewardView = z.object({
  id: z.string(),
  hazardId: z.string(),
  description: z.string(),
  state: z.enum(REWARD_STATES),
  amountFen: z.number().int().optional(),
  reason: z.string().optional(),
  channel: z.enum(PAY_CHANNELS).optional(),
  paidAt: z.string().optional(),
  /** WeChat asks the reporter to confirm receipt. */
  awaitingReceipt: z.boolean(),
  createdAt: z.string(),
});
export const MyRewardsResponse = z.object({ rewards: z.array(MyRewardView), cursor: z.string().optional(), paidFen: z.number().int() });

export const RewardEventView = z.object({ seq: z.number().int(), at: z.string(), kind: z.string(), byName: z.string(), from: z.string(), to: z.string(), detail: z.string() });

/** The supervisor's view: who, how much, under which rule, and the audit trail. */
export const RewardView = z.object({
  id: z.string(),
  hazardId: z.string(),
  description: z.string(),
  area: z.string(),
  areaName: z.string().optional(),
  enterpriseName: z.string().optional(),
  level: z.enum(HAZARD_LEVELS),
  source: z.enum(HAZARD_SOURCES),
  reporterName: z.string(),
  /** Masked: the full number is never needed here. */
  reporterPhone: z.string().optional(),
  reportedAt: z.string(),
  state: z.enum(REWARD_STATES),
  ruleVersion: z.number().int(),
  proposedFen: z.number().int(),
  amountFen: z.number().int().optional(),
  reason: z.string().optional(),
  approvals: z.array(z.object({ byName: z.string(), at: z.string(), amountFen: z.number().int(), reason: z.string().optional() })),
  channel: z.enum(PAY_CHANNELS).optional(),
  voucherNo: z.string().optional(),
  paidAt: z.string().optional(),
  failReason: z.string().optional(),
  version: z.number().int(),
  actions: z.array(z.enum(Object.keys(REWARD_ACTIONS) as [keyof typeof REWARD_ACTIONS, ...(keyof typeof REWARD_ACTIONS)[]])),
  /** Whether the caller may give the approval asked for now (not the first approver a second time, nor against the rules). */
  canApprove: z.boolean(),
  /** Why the rules refuse an approval now (another reward of the reporter took the interval or the cap since it was proposed): reject it. */
  blockedReason: z.string().optional(),
  createdAt: z.string(),
});
export const RewardResponse = z.object({ reward: RewardView, events: z.array(RewardEventView) });
export const RewardsResponse = z.object({ rewards: z.array(RewardView.omit({ actions: true, canApprove: true, blockedReason: true })), cursor: z.string().optional() });

export const ListRewardsQuery = z.strictObject({
  area: AreaPath.optional(),
  state: z.enum(REWARD_STATES).optional().describe('状态'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

const Version = z.number().int().min(1).describe('版本');
const Reason = z.string().trim().min(2, '请填写理由（至少2个字）').max(200, '不能超过200个字').describe('理由');

export const ReviewRewardBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), amountFen: Fen('奖励金额'), reason: Reason.optional(), version: Version }),
  z.strictObject({ action: z.literal('reject'), reason: Reason, version: Version }),
]);

export const PayRewardBody = z.discriminatedUnion('channel', [
  z.strictObject({ channel: z.literal('wechat'), version: Version }),
  z.strictObject({
    channel: z.enum(['bank', 'cash']),
    voucherNo: z.string().trim().min(4, '请填写银行流水号或收据编号（至少4位）').max(40, '不能超过40个字符').describe('凭证号'),
    version: Version,
  }),
]);

export const ReverseRewardBody = z.strictObject({ reason: Reason, version: Version });

/** What the mini-program hands to wx.requestMerchantTransfer for the reporter to confirm receipt. */
export const ReceiptResponse = z.object({ mchId: z.string(), appId: z.string(), package: z.string() });

export const PayoutsQuery = z.strictObject({
  area: AreaPath.optional(),
  from: YearMonth.describe('起始月份'),
  to: YearMonth.describe('截止月份'),
});
export const PayoutView = z.object({
  rewardId: z.string(),
  kind: z.enum(['payout', 'reversal']),
  at: z.string(),
  area: z.string(),
  areaName: z.string().optional(),
  reporterName: z.string(),
  amountFen: z.number().int(),
  channel: z.enum(PAY_CHANNELS),
  voucherNo: z.string(),
  byName: z.string(),
});
export const PayoutsResponse = z.object({ payouts: z.array(PayoutView), totalFen: z.number().int() });

/** WeChat Pay's transfer result notice: signed headers and an encrypted resource. */
export const TransferNoticeBody = z.object({
  id: z.string().max(100),
  event_type: z.string().max(100),
  resource: z.object({ algorithm: z.string().max(40), ciphertext: z.string().max(20_000), nonce: z.string().max(100), associated_data: z.string().max(200).optional() }),
});
export const TransferNoticeResponse = z.object({ code: z.string(), message: z.string() });
