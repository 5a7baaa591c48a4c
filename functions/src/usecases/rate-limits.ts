/**
 * Per-user caps on what costs us (or others) the most when abused: hazard reports (each reaches a
 * gridworker's queue and WeChat's content check), presigned uploads (storage), reminders (WeChat
 * subscribe messages to owners) and attempts to accept an invitation (a guessed code is a stolen account). A use is counted only once the request has passed validation and
 * scope, so a refused request costs no quota; a report is counted in the transaction that writes it.
 */
import { RateLimitedError } from '@safegrid/shared';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { type Quota, quotaUsed, quotaWrite, refundQuota, spendQuota, windowAt } from '../repos/rate-limits';
import type { Write } from '../repos/transact';

const HOUR = 3600;
const DAY = 24 * HOUR;

const RULES = {
  report: { seconds: HOUR, limit: (l: Config['limits']) => l.reportsPerHour, message: (wait: string) => `提交太频繁，请 ${wait}后再试` },
  upload: { seconds: HOUR, limit: (l: Config['limits']) => l.uploadsPerHour, message: (wait: string) => `上传太频繁，请 ${wait}后再试` },
  reminder: {
    seconds: DAY,
    limit: (l: Config['limits']) => l.remindersPerDay,
    message: (_wait: string, limit: number) => `您今天已发送 ${limit} 条提醒，达到每日上限，请明天再试`,
  },
  invitation: {
    seconds: HOUR,
    limit: (l: Config['limits']) => l.invitationAttemptsPerHour,
    message: (wait: string) => `邀请码尝试次数过多，请 ${wait}后再试，或联系邀请人`,
  },
} as const;
export type LimitedAction = keyof typeof RULES;

const limitOf = (d: Deps, action: LimitedAction) => RULES[action].limit(d.config.limits);
const windowOf = (d: Deps, action: LimitedAction) => windowAt(d.clock.now(), RULES[action].seconds);

function quota(d: Deps, userId: string, action: LimitedAction): Quota {
  return { userId, action, limit: limitOf(d, action), window: windowOf(d, action) };
}

/** The 429 for a full window: says when it reopens, in minutes (and in seconds as Retry-After). */
export function limitReached(d: Deps, action: LimitedAction): RateLimitedError {
  const limit = limitOf(d, action);
  const seconds = Math.max(1, Math.ceil((windowOf(d, action).end.getTime() - d.clock.now().getTime()) / 1000));
  return new RateLimitedError(RULES[action].message(`${Math.ceil(seconds / 60)} 分钟`, limit), seconds);
}

/** Counts one use now, or refuses with 429 when the window is full. */
export async function spend(d: Deps, userId: string, action: LimitedAction): Promise<void> {
  if (!(await spendQuota(d.db, quota(d, userId, action)))) throw limitReached(d, action);
}

/** Gives back a use counted in this window for something that then did not happen (a reminder that reached nobody). */
export async function refund(d: Deps, userId: string, action: LimitedAction): Promise<void> {
  await refundQuota(d.db, quota(d, userId, action));
}

/** Refuses with 429 when the window is already full, before a request does costly checks it would then be refused for. */
export async function requireQuota(d: Deps, userId: string, action: LimitedAction): Promise<void> {
  const q = quota(d, userId, action);
  if ((await quotaUsed(d.db, q)) >= q.limit) throw limitReached(d, action);
}

/** The counting write for a transaction; when its condition fails the caller throws `limitReached`. */
export function spendWrite(d: Deps, userId: string, action: LimitedAction): Write {
  return quotaWrite(d.db, quota(d, userId, action));
}

/** Deps for loading history (the demo district): that is not traffic, and it replays many users' months in moments. */
export function withoutLimits(d: Deps): Deps {
  const most = Number.MAX_SAFE_INTEGER;
  return { ...d, config: { ...d.config, limits: { reportsPerHour: most, uploadsPerHour: most, remindersPerDay: most, invitationAttemptsPerHour: most } } };
}
