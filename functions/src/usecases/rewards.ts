/**
 * Rewards for hazard reports (隐患报告奖励): proposed when a report is confirmed, reviewed by a
 * supervisor (a second one above the district's threshold), paid by WeChat transfer, bank or cash,
 * and reversed, never edited. Every action is one transaction: the reward conditioned on the version
 * the caller saw, its audit event keyed by the version it makes, the reporter's yearly ledger
 * (caps) conditioned on its own version, the area counters, and for money the payout or reversal
 * item conditioned on not existing. So a payment lands once whatever the retries, double taps,
 * duplicate notices or concurrent approvals.
 */
import { createHash } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type * as z from 'zod';
import {
  DEFAULT_REWARD_RULES,
  DomainError,
  EMPTY_LEDGER,
  HAZARD_SOURCE_LABELS,
  PAY_CHANNEL_LABELS,
  REWARDED_SOURCES,
  REWARD_ACTIONS,
  REWARD_STATE_LABELS,
  type Actor,
  type CounterDelta,
  type PayRewardBody,
  type PayoutsQuery,
  type ReporterLedger,
  type ReverseRewardBody,
  type ReviewRewardBody,
  type RewardAction,
  type RewardBasis,
  type RewardRules,
  type RewardState,
  type SetRewardRulesBody,
  addToLedger,
  areaDeltas,
  canAct,
  canReachArea,
  canSee,
  checkApproval,
  districtOf,
  formatYuan,
  ineligibility,
  ledgerYear,
  maskPhone,
  mergeDeltas,
  outBillNo,
  outermostAreasOf,
  periodOf,
  phrase,
  proposeReward,
  thing,
} from '@safegrid/shared';
import { PaymentUnknown, type Transfer } from '../adapters/payments';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';
import type { HazardRecord } from '../repos/hazards';
import { counterWrites } from '../repos/hazards';
import { queryAll } from '../repos/query-all';
import type { makeRewardEntity } from '../repos/reward-entities';
import { subtreePrefix } from '../repos/table';
import { type Write, cancellationReasons, transact } from '../repos/transact';
import { getUser } from '../repos/users';
import { allPages, exportWorkbook, shanghaiMinute, yuanCell } from './exports';
import { send } from './notify';
import { requireDistrictKeeper } from './scope-checks';
import { NameCache } from './views';

export type RewardRecord = import('dynamodb-toolbox/entity').FormattedItem<ReturnType<typeof makeRewardEntity>>;

/** Who reviews, pays and reads who was paid: the area's supervisors, nobody else. */
const REVIEWERS = ['supervisor'] as const;
const RULE_KEEPERS = ['supervisor', 'admin'] as const;
const NOT_FOUND = '奖励记录不存在或您无权查看';
const hashOf = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
const MINE_PAGE = 'packageReward/pages/mine/index';

// ---- rules

async function currentRules(d: Deps, district: string): Promise<RewardRules> {
  const { Item } = await d.db.rewardRules.build(GetItemCommand).key({ district, slot: 'CURRENT' }).send();
  return Item ? { ...(Item.rules as Omit<RewardRules, 'version'>), version: Item.version } : DEFAULT_REWARD_RULES;
}

/** The rules a reward was proposed under: approvals are checked against those, not later ones. */
async function rulesAt(d: Deps, district: string, version: number): Promise<RewardRules> {
  if (version === 0) return DEFAULT_REWARD_RULES;
  const { Item } = await d.db.rewardRules.build(GetItemCommand).key({ district, slot: `V${String(version).padStart(6, '0')}` }).send();
  return Item ? { ...(Item.rules as Omit<RewardRules, 'version'>), version } : currentRules(d, district);
}

export async function getRewardRules(d: Deps, actor: Actor, district: string) {
  await requireDistrictKeeper(d, actor, district, RULE_KEEPERS, '只有本区的监管人员或管理员可以查看和设置奖励规则');
  const { version, ...rules } = await currentRules(d, district);
  return { district, rules, version };
}

/** A new version of the rules; the old ones stay, so every reward can show the rule it was given under. */
export async function setRewardRules(d: Deps, actor: Actor, body: z.infer<typeof SetRewardRulesBody>) {
  await requireDistrictKeeper(d, actor, body.district, RULE_KEEPERS, '只有本区的监管人员或管理员可以查看和设置奖励规则');
  const version = body.version + 1;
  const item = { district: body.district, version, rules: body.rules, updatedAt: d.clock.now().toISOString(), updatedBy: actor.userId };
  try {
    await transact([
      d.db.rewardRules
        .build(PutTransaction)
        .item({ ...item, slot: 'CURRENT' })
        .options({ condition: body.version === 0 ? { attr: 'district', exists: false } : { attr: 'version', eq: body.version } }) as never,
      d.db.rewardRules.build(PutTransaction).item({ ...item, slot: `V${String(version).padStart(6, '0')}` }) as never,
    ]);
  } catch (error) {
    if (!cancellationReasons(error)?.includes('ConditionalCheckFailed')) throw error;
    throw new DomainError('CONFLICT', '奖励规则已被他人修改，请刷新后重新设置', { version: '规则已更新' });
  }
  return { district: body.district, rules: body.rules, version };
}

// ---- the reporter's ledger (caps and interval)

async function ledgerOf(d: Deps, reporterId: string, year: string): Promise<{ ledger: ReporterLedger; version: number }> {
  const { Item } = await d.db.reporterLedgers.build(GetItemCommand).key({ reporterId, year }).options({ consistent: true }).send();
  return Item ? { ledger: Item.ledger as ReporterLedger, version: Item.version } : { ledger: EMPTY_LEDGER, version: 0 };
}

function ledgerWrite(d: Deps, reporterId: string, year: string, ledger: ReporterLedger, version: number): Write {
  return d.db.reporterLedgers
    .build(PutTransaction)
    .item({ reporterId, year, ledger, version: version + 1 })
    .options({ condition: version === 0 ? { attr: 'reporterId', exists: false } : { attr: 'version', eq: version } }) as never;
}

// ---- proposal, inside the confirming move

async function basisOf(d: Deps, r: Pick<RewardRecord, 'source' | 'level' | 'reporterId' | 'enterpriseId' | 'reportedAt'>): Promise<RewardBasis> {
  const reporter = await getUser(d.db, r.reporterId);
  const manages = Boolean(r.enterpriseId && reporter?.grants.some((g) => g.role === 'enterprise_owner' && g.enterpriseId === r.enterpriseId));
  return { source: r.source, level: r.level, reporterId: r.reporterId, reportedAt: r.reportedAt, reporterManagesEnterprise: manages, ...(r.enterpriseId ? { enterpriseId: r.enterpriseId } : {}) };
}

/**
 * The reward a confirmed report earns (or the record of why none), written in the same
 * transaction as the confirmation. Reports by the supervision chain itself get no record.
 */
export async function rewardProposal(d: Deps, h: HazardRecord, at: string): Promise<{ writes: Write[]; deltas: CounterDelta[] } | undefined> {
  if (!(REWARDED_SOURCES as readonly string[]).includes(h.source)) return undefined;
  const district = districtOf(h.area);
  const fields = { source: h.source, level: h.level ?? '一般', reporterId: h.reporterId, reportedAt: h.createdAt, ...(h.enterpriseId ? { enterpriseId: h.enterpriseId } : {}) } as const;
  const [rules, basis, { ledger }] = await Promise.all([currentRules(d, district), basisOf(d, fields), ledgerOf(d, h.reporterId, ledgerYear(h.createdAt))]);
  const proposal = proposeReward(rules, basis, ledger);
  const state: RewardState = proposal.ok ? 'proposed' : 'ineligible';
  const reward: RewardRecord = {
    id: h.id,
    area: h.area,
    ...fields,
    description: h.description.slice(0, 60),
    state,
    ruleVersion: rules.version,
    proposedFen: proposal.ok ? proposal.amountFen : 0,
    ...(proposal.ok ? {} : { reason: proposal.reason }),
    approvals: [],
    attempt: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  return {
    writes: [
      d.db.rewards.build(PutTransaction).item(reward).options({ condition: { attr: 'id', exists: false } }) as never,
      eventWrite(d, { rewardId: h.id, seq: 1, at, kind: 'propose', byId: 'system', from: '', to: state, data: { amountFen: reward.proposedFen, ruleVersion: rules.version, ...(reward.reason ? { reason: reward.reason } : {}) }, requestHash: '' }),
    ],
    deltas: proposal.ok ? areaDeltas(h.area, periodOf(at), { rewards_proposed: 1 }) : [],
  };
}

// ---- reading

async function getRewardRecord(d: Deps, id: string): Promise<RewardRecord | undefined> {
  const { Item } = await d.db.rewards.build(GetItemCommand).key({ id }).options({ consistent: true }).send();
  return Item;
}

async function reviewable(d: Deps, actor: Actor, id: string): Promise<RewardRecord> {
  const r = await getRewardRecord(d, id);
  if (!r || !canSee(actor, { area: r.area }, ...REVIEWERS)) throw new DomainError('NOT_FOUND', NOT_FOUND);
  return r;
}

function allowedActions(r: RewardRecord): RewardAction[] {
  return (Object.keys(REWARD_ACTIONS) as RewardAction[]).filter((a) => canAct(a, r.state));
}

async function supervisorView(d: Deps, r: RewardRecord, names: NameCache, actor?: Actor) {
  const reporter = await getUser(d.db, r.reporterId);
  const [areaName, enterpriseName, approvals] = await Promise.all([
    names.area(r.area),
    r.enterpriseId ? names.enterprise(r.enterpriseId) : undefined,
    Promise.all(r.approvals.map(async (a) => ({ byName: (await names.user(a.byId)) ?? a.byId, at: a.at, amountFen: a.amountFen, ...(a.reason ? { reason: a.reason } : {}) }))),
  ]);
  return {
    id: r.id,
    hazardId: r.id,
    description: r.description,
    area: r.area,
    ...(areaName ? { areaName } : {}),
    ...(enterpriseName ? { enterpriseName } : {}),
    level: r.level,
    source: r.source,
    reporterName: reporter?.name ?? '（用户已注销）',
    ...(reporter?.phone ? { reporterPhone: maskPhone(reporter.phone) } : {}),
    reportedAt: r.reportedAt,
    state: r.state,
    ruleVersion: r.ruleVersion,
    proposedFen: r.proposedFen,
    ...(r.amountFen !== undefined ? { amountFen: r.amountFen } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    approvals,
    ...(r.channel ? { channel: r.channel } : {}),
    ...(r.voucherNo ? { voucherNo: r.voucherNo } : {}),
    ...(r.paidAt ? { paidAt: r.paidAt } : {}),
    ...(r.failReason ? { failReason: r.failReason } : {}),
    version: r.version,
    createdAt: r.createdAt,
    ...(actor ? { actions: allowedActions(r), canApprove: canAct('approve', r.state) && !(r.state === 'awaiting_second' && r.approvals[0]?.byId === actor.userId) } : {}),
  };
}

/**
 * Why the rules at the reward's version refuse an approval now, if they do: the reporter's ledger
 * may have filled since the proposal (another of their rewards approved in between). The reviewer
 * learns it before trying, and rejects.
 */
async function approvalBlock(d: Deps, r: RewardRecord): Promise<string | undefined> {
  if (!canAct('approve', r.state)) return undefined;
  const [rules, basis, { ledger }] = await Promise.all([rulesAt(d, districtOf(r.area), r.ruleVersion), basisOf(d, r), ledgerOf(d, r.reporterId, ledgerYear(r.reportedAt))]);
  return ineligibility(rules, basis, ledger);
}

async function detail(d: Deps, actor: Actor, r: RewardRecord) {
  const names = new NameCache(d.db);
  const [events, view, blockedReason] = await Promise.all([
    queryAll(d.db.table, d.db.rewardEvents, { partition: `RW#${r.id}`, range: { beginsWith: 'EV#' } }),
    supervisorView(d, r, names, actor) as Promise<Awaited<ReturnType<typeof supervisorView>> & { actions: RewardAction[]; canApprove: boolean }>,
    approvalBlock(d, r),
  ]);
  return {
    reward: { ...view, ...(blockedReason ? { blockedReason: `${blockedReason}，请驳回`, canApprove: false } : {}) },
    events: await Promise.all(
      events.map(async (e) => ({
        seq: e.seq,
        at: e.at,
        kind: e.kind,
        byName: e.byId === 'system' ? '系统' : e.byId === 'wechatpay' ? '微信支付' : ((await names.user(e.byId)) ?? e.byId),
        from: e.from ? REWARD_STATE_LABELS[e.from as RewardState] : '',
        to: REWARD_STATE_LABELS[e.to as RewardState],
        detail: eventDetail(e.data as Record<string, unknown> | undefined),
      })),
    ),
  };
}

function eventDetail(data: Record<string, unknown> | undefined): string {
  if (!data) return '';
  const parts: string[] = [];
  if (typeof data.amountFen === 'number') parts.push(`金额 ${formatYuan(data.amountFen)}`);
  if (typeof data.channel === 'string') parts.push(PAY_CHANNEL_LABELS[data.channel as keyof typeof PAY_CHANNEL_LABELS] ?? data.channel);
  if (typeof data.voucherNo === 'string') parts.push(`凭证号 ${data.voucherNo}`);
  if (typeof data.outBillNo === 'string') parts.push(`转账单号 ${data.outBillNo}`);
  if (typeof data.reason === 'string') parts.push(`理由：${data.reason}`);
  if (typeof data.failReason === 'string') parts.push(`失败原因：${data.failReason}`);
  return parts.join('；');
}

export async function getReward(d: Deps, actor: Actor, id: string) {
  return detail(d, actor, await reviewable(d, actor, id));
}

const DEFAULT_PAGE = 20;

/** The review queue and the rewards under an area, newest area-path first, by cursor. */
export async function listRewards(d: Deps, actor: Actor, q: { area?: string; state?: RewardState; cursor?: string; limit?: number }) {
  const area = q.area ?? outermostAreasOf(actor, ...REVIEWERS)[0];
  if (!area || !canReachArea(actor, area, ...REVIEWERS)) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  const district = districtOf(area);
  const key = q.state
    ? ({ index: 'gsi2', partition: `RWST#${district}#${q.state}`, range: { beginsWith: subtreePrefix(area) } } as const)
    : ({ index: 'gsi1', partition: `RW#${district}`, range: { beginsWith: subtreePrefix(area) } } as const);
  const page = await d.db.table
    .build(QueryCommand)
    .entities(d.db.rewards)
    .query(key)
    .options({ limit: q.limit ?? DEFAULT_PAGE, exclusiveStartKey: d.db.cursors.open(q.cursor, key) } as never)
    .send();
  const names = new NameCache(d.db);
  const cursor = d.db.cursors.seal(page.LastEvaluatedKey, key);
  return { rewards: await Promise.all((page.Items ?? []).map((r) => supervisorView(d, r, names))), ...(cursor ? { cursor } : {}) };
}

/**
 * The rewards of listRewards (same area, state and readers) as .xlsx: every page of the same query,
 * the reporter's phone masked as the list shows it, amounts in yuan, and a total row summed in fen.
 */
export async function exportRewards(d: Deps, actor: Actor, q: { area?: string; state?: RewardState }) {
  let proposed = 0;
  let approved = 0;
  let count = 0;
  const rewards = allPages(async (cursor) => {
    const page = await listRewards(d, actor, { ...q, limit: 100, ...(cursor ? { cursor } : {}) });
    return { items: page.rewards, cursor: page.cursor };
  });
  async function* rows() {
    for await (const r of rewards) {
      count++;
      proposed += r.proposedFen;
      approved += r.amountFen ?? 0;
      yield [
        r.id,
        shanghaiMinute(r.reportedAt),
        r.areaName ?? r.area,
        r.enterpriseName,
        HAZARD_SOURCE_LABELS[r.source],
        r.level,
        r.description,
        r.reporterName,
        r.reporterPhone,
        REWARD_STATE_LABELS[r.state],
        yuanCell(r.proposedFen),
        r.amountFen === undefined ? undefined : yuanCell(r.amountFen),
        r.channel ? PAY_CHANNEL_LABELS[r.channel] : undefined,
        r.voucherNo,
        r.paidAt ? shanghaiMinute(r.paidAt) : undefined,
        r.reason,
      ];
    }
  }
  return exportWorkbook(d, actor, '隐患举报奖励台账', [
    {
      name: '奖励台账',
      headers: ['奖励编号', '举报时间', '所属区域', '涉及企业', '来源', '隐患等级', '隐患描述', '举报人', '联系电话', '状态', '建议金额（元）', '核定金额（元）', '发放方式', '凭证号/转账单号', '发放时间', '说明'],
      widths: [30, 18, 24, 24, 10, 8, 40, 10, 14, 8, 14, 14, 10, 30, 18, 30],
      moneyColumns: [10, 11],
      rows: rows(),
      footer: () => [['合计', `${count} 笔`, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, yuanCell(proposed), yuanCell(approved)]],
    },
  ]);
}

/** One page of a reporter's rewards, newest first (gsi3 `RWREP#`): 我的奖励 and 我的数据 read it alike. */
export async function rewardsReportedBy(d: Deps, reporterId: string, p: { limit: number; cursor?: string }) {
  const key = { index: 'gsi3', partition: `RWREP#${reporterId}` } as const;
  const page = await d.db.table
    .build(QueryCommand)
    .entities(d.db.rewards)
    .query(key)
    .options({ limit: p.limit, exclusiveStartKey: d.db.cursors.open(p.cursor, key) as never, reverse: true })
    .send();
  return { items: page.Items ?? [], cursor: d.db.cursors.seal(page.LastEvaluatedKey, key) };
}

/** The reporter's own rewards, newest first: amounts and states, never who reviewed or paid. */
export async function listMyRewards(d: Deps, actor: Actor, q: { cursor?: string; limit?: number }) {
  const page = await rewardsReportedBy(d, actor.userId, { limit: q.limit ?? DEFAULT_PAGE, ...(q.cursor ? { cursor: q.cursor } : {}) });
  // A reporter back from confirming receipt in WeChat sees it paid, before any notice arrives.
  const items = await Promise.all(page.items.map((r) => askChannel(d, r).catch(() => r)));
  // A reporter has a few rewards a year: the total reads them all.
  const all = await queryAll(d.db.table, d.db.rewards, { index: 'gsi3', partition: `RWREP#${actor.userId}` });
  const { cursor } = page;
  return {
    rewards: items.map((r) => ({
      id: r.id,
      hazardId: r.id,
      description: r.description,
      state: r.state,
      ...(r.amountFen !== undefined ? { amountFen: r.amountFen } : {}),
      ...(r.reason && (r.state === 'ineligible' || r.state === 'rejected') ? { reason: r.reason } : {}),
      ...(r.channel ? { channel: r.channel } : {}),
      ...(r.paidAt ? { paidAt: r.paidAt } : {}),
      awaitingReceipt: r.state === 'paying' && r.channel === 'wechat',
      createdAt: r.createdAt,
    })),
    ...(cursor ? { cursor } : {}),
    paidFen: all.filter((r) => r.state === 'paid').reduce((n, r) => n + (r.amountFen ?? 0), 0),
  };
}

// ---- one action = one transaction

type EventRecord = { rewardId: string; seq: number; at: string; kind: string; byId: string; from: string; to: string; data?: Record<string, unknown>; requestHash: string };

function eventWrite(d: Deps, e: EventRecord): Write {
  return d.db.rewardEvents.build(PutTransaction).item(e).options({ condition: { attr: 'rewardId', exists: false } }) as never;
}

interface Change {
  after: Partial<RewardRecord> & { state: RewardState };
  kind: string;
  data?: Record<string, unknown>;
  extra?: Write[];
  deltas?: CounterDelta[];
}

/**
 * Writes one action: the reward at the version it was read at, the event of the version it makes,
 * and whatever else the action carries. A request replayed after it landed answers the record as
 * it stands; anything else that lost the race is a 409.
 */
async function commit(d: Deps, r: RewardRecord, byId: string, requestHash: string, change: Change): Promise<RewardRecord | 'already-done'> {
  const at = d.clock.now().toISOString();
  const after: RewardRecord = { ...r, ...change.after, version: r.version + 1, updatedAt: at };
  try {
    await transact([
      d.db.rewards.build(PutTransaction).item(after).options({ condition: { attr: 'version', eq: r.version } }) as never,
      eventWrite(d, { rewardId: r.id, seq: after.version, at, kind: change.kind, byId, from: r.state, to: after.state, ...(change.data ? { data: change.data } : {}), requestHash }),
      ...(change.extra ?? []),
      ...counterWrites(d.db, mergeDeltas(change.deltas ?? [])),
    ]);
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.slice(0, 2).includes('ConditionalCheckFailed')) return (await landed(d, r.id, r.version + 1, requestHash)) ? 'already-done' : raceLost();
    // The reward was as read, but something the action carries was not (the reporter's ledger).
    if (reasons?.includes('ConditionalCheckFailed')) throw new LedgerMoved();
    throw error;
  }
  if (change.kind === 'paid') d.metrics.record({ RewardPaid: 1, RewardPaidFen: after.amountFen ?? 0 }, { channel: after.channel ?? 'unknown' });
  return after;
}

/** The reporter's ledger changed between read and write (another of their rewards): read again and retry. */
class LedgerMoved extends Error {}

async function landed(d: Deps, rewardId: string, seq: number, requestHash: string): Promise<boolean> {
  const { Item } = await d.db.rewardEvents.build(GetItemCommand).key({ rewardId, seq }).options({ consistent: true }).send();
  return Boolean(requestHash) && Item?.requestHash === requestHash;
}

function raceLost(): never {
  throw new DomainError('CONFLICT', '该奖励刚被他人处理，请刷新后查看最新状态');
}

/** The caller's request against the version they saw: a replay of one that landed is answered, not redone. */
async function atVersion(d: Deps, r: RewardRecord, version: number, requestHash: string): Promise<'fresh' | 'already-done'> {
  if (r.version === version) return 'fresh';
  if (await landed(d, r.id, version + 1, requestHash)) return 'already-done';
  return raceLost();
}

function refuseState(action: RewardAction, r: RewardRecord): never {
  throw new DomainError('CONFLICT', `奖励当前为“${REWARD_STATE_LABELS[r.state]}”，不能${REWARD_ACTIONS[action].label}`);
}

// ---- review

export async function reviewReward(d: Deps, actor: Actor, id: string, body: z.infer<typeof ReviewRewardBody>) {
  const requestHash = hashOf({ by: actor.userId, id, body });
  // Another reward of the same reporter may take the ledger between our read and write: read again.
  for (let attempt = 1; ; attempt++) {
    const r = await reviewable(d, actor, id);
    if ((await atVersion(d, r, body.version, requestHash)) === 'already-done') return detail(d, actor, r);
    if (!canAct(body.action, r.state)) refuseState(body.action, r);
    let change: Change;
    if (body.action === 'reject') {
      change = { after: { state: 'rejected', reason: body.reason }, kind: 'reject', data: { reason: body.reason } };
    } else {
      change = await approval(d, actor, r, body);
    }
    try {
      const after = await commit(d, r, actor.userId, requestHash, change);
      const record = after === 'already-done' ? ((await getRewardRecord(d, id)) ?? r) : after;
      if (after !== 'already-done' && (record.state === 'approved' || record.state === 'rejected')) await tellReporter(d, record);
      return detail(d, actor, record);
    } catch (error) {
      if (!(error instanceof LedgerMoved)) throw error;
      if (attempt >= 3) throw new DomainError('CONFLICT', '举报人的奖励记录刚有变动，请重试');
    }
  }
}

async function approval(d: Deps, actor: Actor, r: RewardRecord, body: { amountFen: number; reason?: string }): Promise<Change> {
  const second = r.state === 'awaiting_second';
  if (second && r.approvals[0]?.byId === actor.userId) throw new DomainError('FORBIDDEN', '该笔奖励金额较大，需由另一名监管人员复核');
  if (second && body.amountFen !== r.approvals[0]!.amountFen) {
    throw new DomainError('VALIDATION_FAILED', `复核金额应与初审金额 ${formatYuan(r.approvals[0]!.amountFen)} 一致；如有异议请驳回`, { amountFen: '应与初审金额一致' });
  }
  // The second approver confirms the first's amount, whose reason stands for both.
  const reason = body.reason ?? (second ? r.approvals[0]!.reason : undefined);
  const year = ledgerYear(r.reportedAt);
  const [rules, basis, { ledger, version }] = await Promise.all([rulesAt(d, districtOf(r.area), r.ruleVersion), basisOf(d, r), ledgerOf(d, r.reporterId, year)]);
  const checked = checkApproval(rules, basis, ledger, { amountFen: body.amountFen, proposedFen: r.proposedFen, ...(reason ? { reason } : {}) });
  if (!checked.ok) {
    const f = checked.refusal;
    throw new DomainError(f.code, f.message, f.code === 'VALIDATION_FAILED' ? { [f.field]: f.message } : undefined);
  }
  const at = d.clock.now().toISOString();
  const approvals = [...r.approvals, { byId: actor.userId, at, amountFen: body.amountFen, ...(body.reason ? { reason: body.reason } : {}) }];
  const data = { amountFen: body.amountFen, ...(body.reason ? { reason: body.reason } : {}) };
  if (checked.needsSecond && !second) return { after: { state: 'awaiting_second', approvals }, kind: 'approve', data };
  return {
    after: { state: 'approved', approvals, amountFen: body.amountFen, ...(reason ? { reason } : {}) },
    kind: second ? 'second_approve' : 'approve',
    data,
    // The caps hold under concurrent approvals: the ledger must be as it was read.
    extra: [ledgerWrite(d, r.reporterId, year, checked.ledger, version)],
    deltas: areaDeltas(r.area, periodOf(at), { rewards_approved: 1 }),
  };
}

// ---- payment

function paidChange(d: Deps, r: RewardRecord, byId: string, p: { channel: 'wechat' | 'bank' | 'cash'; voucherNo: string }): Change {
  const at = d.clock.now().toISOString();
  const amountFen = r.amountFen!;
  return {
    after: { state: 'paid', channel: p.channel, voucherNo: p.voucherNo, paidAt: at },
    kind: 'paid',
    data: { amountFen, channel: p.channel, voucherNo: p.voucherNo },
    extra: [
      // Exactly once: the payout's key is the reward's.
      d.db.payouts
        .build(PutTransaction)
        .item({ rewardId: r.id, kind: 'payout', at, period: periodOf(at), area: r.area, reporterId: r.reporterId, amountFen, channel: p.channel, voucherNo: p.voucherNo, byId })
        .options({ condition: { attr: 'rewardId', exists: false } }) as never,
    ],
    deltas: areaDeltas(r.area, periodOf(at), { rewards_paid: 1, reward_fen_paid: amountFen }),
  };
}

export async function payReward(d: Deps, actor: Actor, id: string, body: z.infer<typeof PayRewardBody>) {
  const requestHash = hashOf({ by: actor.userId, id, body });
  const r = await reviewable(d, actor, id);
  if ((await atVersion(d, r, body.version, requestHash)) === 'already-done') return detail(d, actor, r);
  if (!canAct('pay', r.state)) refuseState('pay', r);
  if (body.channel !== 'wechat') {
    const after = await commit(d, r, actor.userId, requestHash, paidChange(d, r, actor.userId, { channel: body.channel, voucherNo: body.voucherNo }));
    const record = after === 'already-done' ? ((await getRewardRecord(d, id)) ?? r) : after;
    if (after !== 'already-done') await tellReporter(d, record);
    return detail(d, actor, record);
  }
  const reporter = await getUser(d.db, r.reporterId);
  if (!reporter?.openid) {
    throw new DomainError('VALIDATION_FAILED', '举报人未通过微信登录，无法微信转账，请选择银行转账或现金', { channel: '举报人未绑定微信' });
  }
  const attempt = r.attempt + 1;
  const bill = outBillNo(r.id, attempt);
  const paying = await commit(d, r, actor.userId, requestHash, { after: { state: 'paying', channel: 'wechat', attempt, outBillNo: bill }, kind: 'pay', data: { amountFen: r.amountFen, channel: 'wechat', outBillNo: bill } });
  if (paying === 'already-done') return detail(d, actor, (await getRewardRecord(d, id)) ?? r);
  let transfer: Transfer | undefined;
  try {
    transfer = await d.payments.transfer({ outBillNo: bill, openid: reporter.openid, amountFen: r.amountFen!, remark: '安全隐患举报奖励' });
  } catch (error) {
    // The outcome is unknown: the reward stays 发放中, and asking again (same bill) settles it.
    if (!(error instanceof PaymentUnknown)) throw error;
    logLine({ level: 'info', event: 'transfer-unknown', rewardId: r.id, outBillNo: bill, error: error.message });
  }
  const settled = transfer ? await settle(d, r.id, transfer) : paying;
  if (settled.state === 'paying') await tellReporter(d, settled);
  return detail(d, actor, settled);
}

/**
 * Records a transfer's outcome on the reward it belongs to, once: a notice, a query and a
 * duplicate of either all come here, and only the first that finds the reward 发放中 with this
 * bill writes.
 */
async function settle(d: Deps, rewardId: string, t: Transfer): Promise<RewardRecord> {
  for (let attempt = 1; ; attempt++) {
    const r = await getRewardRecord(d, rewardId);
    if (!r) throw new DomainError('NOT_FOUND', NOT_FOUND);
    if (r.state !== 'paying' || r.outBillNo !== t.outBillNo || (t.state !== 'success' && t.state !== 'failed')) return r;
    const change: Change =
      t.state === 'success'
        ? paidChange(d, r, 'wechatpay', { channel: 'wechat', voucherNo: t.billNo ?? t.outBillNo })
        : { after: { state: 'failed', failReason: t.failReason ?? '转账失败' }, kind: 'payment_failed', data: { outBillNo: t.outBillNo, failReason: t.failReason ?? '转账失败' } };
    try {
      const after = await commit(d, r, 'wechatpay', hashOf({ settle: t.outBillNo, state: t.state }), change);
      if (after === 'already-done') return (await getRewardRecord(d, rewardId)) ?? r;
      await tellReporter(d, after);
      return after;
    } catch (error) {
      // Another notice or query settled it meanwhile: read what stands.
      if (!(error instanceof DomainError && error.code === 'CONFLICT') || attempt >= 3) throw error;
    }
  }
}

/** Asks the channel how the running transfer stands and records it (after a timeout, or after the reporter confirmed). */
export async function syncRewardPayment(d: Deps, actor: Actor, id: string) {
  const r = await reviewable(d, actor, id);
  try {
    return detail(d, actor, await askChannel(d, r));
  } catch (error) {
    if (!(error instanceof PaymentUnknown)) throw error;
    throw new DomainError('UNAVAILABLE', '暂时查询不到微信支付的结果，请稍后再试');
  }
}

/** A 发放中 reward as the channel has it now, recorded; the record unchanged when nothing is known yet. */
async function askChannel(d: Deps, r: RewardRecord): Promise<RewardRecord> {
  if (r.state !== 'paying' || !r.outBillNo) return r;
  let t = await d.payments.query(r.outBillNo);
  // WeChat never received it (the request was lost on the way): send it again under the same bill.
  if (!t) {
    const user = await getUser(d.db, r.reporterId);
    if (!user?.openid) return r;
    t = await d.payments.transfer({ outBillNo: r.outBillNo, openid: user.openid, amountFen: r.amountFen!, remark: '安全隐患举报奖励' });
  }
  return settle(d, r.id, t);
}

/** What the reporter's phone needs to confirm receipt in WeChat (wx.requestMerchantTransfer). */
export async function rewardReceipt(d: Deps, actor: Actor, id: string) {
  const r = await getRewardRecord(d, id);
  if (!r || r.reporterId !== actor.userId) throw new DomainError('NOT_FOUND', NOT_FOUND);
  if (r.state !== 'paying' || r.channel !== 'wechat' || !r.outBillNo) throw new DomainError('CONFLICT', '该奖励当前不需要确认收款');
  try {
    return await d.payments.receipt(r.outBillNo);
  } catch (error) {
    if (!(error instanceof PaymentUnknown)) throw error;
    throw new DomainError('UNAVAILABLE', '暂时无法确认收款，请稍后再试');
  }
}

/** WeChat Pay's notice of a transfer's outcome; answered the way WeChat Pay expects. */
export async function transferNotice(d: Deps, headers: Record<string, string | undefined>, rawBody: string) {
  const t = d.payments.readNotice(headers, rawBody);
  if (!t) throw new DomainError('FORBIDDEN', '签名不正确');
  const match = /^RW([0-9A-Z]{26})N\d+$/.exec(t.outBillNo);
  if (match) await settle(d, match[1]!, t).catch((error) => {
    if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
  });
  return { code: 'SUCCESS', message: '成功' };
}

// ---- reversal

/** A payment recorded in error is reversed by a new record with the reason; the payout stays. */
export async function reverseReward(d: Deps, actor: Actor, id: string, body: z.infer<typeof ReverseRewardBody>) {
  const requestHash = hashOf({ by: actor.userId, id, body });
  for (let attempt = 1; ; attempt++) {
    const r = await reviewable(d, actor, id);
    if ((await atVersion(d, r, body.version, requestHash)) === 'already-done') return detail(d, actor, r);
    if (!canAct('reverse', r.state)) refuseState('reverse', r);
    const at = d.clock.now().toISOString();
    const amountFen = r.amountFen!;
    const year = ledgerYear(r.reportedAt);
    const { ledger, version } = await ledgerOf(d, r.reporterId, year);
    const change: Change = {
      after: { state: 'reversed', reason: body.reason },
      kind: 'reverse',
      data: { amountFen, reason: body.reason },
      extra: [
        d.db.payouts
          .build(PutTransaction)
          .item({ rewardId: r.id, kind: 'reversal', at, period: periodOf(at), area: r.area, reporterId: r.reporterId, amountFen: -amountFen, channel: r.channel!, voucherNo: r.voucherNo!, byId: actor.userId, reason: body.reason })
          .options({ condition: { attr: 'rewardId', exists: false } }) as never,
        ledgerWrite(d, r.reporterId, year, addToLedger(ledger, r, -amountFen), version),
      ],
      deltas: areaDeltas(r.area, periodOf(at), { rewards_reversed: 1, reward_fen_reversed: amountFen }),
    };
    try {
      const after = await commit(d, r, actor.userId, requestHash, change);
      return detail(d, actor, after === 'already-done' ? ((await getRewardRecord(d, id)) ?? r) : after);
    } catch (error) {
      if (!(error instanceof LedgerMoved)) throw error;
      if (attempt >= 3) throw new DomainError('CONFLICT', '举报人的奖励记录刚有变动，请重试');
    }
  }
}

// ---- the payout ledger

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** Payouts and reversals under an area in a range of months, with their total to the fen. */
export async function listPayouts(d: Deps, actor: Actor, q: z.infer<typeof PayoutsQuery>) {
  const months = monthsBetween(q.from, q.to);
  if (months.length === 0) throw new DomainError('VALIDATION_FAILED', '截止月份不能早于起始月份', { to: '不能早于起始月份' });
  if (months.length > 24) throw new DomainError('VALIDATION_FAILED', '一次最多查询24个月', { from: '范围不能超过24个月' });
  const areas = q.area ? [q.area] : outermostAreasOf(actor, ...REVIEWERS);
  if (areas.length === 0 || !areas.every((a) => canReachArea(actor, a, ...REVIEWERS))) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  const items = (
    await Promise.all(
      areas.flatMap((area) => months.map((month) => queryAll(d.db.table, d.db.payouts, { index: 'gsi1', partition: `PAYOUTS#${districtOf(area)}#${month}`, range: { beginsWith: subtreePrefix(area) } }))),
    )
  )
    .flat()
    .sort((a, b) => a.at.localeCompare(b.at) || a.rewardId.localeCompare(b.rewardId));
  const names = new NameCache(d.db);
  return {
    payouts: await Promise.all(
      items.map(async (p) => {
        const areaName = await names.area(p.area);
        return {
          rewardId: p.rewardId,
          kind: p.kind,
          at: p.at,
          area: p.area,
          ...(areaName ? { areaName } : {}),
          reporterName: (await names.user(p.reporterId)) ?? '（用户已注销）',
          amountFen: p.amountFen,
          channel: p.channel,
          voucherNo: p.voucherNo,
          byName: p.byId === 'wechatpay' ? '微信支付' : ((await names.user(p.byId)) ?? p.byId),
        };
      }),
    ),
    totalFen: items.reduce((n, p) => n + p.amountFen, 0),
  };
}

/** Notifies the reporter of an outcome they care about (approved, rejected, paid, waiting for them). */
async function tellReporter(d: Deps, r: RewardRecord): Promise<void> {
  const what: Partial<Record<RewardState, string>> = {
    approved: `奖励已批准：${formatYuan(r.amountFen ?? 0)}`,
    rejected: '奖励未获批准',
    paying: '奖励已转账，请在微信中确认收款',
    paid: `奖励已发放：${formatYuan(r.amountFen ?? 0)}`,
  };
  const text = what[r.state];
  if (!text) return;
  await send(d, 'rewardOutcome', [r.reporterId], MINE_PAGE, { thing1: thing(r.description), phrase2: phrase(REWARD_STATE_LABELS[r.state]), thing3: thing(text) }, `${r.id}#${r.version}`);
}

/** The payout ledger as .xlsx for finance: one row per payout or reversal, and the total that matches them to the fen. */
export async function exportPayouts(d: Deps, actor: Actor, q: z.infer<typeof PayoutsQuery>) {
  const { payouts, totalFen } = await listPayouts(d, actor, q);
  return exportWorkbook(d, actor, `隐患举报奖励发放台账${q.from}至${q.to}`, [
    {
      name: '奖励发放台账',
      headers: ['发放时间', '类型', '所属区域', '举报人', '金额（元）', '发放方式', '凭证号/转账单号', '经办', '奖励编号'],
      widths: [18, 6, 24, 10, 12, 10, 30, 10, 30],
      moneyColumns: [4],
      rows: payouts.map((p) => [shanghaiMinute(p.at), p.kind === 'payout' ? '发放' : '冲正', p.areaName ?? p.area, p.reporterName, yuanCell(p.amountFen), PAY_CHANNEL_LABELS[p.channel], p.voucherNo, p.byName, p.rewardId]),
      footer: () => [['合计', `${payouts.length} 笔`, undefined, undefined, yuanCell(totalFen)]],
    },
  ]);
}
