/**
 * Rewards for hazard reports (隐患报告奖励): the district's rules and the reward's states, as pure
 * functions. Amounts are integer fen. Caps and the interval count by the month and year of the
 * report (Asia/Shanghai), so the order in which rewards are approved never changes what is allowed.
 */
import { type HazardLevel, type HazardSource, shanghaiDate } from './hazards';

export const REWARD_STATES = ['proposed', 'ineligible', 'awaiting_second', 'approved', 'rejected', 'paying', 'paid', 'failed', 'reversed'] as const;
export type RewardState = (typeof REWARD_STATES)[number];
export const REWARD_STATE_LABELS: Record<RewardState, string> = {
  proposed: '待审核',
  ineligible: '不予奖励',
  awaiting_second: '待复核',
  approved: '待发放',
  rejected: '已驳回',
  paying: '发放中',
  paid: '已发放',
  failed: '发放失败',
  reversed: '已冲正',
};

export const PAY_CHANNELS = ['wechat', 'bank', 'cash'] as const;
export type PayChannel = (typeof PAY_CHANNELS)[number];
export const PAY_CHANNEL_LABELS: Record<PayChannel, string> = { wechat: '微信转账', bank: '银行转账', cash: '现金' };

/** Only reports from outside the supervision chain earn rewards: the public's and workers'. */
export const REWARDED_SOURCES = ['public', 'worker'] as const satisfies readonly HazardSource[];
export type RewardedSource = (typeof REWARDED_SOURCES)[number];

export interface RewardAmount {
  /** What the rule gives. */
  fen: number;
  /** The most a supervisor may approve (a different amount needs a reason). */
  maxFen: number;
}

export interface RewardRules {
  version: number;
  amounts: Record<RewardedSource, Record<HazardLevel, RewardAmount>>;
  monthlyCapFen: number;
  yearlyCapFen: number;
  /** Days that must separate two rewarded reports of one reporter about one enterprise. */
  minIntervalDays: number;
  /** Approvals above this need a second supervisor. */
  secondApprovalAboveFen: number;
}

/** Taian's scale: 264,000 yuan for 2,338 rewards, ≈ 113 yuan each. */
export const DEFAULT_REWARD_RULES: RewardRules = {
  version: 0,
  amounts: {
    public: { 一般: { fen: 5_000, maxFen: 20_000 }, 重大: { fen: 50_000, maxFen: 300_000 } },
    worker: { 一般: { fen: 10_000, maxFen: 30_000 }, 重大: { fen: 100_000, maxFen: 500_000 } },
  },
  monthlyCapFen: 300_000,
  yearlyCapFen: 1_000_000,
  minIntervalDays: 7,
  secondApprovalAboveFen: 100_000,
};

/** What one reporter has been granted in one year: the caps and the interval read it. */
export interface ReporterLedger {
  /** Approved fen by report month (YYYY-MM). */
  monthFen: Record<string, number>;
  yearFen: number;
  /** Report dates (YYYY-MM-DD) of the approved rewards, by enterprise. */
  rewarded: Record<string, string[]>;
}
export const EMPTY_LEDGER: ReporterLedger = { monthFen: {}, yearFen: 0, rewarded: {} };

/** The facts of a confirmed hazard that decide its reward. */
export interface RewardBasis {
  source: HazardSource;
  level: HazardLevel;
  reporterId: string;
  enterpriseId?: string;
  /** ISO time of the report. */
  reportedAt: string;
  /** Does the reporter own or manage the enterprise the hazard is about? */
  reporterManagesEnterprise: boolean;
}

export type RewardRefusal = { code: 'VALIDATION_FAILED'; message: string; field: string } | { code: 'CONFLICT'; message: string };

const DAY = 86_400_000;
const yuan = (fen: number) => `${(fen / 100).toFixed(fen % 100 ? 2 : 0)} 元`;
const monthOf = (reportedAt: string) => shanghaiDate(reportedAt).slice(0, 7);

function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / DAY;
}

/** What is left under the month's and the year's caps for a report of that date. */
export function remainingFen(rules: RewardRules, ledger: ReporterLedger, reportedAt: string): number {
  return Math.max(0, Math.min(rules.monthlyCapFen - (ledger.monthFen[monthOf(reportedAt)] ?? 0), rules.yearlyCapFen - ledger.yearFen));
}

/** Why this reporter may not be rewarded for this report now, if they may not. */
export function ineligibility(rules: RewardRules, basis: RewardBasis, ledger: ReporterLedger): string | undefined {
  if (!(REWARDED_SOURCES as readonly string[]).includes(basis.source)) return '网格员、监管人员等工作人员上报和企业自查发现的隐患不设奖励';
  if (basis.reporterManagesEnterprise) return '举报人是该企业的负责人或管理人员，不予奖励';
  const date = shanghaiDate(basis.reportedAt);
  if (basis.enterpriseId && (ledger.rewarded[basis.enterpriseId] ?? []).some((d) => daysApart(d, date) < rules.minIntervalDays)) {
    return `同一举报人对同一企业的举报 ${rules.minIntervalDays} 天内只奖励一次`;
  }
  if (remainingFen(rules, ledger, basis.reportedAt) === 0) return '举报人本月或本年度奖励已达上限';
  return undefined;
}

/**
 * The reward proposed when a hazard is confirmed: the rule's amount, cut to what the caps leave,
 * or none with the reason.
 */
export function proposeReward(rules: RewardRules, basis: RewardBasis, ledger: ReporterLedger): { ok: true; amountFen: number } | { ok: false; reason: string } {
  const reason = ineligibility(rules, basis, ledger);
  if (reason) return { ok: false, reason };
  const rule = rules.amounts[basis.source as RewardedSource][basis.level];
  return { ok: true, amountFen: Math.min(rule.fen, remainingFen(rules, ledger, basis.reportedAt)) };
}

/**
 * Checks an approval against the rules and the reporter's ledger as it stands now. On success it
 * says whether a second supervisor must approve too, and gives the ledger after this reward.
 */
export function checkApproval(
  rules: RewardRules,
  basis: RewardBasis,
  ledger: ReporterLedger,
  approval: { amountFen: number; proposedFen: number; reason?: string },
): { ok: true; needsSecond: boolean; ledger: ReporterLedger } | { ok: false; refusal: RewardRefusal } {
  const refuse = (code: RewardRefusal['code'], message: string, field = 'amountFen') => ({ ok: false as const, refusal: code === 'CONFLICT' ? { code, message } : { code, message, field } });
  const reason = ineligibility(rules, basis, ledger);
  if (reason) return refuse('CONFLICT', `${reason}，请驳回`);
  const rule = rules.amounts[basis.source as RewardedSource][basis.level];
  if (approval.amountFen <= 0) return refuse('VALIDATION_FAILED', '奖励金额须大于 0；不予奖励请驳回');
  if (approval.amountFen > rule.maxFen) return refuse('VALIDATION_FAILED', `奖励金额不能超过规则上限 ${yuan(rule.maxFen)}`);
  if (approval.amountFen > remainingFen(rules, ledger, basis.reportedAt)) {
    return refuse('VALIDATION_FAILED', `超出举报人本月或本年度奖励上限，最多还可奖励 ${yuan(remainingFen(rules, ledger, basis.reportedAt))}`);
  }
  if (approval.amountFen !== approval.proposedFen && !approval.reason?.trim()) return refuse('VALIDATION_FAILED', '金额与规则金额不同，请填写理由', 'reason');
  return { ok: true, needsSecond: approval.amountFen > rules.secondApprovalAboveFen, ledger: addToLedger(ledger, basis, approval.amountFen) };
}

export function addToLedger(ledger: ReporterLedger, basis: Pick<RewardBasis, 'reportedAt' | 'enterpriseId'>, fen: number): ReporterLedger {
  const month = monthOf(basis.reportedAt);
  const date = shanghaiDate(basis.reportedAt);
  const rewarded = { ...ledger.rewarded };
  if (basis.enterpriseId) {
    const dates = [...(rewarded[basis.enterpriseId] ?? [])];
    const at = dates.indexOf(date);
    if (fen > 0) dates.push(date);
    else if (at >= 0) dates.splice(at, 1);
    rewarded[basis.enterpriseId] = dates;
  }
  return { monthFen: { ...ledger.monthFen, [month]: (ledger.monthFen[month] ?? 0) + fen }, yearFen: ledger.yearFen + fen, rewarded };
}

/** The year whose ledger a report counts in. */
export function ledgerYear(reportedAt: string): string {
  return shanghaiDate(reportedAt).slice(0, 4);
}

// ---- the reward's states

export const REWARD_ACTIONS = {
  approve: { label: '审核通过', from: ['proposed', 'awaiting_second'] },
  reject: { label: '驳回', from: ['proposed', 'awaiting_second'] },
  pay: { label: '发放', from: ['approved', 'failed'] },
  reverse: { label: '冲正', from: ['paid'] },
} as const satisfies Record<string, { label: string; from: readonly RewardState[] }>;
export type RewardAction = keyof typeof REWARD_ACTIONS;

export function canAct(action: RewardAction, state: RewardState): boolean {
  return (REWARD_ACTIONS[action].from as readonly RewardState[]).includes(state);
}

/** WeChat's merchant transfer bill number: letters and digits, at most 32; one per attempt. */
export function outBillNo(rewardId: string, attempt: number): string {
  return `RW${rewardId}N${attempt}`;
}

export function formatYuan(fen: number): string {
  return yuan(fen);
}
