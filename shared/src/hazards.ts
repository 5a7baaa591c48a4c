/**
 * The hazard loop (发现—反馈—整改—复查): the states a hazard passes through, the one table of moves
 * (who may move it from which state to which, with what data), the overdue escalation rule and the
 * counters every move adds to. Pure: time is passed in, nothing is read or written here.
 */
import { selfAndAncestors } from './area-path';
import { type Actor, isWithinGrant } from './scope';

export const HAZARD_STATES = ['reported', 'planning', 'rectifying', 'rechecking', 'enforcing', 'closed', 'rejected', 'merged', 'withdrawn'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];
export const HAZARD_STATE_LABELS: Record<HazardState, string> = {
  reported: '待核实',
  planning: '待报整改方案',
  rectifying: '整改中',
  rechecking: '待复查',
  enforcing: '执法处置中',
  closed: '已销号',
  rejected: '已驳回',
  merged: '已合并',
  withdrawn: '已撤回',
};
/** States in which the enterprise's deadline runs (and escalation can happen). */
export const DEADLINE_STATES: readonly HazardState[] = ['planning', 'rectifying'];
export const OPEN_STATES: readonly HazardState[] = ['reported', 'planning', 'rectifying', 'rechecking', 'enforcing'];

export const HAZARD_LEVELS = ['一般', '重大'] as const;
export type HazardLevel = (typeof HAZARD_LEVELS)[number];

export const HAZARD_SOURCES = ['public', 'worker', 'gridworker', 'supervisor', 'official', 'site_check', 'self_check'] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];
export const HAZARD_SOURCE_LABELS: Record<HazardSource, string> = {
  public: '群众随手拍',
  worker: '员工内部报告',
  gridworker: '网格员巡查',
  supervisor: '监管录入',
  official: '工作人员上报',
  site_check: '现场检查',
  self_check: '企业自查',
};

/** Grants that make their holder an official: whatever they report, wherever they stand, is an official's report. */
const OFFICIAL_ROLES = ['gridworker', 'guarantee_leader', 'supervisor', 'department', 'enforcement', 'admin'] as const;

/**
 * Where a report comes from, by who sends it about what. An official reports as one anywhere
 * (inside their own area first: a supervisor's or gridworker's own ground names them; elsewhere
 * their strongest grant does), so an official's report is never taken for the public's and never
 * earns a reporter's reward. Only people without an official grant are workers or the public.
 */
export function sourceOf(actor: Actor, enterpriseId: string | undefined, area: string): HazardSource {
  const holds = (role: (typeof OFFICIAL_ROLES)[number]) => actor.grants.some((g) => g.role === role);
  const inside = (role: 'supervisor' | 'gridworker') => actor.grants.some((g) => g.role === role && isWithinGrant(area, g));
  if (inside('supervisor')) return 'supervisor';
  if (inside('gridworker')) return 'gridworker';
  if (holds('supervisor')) return 'supervisor';
  if (holds('gridworker')) return 'gridworker';
  if (OFFICIAL_ROLES.some(holds)) return 'official';
  if (enterpriseId && actor.grants.some((g) => g.role === 'worker' && g.enterpriseId === enterpriseId)) return 'worker';
  return 'public';
}

/**
 * The source as someone of the hazard's enterprise may see it. An anonymous worker's report looks
 * like the public's to them: at a small business "a worker reported it" names the person.
 */
export function sourceSeenBy(h: { source: HazardSource; anonymous: boolean }, relations: Set<Relation>): HazardSource {
  return h.anonymous && h.source === 'worker' && seesAsEnterprise(relations) ? 'public' : h.source;
}

/** Someone reading as the enterprise: as in seesReporter, only its reporter or a supervisor over it reads as more. */
const seesAsEnterprise = (relations: Set<Relation>) => relations.has('enterprise') && !relations.has('reporter') && !relations.has('supervisor');

export const HAZARD_CATEGORIES = [
  '消防安全',
  '用电安全',
  '燃气安全',
  '危险化学品',
  '特种设备',
  '有限空间',
  '粉尘防爆',
  '建筑施工',
  '交通运输',
  '劳动防护',
  '其他',
] as const;
export type HazardCategory = (typeof HAZARD_CATEGORIES)[number];

export const ENFORCEMENT_OUTCOMES = ['立案', '责令整改', '处罚'] as const;
export type EnforcementOutcome = (typeof ENFORCEMENT_OUTCOMES)[number];

// ---- escalation (风险提醒函 → 工作督办函 → 执法线索)

export const ESCALATION_KINDS = ['risk_letter', 'supervision_letter', 'enforcement_clue'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
export const ESCALATION_LABELS: Record<EscalationKind, string> = {
  risk_letter: '风险提醒函',
  supervision_letter: '工作督办函',
  enforcement_clue: '执法线索',
};
export type LetterKind = Exclude<EscalationKind, 'enforcement_clue'>;

/** One step: what happens once the hazard is this many days past its deadline. */
export interface EscalationStep {
  kind: EscalationKind;
  daysOverdue: number;
}
/** What a district uses until it configures its own. */
export const DEFAULT_ESCALATION: EscalationStep[] = [
  { kind: 'risk_letter', daysOverdue: 0 },
  { kind: 'supervision_letter', daysOverdue: 5 },
  { kind: 'enforcement_clue', daysOverdue: 10 },
];

const DAY_MS = 24 * 60 * 60 * 1000;
/** Asia/Shanghai keeps UTC+8 all year (no daylight saving). */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** A deadline is a calendar day in Asia/Shanghai; it runs out at the end of that day. */
export function dueAt(deadline: string): string {
  return new Date(Date.parse(`${deadline}T00:00:00+08:00`) + DAY_MS - 1).toISOString();
}

/** Today's date in Asia/Shanghai (China keeps no summer time, so +8 always holds). */
export function shanghaiDate(at: Date | string): string {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The counting period of a moment: its month in Asia/Shanghai, e.g. `2026-11`. */
export function periodOf(at: Date | string): string {
  return shanghaiDate(at).slice(0, 7);
}

/**
 * When the next escalation step falls due, or undefined when none is left or no deadline runs.
 *
 * A step falls due its `daysOverdue` after the deadline runs out, and never sooner than its own
 * interval after the step before it was taken (`escalatedAt`): the interval is the difference of the
 * two steps' days, at least one day (a district's steps grow by at least a day: EscalationStepsSchema).
 * So a sweep that finds a hazard long overdue (the deadline passed while the schedule was down, or a
 * district's steps were changed) takes the first step only, and the next ones follow at their
 * intervals, one step a sweep: never 风险提醒函, 工作督办函 and 执法线索 in the same minute.
 * The first step (or the first after enforcement set a new deadline) counts from the deadline alone.
 */
export function nextEscalationAt(h: Pick<HazardCore, 'state' | 'deadline' | 'escalation' | 'escalatedAt'>, steps: EscalationStep[]): string | undefined {
  if (!h.deadline || !DEADLINE_STATES.includes(h.state)) return undefined;
  const step = steps[h.escalation];
  if (!step) return undefined;
  const byDeadline = Date.parse(dueAt(h.deadline)) + step.daysOverdue * DAY_MS;
  const previous = h.escalation > 0 ? steps[h.escalation - 1] : undefined;
  const taken = h.escalatedAt ? Date.parse(h.escalatedAt) : Number.NaN;
  if (!previous || Number.isNaN(taken)) return new Date(byDeadline).toISOString();
  const interval = Math.max(1, step.daysOverdue - previous.daysOverdue) * DAY_MS;
  return new Date(Math.max(byDeadline, taken + interval)).toISOString();
}

// ---- the state machine

/** The part of a hazard the rules read. */
export interface HazardCore {
  id: string;
  state: HazardState;
  area: string;
  source: HazardSource;
  reporterId: string;
  enterpriseId?: string;
  level?: HazardLevel;
  /** Rectification deadline (YYYY-MM-DD, Asia/Shanghai). */
  deadline?: string;
  /** Escalation steps already taken. */
  escalation: number;
  /** When the last escalation step was taken: the next one waits its interval from it (nextEscalationAt). */
  escalatedAt?: string;
  /** Past its deadline and escalated, and not yet moved on. */
  overdue?: boolean;
  /** The day (Asia/Shanghai) it was rejected: the reporter may appeal for APPEAL_DAYS after. */
  rejectedOn?: string;
  /** The reporter appealed a rejection: once only. */
  appealed?: boolean;
}

/**
 * The reporter's own moves (补充说明, 撤回, 申诉) are for a person's report: not for what a site check
 * or an enterprise's own self-check raised, which its inspector or owner cannot take back.
 */
const REPORTER_MOVES: readonly string[] = ['addNote', 'withdraw', 'appeal'];
const reportersOwn = (h: Pick<HazardCore, 'source'>) => h.source !== 'site_check' && h.source !== 'self_check';

/** How long after a rejection its reporter may appeal (申诉), in days. */
export const APPEAL_DAYS = 7;

/** Why the reporter may not appeal now, or undefined when they may (the state and the relation are checked by MOVES). */
export function appealProblem(h: Pick<HazardCore, 'appealed' | 'rejectedOn'>, today: string): string | undefined {
  if (h.appealed) return '每条隐患只能申诉一次';
  if (!h.rejectedOn || Date.parse(`${today}T00:00:00Z`) - Date.parse(`${h.rejectedOn}T00:00:00Z`) > APPEAL_DAYS * DAY_MS) {
    return `已超过申诉期限（驳回后 ${APPEAL_DAYS} 天内）`;
  }
  return undefined;
}

/** How an actor stands to a hazard; a move names the relations that may make it. */
export type Relation = 'reporter' | 'gridworker' | 'supervisor' | 'enterprise' | 'enforcement' | 'department' | 'overseer' | 'system';

export function relationsOf(actor: Actor | 'system', h: Pick<HazardCore, 'area' | 'enterpriseId' | 'reporterId'>): Set<Relation> {
  const out = new Set<Relation>();
  if (actor === 'system') return out.add('system');
  if (actor.userId === h.reporterId) out.add('reporter');
  for (const g of actor.grants) {
    if (g.role === 'enterprise_owner' && h.enterpriseId && g.enterpriseId === h.enterpriseId) out.add('enterprise');
    if (!isWithinGrant(h.area, g)) continue;
    if (g.role === 'gridworker') out.add('gridworker');
    if (g.role === 'supervisor') out.add('supervisor');
    if (g.role === 'enforcement') out.add('enforcement');
    if (g.role === 'department') out.add('department');
    // Admins and guarantee leaders follow the hazards of their area (隐患台账) and make no move in the loop.
    if (g.role === 'admin' || g.role === 'guarantee_leader') out.add('overseer');
  }
  return out;
}

/** Who may read a hazard at all. Workers read only what they reported themselves. */
export const HAZARD_READERS: readonly Relation[] = ['reporter', 'gridworker', 'supervisor', 'enterprise', 'enforcement', 'department', 'overseer'];
/**
 * Who sees the reporter's name: supervisors always; the loop's officials only when the reporter did
 * not choose anonymity; an enterprise never; overseers (admins, guarantee leaders), who read but take
 * no part in the loop, never.
 */
export function seesReporter(relations: Set<Relation>, anonymous: boolean): boolean {
  if (relations.has('reporter') || relations.has('supervisor')) return true;
  if (relations.has('enterprise')) return false;
  return !anonymous && (relations.has('gridworker') || relations.has('enforcement') || relations.has('department'));
}

export const MOVES = {
  confirm: { label: '核实确认', from: ['reported'], by: ['gridworker', 'supervisor'] },
  merge: { label: '合并为重复', from: ['reported'], by: ['gridworker', 'supervisor'] },
  reject: { label: '驳回', from: ['reported'], by: ['gridworker', 'supervisor'] },
  fixOnSpot: { label: '当场整改', from: ['reported'], by: ['gridworker', 'supervisor'] },
  submitPlan: { label: '提交整改方案', from: ['planning'], by: ['enterprise'] },
  submitEvidence: { label: '提交整改材料', from: ['rectifying'], by: ['enterprise'] },
  recheckPass: { label: '复查通过', from: ['rechecking'], by: ['gridworker', 'supervisor'] },
  recheckFail: { label: '复查不通过', from: ['rechecking'], by: ['gridworker', 'supervisor'] },
  escalate: { label: '逾期升级', from: ['planning', 'rectifying'], by: ['system'] },
  enforce: { label: '执法处置', from: ['enforcing'], by: ['enforcement'] },
  // The reporter's own: add to the report while it is open, take it back before it is verified, appeal a rejection.
  addNote: { label: '补充说明', from: ['reported', 'planning', 'rectifying', 'rechecking', 'enforcing'], by: ['reporter'] },
  withdraw: { label: '撤回', from: ['reported'], by: ['reporter'] },
  appeal: { label: '申诉', from: ['rejected'], by: ['reporter'] },
} as const satisfies Record<string, { label: string; from: readonly HazardState[]; by: readonly Relation[] }>;
export type MoveName = keyof typeof MOVES;
export const MOVE_NAMES = Object.keys(MOVES) as MoveName[];

/** The data each move carries (validated by the API schemas; see hazard-api.ts). */
export type MoveData =
  | { action: 'confirm'; level: HazardLevel; category: HazardCategory; deadline: string; enterpriseId?: string; note?: string }
  | { action: 'merge'; duplicateOf: string; note?: string }
  | { action: 'reject'; reason: string }
  | { action: 'fixOnSpot'; photos: string[]; note: string; category: HazardCategory; enterpriseId?: string }
  | { action: 'submitPlan'; plan: RectificationPlan }
  | { action: 'submitEvidence'; photos: string[]; note: string }
  | { action: 'recheckPass'; note?: string; photos?: string[] }
  | { action: 'recheckFail'; reason: string; deadline: string; photos?: string[] }
  | { action: 'escalate'; step: EscalationKind }
  | { action: 'enforce'; outcome: EnforcementOutcome; documentNo: string; note?: string; then: 'close' | 'rectify'; deadline?: string }
  | { action: 'addNote'; note: string; photos?: string[] }
  | { action: 'withdraw'; reason?: string }
  | { action: 'appeal'; reason: string };

export interface RectificationPlan {
  measures: string;
  /** Money set aside, integer fen. */
  costFen: number;
  personInCharge: string;
  deadline: string;
  interimMeasures: string;
}

export type MoveRefusal =
  | { code: 'FORBIDDEN'; message: string }
  | { code: 'CONFLICT'; message: string }
  | { code: 'VALIDATION_FAILED'; message: string; field: string };

/** The moves an actor may make on a hazard now (the app shows these as buttons); `today` in Asia/Shanghai. */
export function allowedMoves(h: HazardCore, relations: Set<Relation>, today: string): MoveName[] {
  return MOVE_NAMES.filter((m) => {
    const move = MOVES[m];
    if (m === 'appeal' && appealProblem(h, today)) return false;
    if (REPORTER_MOVES.includes(m) && !reportersOwn(h)) return false;
    return (move.from as readonly HazardState[]).includes(h.state) && move.by.some((r: Relation) => relations.has(r));
  });
}

/**
 * Apply a move: the hazard after it, or why it is refused. `today` is the date in Asia/Shanghai;
 * `steps` are the district's escalation steps.
 */
export function applyMove(
  h: HazardCore,
  relations: Set<Relation>,
  data: MoveData,
  today: string,
  steps: EscalationStep[],
): { ok: true; after: HazardCore } | { ok: false; refusal: MoveRefusal } {
  const move = MOVES[data.action];
  if (!move.by.some((r: Relation) => relations.has(r)) || (REPORTER_MOVES.includes(data.action) && !reportersOwn(h))) {
    return { ok: false, refusal: { code: 'FORBIDDEN', message: `您不能对该隐患执行“${move.label}”` } };
  }
  if (!(move.from as readonly HazardState[]).includes(h.state)) {
    return {
      ok: false,
      refusal: { code: 'CONFLICT', message: `该隐患当前为“${HAZARD_STATE_LABELS[h.state]}”，不能执行“${move.label}”，请刷新后查看` },
    };
  }
  const futureDeadline = (deadline: string, field: string): MoveRefusal | undefined =>
    deadline < today ? { code: 'VALIDATION_FAILED', message: '整改期限不能早于今天', field } : undefined;
  const refuse = (refusal: MoveRefusal | undefined) => (refusal ? { ok: false as const, refusal } : undefined);
  const base = { ...h, overdue: undefined };
  let after: HazardCore;
  switch (data.action) {
    case 'confirm': {
      const bad = refuse(futureDeadline(data.deadline, 'deadline'));
      if (bad) return bad;
      if (!data.enterpriseId && !h.enterpriseId) {
        return { ok: false, refusal: { code: 'VALIDATION_FAILED', message: '确认隐患须关联责任企业', field: 'enterpriseId' } };
      }
      after = {
        ...base,
        state: data.level === '重大' ? 'planning' : 'rectifying',
        level: data.level,
        deadline: data.deadline,
        enterpriseId: data.enterpriseId ?? h.enterpriseId,
        escalation: 0,
      };
      break;
    }
    case 'merge':
      if (data.duplicateOf === h.id) return { ok: false, refusal: { code: 'VALIDATION_FAILED', message: '不能与自身合并', field: 'duplicateOf' } };
      after = { ...base, state: 'merged' };
      break;
    case 'reject':
      after = { ...base, state: 'rejected', rejectedOn: today };
      break;
    case 'fixOnSpot':
      after = { ...base, state: 'closed', level: '一般', enterpriseId: data.enterpriseId ?? h.enterpriseId };
      break;
    case 'submitPlan': {
      const bad = refuse(futureDeadline(data.plan.deadline, 'plan.deadline'));
      if (bad) return bad;
      if (h.deadline && data.plan.deadline > h.deadline) {
        return { ok: false, refusal: { code: 'VALIDATION_FAILED', message: `方案完成期限不能晚于整改期限 ${h.deadline}`, field: 'plan.deadline' } };
      }
      after = { ...h, state: 'rectifying' };
      break;
    }
    case 'submitEvidence':
      after = { ...base, state: 'rechecking' };
      break;
    case 'recheckPass':
      after = { ...base, state: 'closed' };
      break;
    case 'recheckFail': {
      const bad = refuse(futureDeadline(data.deadline, 'deadline'));
      if (bad) return bad;
      after = { ...base, state: 'rectifying', deadline: data.deadline };
      break;
    }
    case 'escalate': {
      const step = steps[h.escalation];
      if (!step || step.kind !== data.step) {
        return { ok: false, refusal: { code: 'CONFLICT', message: '该隐患已升级或不需升级，请刷新后查看' } };
      }
      after = {
        ...h,
        escalation: h.escalation + 1,
        overdue: true,
        state: step.kind === 'enforcement_clue' ? 'enforcing' : h.state,
      };
      if (after.state === 'enforcing') after.overdue = undefined;
      break;
    }
    case 'enforce': {
      if (data.then === 'rectify') {
        if (!data.deadline) return { ok: false, refusal: { code: 'VALIDATION_FAILED', message: '责令整改须给出新的整改期限', field: 'deadline' } };
        const bad = refuse(futureDeadline(data.deadline, 'deadline'));
        if (bad) return bad;
        after = { ...base, state: 'rectifying', deadline: data.deadline, escalation: 0 };
      } else {
        after = { ...base, state: 'closed' };
      }
      break;
    }
    case 'addNote':
      after = { ...h };
      break;
    case 'withdraw':
      after = { ...base, state: 'withdrawn' };
      break;
    case 'appeal': {
      const problem = appealProblem(h, today);
      if (problem) return { ok: false, refusal: { code: 'CONFLICT', message: problem } };
      const { rejectedOn: _rejectedOn, ...rest } = base;
      after = { ...rest, state: 'reported', appealed: true };
      break;
    }
  }
  if (after.overdue === undefined) delete after.overdue;
  return { ok: true, after };
}

// ---- counters (read by dashboards; see docs/decisions.md "Counters")

/** Counted per area and month: what happened. */
export const FLOW_COUNTERS = [
  'reported',
  ...HAZARD_SOURCES.map((s) => `reported_${s}` as const),
  'confirmed',
  'confirmed_general',
  'confirmed_major',
  'closed',
  'on_spot',
  'rejected',
  'merged',
  'withdrawn',
  'appealed',
  'plans',
  'evidence',
  'recheck_failed',
  'risk_letters',
  'supervision_letters',
  'enforcement_clues',
  'enforced',
] as const;
/** Not a hazard's, counted in the same items for the dashboards: commitment letters signed, rewards, site checks. */
export const RECORD_FLOW_COUNTERS = [
  'commitments_signed',
  'rewards_proposed',
  'rewards_approved',
  'rewards_paid',
  'reward_fen_paid',
  'rewards_reversed',
  'reward_fen_reversed',
  'checks',
  'check_failed_items',
] as const;
export type FlowCounter = (typeof FLOW_COUNTERS)[number];

/** Counted per area, now: how many hazards stand where. */
export const STOCK_COUNTERS = [...HAZARD_STATES.map((s) => `state_${s}` as const), 'overdue'] as const;
export type StockCounter = (typeof STOCK_COUNTERS)[number];

const LEVEL_KEY: Record<HazardLevel, FlowCounter> = { 一般: 'confirmed_general', 重大: 'confirmed_major' };
const ESCALATION_KEY: Record<EscalationKind, FlowCounter> = {
  risk_letter: 'risk_letters',
  supervision_letter: 'supervision_letters',
  enforcement_clue: 'enforcement_clues',
};

/** What one event adds to the month's counters. */
export function flowKeys(kind: MoveName | 'report' | 'relocate', after: HazardCore, data?: MoveData): FlowCounter[] {
  switch (kind) {
    // Following its enterprise to another grid is no event of the loop: only the stock moves.
    case 'relocate':
      return [];
    case 'report':
      return ['reported', `reported_${after.source}`];
    case 'confirm':
      return ['confirmed', LEVEL_KEY[after.level!]];
    case 'fixOnSpot':
      return ['confirmed', LEVEL_KEY[after.level!], 'closed', 'on_spot'];
    case 'merge':
      return ['merged'];
    case 'reject':
      return ['rejected'];
    case 'submitPlan':
      return ['plans'];
    case 'submitEvidence':
      return ['evidence'];
    case 'recheckPass':
      return ['closed'];
    case 'recheckFail':
      return ['recheck_failed'];
    case 'escalate':
      return [ESCALATION_KEY[(data as { step: EscalationKind }).step]];
    case 'enforce':
      return after.state === 'closed' ? ['enforced', 'closed'] : ['enforced'];
    case 'addNote':
      return [];
    case 'withdraw':
      return ['withdrawn'];
    case 'appeal':
      return ['appealed'];
  }
}

/** Where a hazard stands, as stock counter keys. */
export function stockKeys(h: HazardCore): StockCounter[] {
  return h.overdue ? [`state_${h.state}`, 'overdue'] : [`state_${h.state}`];
}

export interface CounterDelta {
  area: string;
  /** A month (`2026-11`) for flow counters, `STOCK` for stock counters. */
  period: string;
  add: Record<string, number>;
}

/** A counter added to in an area and every area above it. */
export function areaDeltas(area: string, period: string, add: Record<string, number>): CounterDelta[] {
  return selfAndAncestors(area).map((a) => ({ area: a, period, add: { ...add } }));
}

/** One delta per counter item (a transaction may touch an item once), zeros dropped. */
export function mergeDeltas(deltas: CounterDelta[]): CounterDelta[] {
  const merged = new Map<string, CounterDelta>();
  for (const d of deltas) {
    const id = `${d.area}|${d.period}`;
    const into = merged.get(id) ?? { area: d.area, period: d.period, add: {} };
    for (const [k, n] of Object.entries(d.add)) into.add[k] = (into.add[k] ?? 0) + n;
    merged.set(id, into);
  }
  return [...merged.values()]
    .map((d) => ({ ...d, add: Object.fromEntries(Object.entries(d.add).filter(([, n]) => n !== 0)) }))
    .filter((d) => Object.keys(d.add).length > 0);
}

/** Every counter item a move changes, for every ancestor area: the flow of the month and the stock now. */
export function counterDeltas(
  before: HazardCore | undefined,
  after: HazardCore,
  event: { kind: MoveName | 'report'; at: string; data?: MoveData },
): CounterDelta[] {
  const period = periodOf(event.at);
  const ones = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 1]));
  const deltas = [...areaDeltas(after.area, period, ones(flowKeys(event.kind, after, event.data)))];
  if (before) for (const key of stockKeys(before)) deltas.push(...areaDeltas(before.area, 'STOCK', { [key]: -1 }));
  for (const key of stockKeys(after)) deltas.push(...areaDeltas(after.area, 'STOCK', { [key]: 1 }));
  return mergeDeltas(deltas);
}
