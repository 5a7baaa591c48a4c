import fc from 'fast-check';
import {
  DEADLINE_STATES,
  DEFAULT_ESCALATION,
  ENFORCEMENT_OUTCOMES,
  HAZARD_CATEGORIES,
  HAZARD_LEVELS,
  MOVES,
  type HazardCore,
  type MoveData,
  type MoveName,
  type Relation,
  allowedMoves,
  applyMove,
  counterDeltas,
  dueAt,
  flowKeys,
  nextEscalationAt,
  periodOf,
  relationsOf,
  seesReporter,
  selfAndAncestors,
  sourceOf,
  sourceSeenBy,
  shanghaiDate,
  stockKeys,
} from '../src';

const TODAY = '2026-11-23';
const RELATIONS: Relation[] = ['reporter', 'gridworker', 'supervisor', 'enterprise', 'enforcement', 'department', 'system'];
const AREAS = ['d/s1/c1/g1/m1', 'd/s1/c1/g1/m2', 'd/s2/c2/g2'];

const date = fc.integer({ min: -3, max: 40 }).map((n) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10));
const moveData: fc.Arbitrary<MoveData> = fc.oneof(
  fc.record({ action: fc.constant('confirm' as const), level: fc.constantFrom(...HAZARD_LEVELS), category: fc.constantFrom(...HAZARD_CATEGORIES), deadline: date, enterpriseId: fc.option(fc.constant('e1'), { nil: undefined }) }),
  fc.record({ action: fc.constant('merge' as const), duplicateOf: fc.constantFrom('h0', 'other') }),
  fc.record({ action: fc.constant('reject' as const), reason: fc.constant('不属实') }),
  fc.record({ action: fc.constant('fixOnSpot' as const), photos: fc.constant<string[]>(['p']), note: fc.constant('已整改'), category: fc.constantFrom(...HAZARD_CATEGORIES) }),
  fc.record({
    action: fc.constant('submitPlan' as const),
    plan: fc.record({ measures: fc.constant('整改'), costFen: fc.nat(), personInCharge: fc.constant('李四'), deadline: date, interimMeasures: fc.constant('值守') }),
  }),
  fc.record({ action: fc.constant('submitEvidence' as const), photos: fc.constant<string[]>(['p']), note: fc.constant('已整改') }),
  fc.record({ action: fc.constant('recheckPass' as const) }),
  fc.record({ action: fc.constant('recheckFail' as const), reason: fc.constant('未到位'), deadline: date }),
  // Weighted up: reaching enforcement takes three escalations in a row.
  {
    weight: 6,
    arbitrary: fc.record({ action: fc.constant('escalate' as const), step: fc.constantFrom('risk_letter' as const, 'supervision_letter' as const, 'enforcement_clue' as const) }),
  },
  fc.record({
    action: fc.constant('enforce' as const),
    outcome: fc.constantFrom(...ENFORCEMENT_OUTCOMES),
    documentNo: fc.constant('泰应急罚〔2026〕1号'),
    then: fc.constantFrom('close' as const, 'rectify' as const),
    deadline: fc.option(date, { nil: undefined }),
  }),
);
// Half the time someone who holds every relation, so sequences go deep into the loop.
const relations = fc.oneof(fc.subarray(RELATIONS, { minLength: 1 }), fc.constant(RELATIONS));
const step = fc.record({ relations, data: moveData, area: fc.constantFrom(...AREAS), due: fc.boolean() });

/** Most escalations the sweep makes are of the step that is due: let the generator make those too. */
const dueStep = (h: HazardCore, s: { data: MoveData; due: boolean }): MoveData =>
  s.data.action === 'escalate' && s.due && DEFAULT_ESCALATION[h.escalation] ? { action: 'escalate', step: DEFAULT_ESCALATION[h.escalation]!.kind } : s.data;

const fresh = (id: string, area: string, enterpriseId?: string): HazardCore => ({
  id,
  state: 'reported',
  area,
  source: 'public',
  reporterId: 'u1',
  escalation: 0,
  ...(enterpriseId ? { enterpriseId } : {}),
});

describe('the hazard state machine', () => {
  it('never reaches a state the rules forbid, whatever moves anyone tries', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { maxLength: 60 }), (withEnterprise, steps) => {
        let h = fresh('h0', AREAS[0]!, withEnterprise ? 'e1' : undefined);
        for (const s of steps) {
          const relations = new Set(s.relations);
          const data = dueStep(h, s);
          const result = applyMove(h, relations, data, TODAY, DEFAULT_ESCALATION);
          const move = MOVES[data.action];
          const permitted = move.by.some((r: Relation) => relations.has(r));
          const fromOk = (move.from as readonly string[]).includes(h.state);
          if (!permitted) expect(result).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
          else if (!fromOk) expect(result).toMatchObject({ ok: false, refusal: { code: 'CONFLICT' } });
          if (!result.ok) continue;
          expect(allowedMoves(h, relations, TODAY)).toContain(data.action);
          const after = result.after;
          // Every running deadline is a real one, on a confirmed hazard of a known enterprise.
          if (DEADLINE_STATES.includes(after.state) || after.state === 'rechecking') {
            expect(after.deadline).toBeDefined();
            expect(after.level).toBeDefined();
            expect(after.enterpriseId).toBeDefined();
          }
          if (after.state === 'planning') expect(after.level).toBe('重大');
          if (after.state === 'enforcing') expect(data).toMatchObject({ action: 'escalate', step: 'enforcement_clue' });
          if (after.overdue) expect(DEADLINE_STATES).toContain(after.state);
          expect(after.escalation).toBeLessThanOrEqual(DEFAULT_ESCALATION.length);
          // Terminal states stay terminal.
          if (['rejected', 'merged'].includes(h.state)) throw new Error(`moved out of ${h.state}`);
          if (h.state === 'closed') throw new Error('moved out of closed');
          h = after;
          reached.add(h.state);
        }
      }),
      // A fixed seed: with a random one, about one run in twelve never reached 执法处置中 and the coverage check below failed CI at random.
      { numRuns: 500, seed: 20_261_123 },
    );
    // The sequences went everywhere the loop goes.
    expect([...reached].sort()).toEqual(['closed', 'enforcing', 'merged', 'planning', 'rechecking', 'rectifying', 'rejected']);
  });

  it('keeps the counters equal to a recount of the records after any sequence of moves on any hazards', () => {
    let moved = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ hazard: fc.nat({ max: 3 }), step, at: fc.integer({ min: 0, max: 90 }) }), { maxLength: 60 }), (steps) => {
        const counters = new Map<string, number>();
        const apply = (deltas: ReturnType<typeof counterDeltas>) => {
          for (const d of deltas) for (const [k, n] of Object.entries(d.add)) counters.set(`${d.area}|${d.period}|${k}`, (counters.get(`${d.area}|${d.period}|${k}`) ?? 0) + n);
        };
        const hazards = [0, 1, 2, 3].map((i) => fresh(`h${i}`, AREAS[i % AREAS.length]!, i % 2 ? 'e1' : undefined));
        const events: { kind: MoveName | 'report'; after: HazardCore; at: string; data?: MoveData }[] = [];
        const start = Date.parse('2026-10-01T00:00:00+08:00');
        for (const h of hazards) {
          const at = new Date(start).toISOString();
          apply(counterDeltas(undefined, h, { kind: 'report', at }));
          events.push({ kind: 'report', after: h, at });
        }
        for (const s of steps) {
          const before = hazards[s.hazard]!;
          const { relations, area } = s.step;
          const data = dueStep(before, s.step);
          const result = applyMove(before, new Set(relations), data, TODAY, DEFAULT_ESCALATION);
          if (!result.ok) continue;
          moved++;
          // A confirm may move the hazard to the linked enterprise's area.
          const after = data.action === 'confirm' ? { ...result.after, area } : result.after;
          const at = new Date(start + s.at * 86_400_000).toISOString();
          apply(counterDeltas(before, after, { kind: data.action, at, data }));
          events.push({ kind: data.action, after, at, data });
          hazards[s.hazard] = after;
        }
        const recount = new Map<string, number>();
        const add = (area: string, period: string, key: string) => {
          for (const a of selfAndAncestors(area)) recount.set(`${a}|${period}|${key}`, (recount.get(`${a}|${period}|${key}`) ?? 0) + 1);
        };
        for (const h of hazards) for (const k of stockKeys(h)) add(h.area, 'STOCK', k);
        for (const e of events) for (const k of flowKeys(e.kind, e.after, e.data)) add(e.after.area, periodOf(e.at), k);
        const nonZero = (m: Map<string, number>) => Object.fromEntries([...m].filter(([, n]) => n !== 0).sort());
        expect(nonZero(counters)).toEqual(nonZero(recount));
      }),
      { numRuns: 300 },
    );
    // The property saw real sequences, not only refusals.
    expect(moved).toBeGreaterThan(100);
  });
});

describe('deadlines and escalation', () => {
  it('runs a deadline to the end of its day in Asia/Shanghai', () => {
    expect(dueAt('2026-11-30')).toBe('2026-11-30T15:59:59.999Z');
    expect(shanghaiDate('2026-11-30T16:00:00Z')).toBe('2026-12-01');
    expect(periodOf('2026-11-30T15:59:59Z')).toBe('2026-11');
    expect(periodOf('2026-11-30T16:00:00Z')).toBe('2026-12');
  });

  it('schedules the next step from the deadline, and none outside the deadline states', () => {
    const h: HazardCore = { ...fresh('h', AREAS[0]!, 'e1'), state: 'rectifying', level: '一般', deadline: '2026-11-30' };
    expect(nextEscalationAt(h, DEFAULT_ESCALATION)).toBe(dueAt('2026-11-30'));
    expect(nextEscalationAt({ ...h, escalation: 1 }, DEFAULT_ESCALATION)).toBe(new Date(Date.parse(dueAt('2026-11-30')) + 5 * 86_400_000).toISOString());
    expect(nextEscalationAt({ ...h, escalation: 3 }, DEFAULT_ESCALATION)).toBeUndefined();
    expect(nextEscalationAt({ ...h, state: 'rechecking' }, DEFAULT_ESCALATION)).toBeUndefined();
  });

  it('takes only the step that is due, and the clue hands the hazard to enforcement', () => {
    const h: HazardCore = { ...fresh('h', AREAS[0]!, 'e1'), state: 'rectifying', level: '一般', deadline: '2026-11-20', escalation: 2 };
    const system = new Set<Relation>(['system']);
    expect(applyMove(h, system, { action: 'escalate', step: 'risk_letter' }, TODAY, DEFAULT_ESCALATION)).toMatchObject({ ok: false, refusal: { code: 'CONFLICT' } });
    expect(applyMove(h, system, { action: 'escalate', step: 'enforcement_clue' }, TODAY, DEFAULT_ESCALATION)).toMatchObject({ ok: true, after: { state: 'enforcing', escalation: 3 } });
    expect(applyMove(h, new Set<Relation>(['supervisor']), { action: 'escalate', step: 'enforcement_clue' }, TODAY, DEFAULT_ESCALATION)).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
  });
});

describe('who sees the reporter', () => {
  const actor = (role: string, extra: Record<string, string>) => ({ userId: 'x', grants: [{ role, ...extra }] }) as Parameters<typeof relationsOf>[0];
  const h = { area: 'd/s1/c1/g1/m1', enterpriseId: 'e1', reporterId: 'u1' };

  it('is never an enterprise, and the officials only when the report is named', () => {
    for (const anonymous of [true, false]) {
      expect(seesReporter(relationsOf(actor('enterprise_owner', { enterpriseId: 'e1' }), h), anonymous)).toBe(false);
      expect(seesReporter(relationsOf(actor('supervisor', { area: 'd/s1' }), h), anonymous)).toBe(true);
      expect(seesReporter(relationsOf(actor('gridworker', { area: 'd/s1/c1/g1/m1' }), h), anonymous)).toBe(!anonymous);
      expect(seesReporter(relationsOf({ userId: 'u1', grants: [] }, h), anonymous)).toBe(true);
    }
    // An owner who is also a street's gridworker still sees nothing of a report about their own enterprise.
    const both = { userId: 'x', grants: [{ role: 'enterprise_owner' as const, enterpriseId: 'e1' }, { role: 'gridworker' as const, area: 'd/s1' }] };
    expect(seesReporter(relationsOf(both, h), false)).toBe(false);
    expect(relationsOf(actor('supervisor', { area: 'd/s2' }), h).size).toBe(0);
  });
});

describe('where a report comes from', () => {
  const M1 = 'd/s1/c1/g1/m1';
  const as = (...grants: Record<string, string>[]) => ({ userId: 'x', grants }) as unknown as Parameters<typeof sourceOf>[0];

  it('is an official report for anyone holding an official grant, wherever they stand', () => {
    expect(sourceOf(as({ role: 'supervisor', area: 'd/s1' }), 'e1', M1)).toBe('supervisor');
    expect(sourceOf(as({ role: 'supervisor', area: 'd/s2' }), 'e1', M1)).toBe('supervisor');
    expect(sourceOf(as({ role: 'gridworker', area: M1 }), 'e1', M1)).toBe('gridworker');
    expect(sourceOf(as({ role: 'gridworker', area: 'd/s2/c2/g2/m1' }), 'e1', M1)).toBe('gridworker');
    for (const role of ['guarantee_leader', 'department', 'enforcement', 'admin']) expect(sourceOf(as({ role, area: 'd' }), 'e1', M1)).toBe('official');
    // Their own ground names them first: a gridworker of M1 who also supervises elsewhere reports in M1 as its gridworker.
    expect(sourceOf(as({ role: 'supervisor', area: 'd/s2' }, { role: 'gridworker', area: M1 }), 'e1', M1)).toBe('gridworker');
    // An official who also works at the enterprise reports as an official.
    expect(sourceOf(as({ role: 'worker', enterpriseId: 'e1' }, { role: 'department', area: 'd' }), 'e1', M1)).toBe('official');
  });

  it('is the worker only about their own enterprise, and the public otherwise', () => {
    expect(sourceOf(as({ role: 'worker', enterpriseId: 'e1' }), 'e1', M1)).toBe('worker');
    expect(sourceOf(as({ role: 'worker', enterpriseId: 'e1' }), 'e2', M1)).toBe('public');
    expect(sourceOf(as({ role: 'public' }), 'e1', M1)).toBe('public');
    expect(sourceOf(as({ role: 'enterprise_owner', enterpriseId: 'e1' }), 'e1', M1)).toBe('public');
  });

  it('looks like the public to the enterprise when a worker reported anonymously, and only then', () => {
    const owner = new Set<Relation>(['enterprise']);
    expect(sourceSeenBy({ source: 'worker', anonymous: true }, owner)).toBe('public');
    expect(sourceSeenBy({ source: 'worker', anonymous: false }, owner)).toBe('worker');
    expect(sourceSeenBy({ source: 'worker', anonymous: true }, new Set<Relation>(['gridworker']))).toBe('worker');
    expect(sourceSeenBy({ source: 'worker', anonymous: true }, new Set<Relation>(['enterprise', 'gridworker']))).toBe('public');
    expect(sourceSeenBy({ source: 'worker', anonymous: true }, new Set<Relation>(['enterprise', 'supervisor']))).toBe('worker');
    expect(sourceSeenBy({ source: 'gridworker', anonymous: true }, owner)).toBe('gridworker');
  });
});

describe("the reporter's own moves: 补充说明, 撤回, 申诉", () => {
  const reporter = new Set<Relation>(['reporter']);
  const official = new Set<Relation>(['gridworker', 'supervisor']);
  const enterprise = new Set<Relation>(['enterprise']);
  const h = fresh('h1', AREAS[0]!, 'e1');
  const move = (core: HazardCore, rel: Set<Relation>, data: MoveData, today = TODAY) => applyMove(core, rel, data, today, DEFAULT_ESCALATION);
  const confirmed = (() => {
    const r = move(h, official, { action: 'confirm', level: '一般', category: '其他', deadline: TODAY });
    if (!r.ok) throw new Error('confirm');
    return r.after;
  })();
  const rejected = (() => {
    const r = move(h, official, { action: 'reject', reason: '不属实' });
    if (!r.ok) throw new Error('reject');
    return r.after;
  })();

  it('only the reporter adds a note, while the hazard is open, and the note moves nothing', () => {
    expect(move(confirmed, reporter, { action: 'addNote', note: '又看到了' })).toEqual({ ok: true, after: confirmed });
    expect(move(confirmed, official, { action: 'addNote', note: 'x' })).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
    expect(move(confirmed, enterprise, { action: 'addNote', note: 'x' })).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
    expect(move({ ...confirmed, state: 'closed' }, reporter, { action: 'addNote', note: 'x' })).toMatchObject({ ok: false, refusal: { code: 'CONFLICT' } });
    expect(allowedMoves(confirmed, reporter, TODAY)).toEqual(['addNote']);
    expect(flowKeys('addNote', confirmed)).toEqual([]);
  });

  it('the reporter withdraws only before verification: closed as withdrawn, counted like a closure', () => {
    const r = move(h, reporter, { action: 'withdraw' });
    expect(r).toMatchObject({ ok: true, after: { state: 'withdrawn' } });
    expect(allowedMoves(h, reporter, TODAY)).toEqual(['addNote', 'withdraw']);
    expect(move(confirmed, reporter, { action: 'withdraw' })).toMatchObject({ ok: false, refusal: { code: 'CONFLICT' } });
    expect(move(h, official, { action: 'withdraw' })).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
    if (!r.ok) return;
    const deltas = counterDeltas(h, r.after, { kind: 'withdraw', at: `${TODAY}T02:00:00Z` });
    const top = deltas.filter((d) => d.area === 'd');
    expect(top).toEqual(expect.arrayContaining([{ area: 'd', period: '2026-11', add: { withdrawn: 1 } }, { area: 'd', period: 'STOCK', add: { state_reported: -1, state_withdrawn: 1 } }]));
    expect(allowedMoves(r.after, reporter, TODAY)).toEqual([]);
  });

  it('the reporter appeals a rejection once, within 7 days, and it goes back to be verified', () => {
    expect(rejected.rejectedOn).toBe(TODAY);
    expect(allowedMoves(rejected, reporter, TODAY)).toEqual(['appeal']);
    const r = move(rejected, reporter, { action: 'appeal', reason: '隐患仍在' }, '2026-11-30');
    expect(r).toMatchObject({ ok: true, after: { state: 'reported', appealed: true } });
    if (!r.ok) return;
    expect(r.after.rejectedOn).toBeUndefined();
    expect(flowKeys('appeal', r.after)).toEqual(['appealed']);
    // Rejected again: no second appeal.
    const again = move(r.after, official, { action: 'reject', reason: '仍不属实' });
    if (!again.ok) throw new Error('reject');
    expect(allowedMoves(again.after, reporter, TODAY)).toEqual([]);
    expect(move(again.after, reporter, { action: 'appeal', reason: '再次申诉' })).toMatchObject({ ok: false, refusal: { code: 'CONFLICT', message: '每条隐患只能申诉一次' } });
    // Too late, or not the reporter.
    expect(move(rejected, reporter, { action: 'appeal', reason: '晚了' }, '2026-12-01')).toMatchObject({ ok: false, refusal: { code: 'CONFLICT' } });
    expect(allowedMoves(rejected, reporter, '2026-12-01')).toEqual([]);
    expect(move(rejected, official, { action: 'appeal', reason: 'x' })).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
  });

  it('are not for what a site check or a self-check raised: its inspector or owner cannot take it back', () => {
    for (const source of ['site_check', 'self_check'] as const) {
      const raised = { ...h, source };
      expect(allowedMoves(raised, reporter, TODAY)).toEqual([]);
      expect(move(raised, reporter, { action: 'withdraw' })).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
      expect(move(raised, reporter, { action: 'addNote', note: 'x' })).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
    }
  });
});
