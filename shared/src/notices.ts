/**
 * Subscribe messages (订阅消息) and the counts on each home (角标). WeChat sends a subscribe message
 * only to someone who accepted its template: a one-time acceptance allows one message, a long-term
 * one (some public-service categories, approved by WeChat) any number. The app asks at the tap just
 * before it matters (wx.requestSubscribeMessage: ≤ 3 templates a call, never one-time and long-term
 * together) and reports what was accepted; the server keeps the count per person and kind.
 */
import * as z from 'zod';
import { SHANGHAI_OFFSET_MS } from './hazards';
import { Ulid } from './schemas';

/** Who is told what (docs/decisions.md "Notifications"): each kind is one template configured per deployment. */
export const NOTICE_KINDS = ['newReport', 'hazardAssigned', 'recheckDue', 'hazardOutcome', 'enforcementClue', 'commitmentDue', 'rewardOutcome'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** What the person is told about, as the app names it. */
export const NOTICE_LABELS: Record<NoticeKind, string> = {
  newReport: '网格内新上报的隐患',
  hazardAssigned: '本企业新交办的隐患',
  recheckDue: '待复查的整改',
  hazardOutcome: '举报的处理结果',
  enforcementClue: '新的执法线索',
  commitmentDue: '告知承诺书签署提醒',
  rewardOutcome: '举报奖励的进展',
};

/**
 * The template fields each kind fills (key → what it holds); the template chosen in the WeChat
 * console for a kind must have exactly these keywords. The prefix is WeChat's field type.
 */
export const NOTICE_FIELDS: Record<NoticeKind, Record<string, string>> = {
  newReport: { thing1: '隐患描述', time2: '上报时间', thing3: '所在网格', phrase4: '来源' },
  hazardAssigned: { thing1: '隐患描述', time2: '交办时间', date3: '整改期限', phrase4: '当前状态' },
  recheckDue: { thing1: '隐患描述', time2: '提交时间', phrase3: '当前状态' },
  hazardOutcome: { thing1: '隐患描述', time2: '处理时间', phrase3: '处理结果' },
  enforcementClue: { thing1: '隐患描述', thing2: '责任企业', time3: '移交时间' },
  commitmentDue: { thing1: '企业名称', thing2: '提醒事项', date3: '提醒日期' },
  rewardOutcome: { thing1: '隐患描述', phrase2: '奖励状态', thing3: '说明' },
};

/** WeChat's `thing`: at most 20 characters, one line. */
export function thing(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim() || '—';
  return line.length > 20 ? `${line.slice(0, 19)}…` : line;
}

/** WeChat's `phrase`: at most 5 Chinese characters, nothing else. */
export function phrase(s: string): string {
  return (s.match(/[\u4e00-\u9fa5]/g) ?? []).slice(0, 5).join('') || '有更新';
}

/** WeChat's `time`: 24-hour time with its date, Asia/Shanghai, e.g. `2026-11-23 10:05`. */
export function noticeTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

const DATE = String.raw`(\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)`;
const TIME = String.raw`\d{1,2}:\d{2}(:\d{2})?`;
const CHECKS: [RegExp, RegExp, string][] = [
  [/^thing\d+$/, /^[^\n\r]{1,20}$/, '事物类字段最多20个字符'],
  [/^phrase\d+$/, /^[\u4e00-\u9fa5]{1,5}$/, '汉字类字段只能是5个以内的汉字'],
  [/^time\d+$/, new RegExp(`^(${DATE} )?${TIME}$`), '时间类字段应为“2026-11-23 10:05”或“10:05”'],
  [/^date\d+$/, new RegExp(`^${DATE}( ${TIME})?$`), '日期类字段应为“2026-11-23”'],
  [/^number\d+$/, /^-?\d{1,32}(\.\d+)?$/, '数字类字段只能是数字'],
  [/^character_string\d+$/, /^[0-9A-Za-z\-_.:/#@]{1,32}$/, '字符串类字段最多32个数字、字母或符号'],
];

/** Why WeChat would refuse this value for this template field, or undefined when it passes. */
export function noticeValueProblem(key: string, value: string): string | undefined {
  const check = CHECKS.find(([field]) => field.test(key));
  if (!check) return value.length > 20 ? '字段内容过长' : undefined;
  return check[1].test(value) ? undefined : check[2];
}

const NoticeKindSchema = z.enum(NOTICE_KINDS, { error: '不是可订阅的通知类型' });

/** What wx.requestSubscribeMessage answered, reported by the app (`id`: the phone's ULID for this answer, so a retry counts once). */
export const SubscribeNoticesBody = z.strictObject({
  id: Ulid.describe('编号'),
  accepted: z.array(NoticeKindSchema).max(3, '一次最多3种通知').describe('同意接收的通知'),
  rejected: z.array(NoticeKindSchema).max(3, '一次最多3种通知').optional().describe('拒绝接收的通知'),
});

/** One kind the caller can be asked for: its template, whether it is long-term, and how many messages they may still receive. */
export const NoticeState = z.object({
  kind: NoticeKindSchema,
  label: z.string(),
  templateId: z.string(),
  longTerm: z.boolean(),
  /** One-time: messages still allowed; long-term: 1 while accepted, 0 otherwise. */
  left: z.number().int(),
});
export type NoticeStateView = z.infer<typeof NoticeState>;
export const NoticesResponse = z.object({ notices: z.array(NoticeState) });

/** The numbers each home shows on its entries; a count is present only for the roles it concerns. */
export const COUNT_KEYS = ['triage', 'recheck', 'overdue', 'plan', 'rectify', 'clues', 'unsignedLetters', 'rewardsToReview', 'myOpenReports', 'rewardsToConfirm'] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export const COUNT_LABELS: Record<CountKey, string> = {
  triage: '待核实',
  recheck: '待复查',
  overdue: '已逾期',
  plan: '待报整改方案',
  rectify: '待整改',
  clues: '执法线索',
  unsignedLetters: '待签承诺书',
  rewardsToReview: '待审核奖励',
  myOpenReports: '处理中的举报',
  rewardsToConfirm: '待确认收款',
};
const Count = z.number().int().min(0);
export const MyCountsResponse = z.object({
  counts: z.object({
    triage: Count.optional(),
    recheck: Count.optional(),
    overdue: Count.optional(),
    plan: Count.optional(),
    rectify: Count.optional(),
    clues: Count.optional(),
    unsignedLetters: Count.optional(),
    rewardsToReview: Count.optional(),
    myOpenReports: Count.optional(),
    rewardsToConfirm: Count.optional(),
  }) satisfies z.ZodType<Partial<Record<CountKey, number>>>,
  notices: z.array(NoticeState),
});
export type MyCounts = z.infer<typeof MyCountsResponse>;
