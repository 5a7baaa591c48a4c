/**
 * Gridworker assessment (网格员考核): per gridworker of an area and a range of months,
 * what they did, a score with the district's weights and the level it suggests; and the area's
 * guarantee leaders against the twice-a-month rule. Read without a Scan, each from a key made for it:
 * - the area's gridworkers: its areas (gsi2 `AREAS#<district>`), then each person (GetItem);
 * - visits and guarantee checks: each person's checks in the months (gsi2 `CHECKBY#<id>`, by time);
 * - hazards found: each person's reports in the months (gsi3 `HAZREP#<id>`, by time);
 * - coverage: the area's enterprises and their standings (as checkCoverage), once for the area;
 * - overdue: the area's overdue hazards (sparse gsi6), once;
 * - rechecks and file updates: the person's months (`PCNT#<id>`), added in the recheck's or the
 *   update's own transaction, since neither the hazards' timelines nor a file's history can be
 *   asked "by whom" without reading them all.
 */
import type { Entity } from 'dynamodb-toolbox/entity';
import type * as z from 'zod';
import {
  type Actor,
  type AssessmentMetrics,
  type AssessmentRow,
  type AssessmentWeights,
  type AssessmentsQuery,
  type GuaranteeRow,
  type SetAssessmentWeightsBody,
  DEFAULT_ASSESSMENT_WEIGHTS,
  DomainError,
  canReachArea,
  districtOf,
  isWithin,
  monthsBetween,
  owesCheck,
  periodOf,
  rechecksOnTimeOf,
  scoreOf,
  suggestedLevel,
} from '@safegrid/shared';
import type { Deps } from '../deps';
import { getArea } from '../repos/areas';
import { RECHECK_BUCKETS } from '../repos/person-counters';
import { queryAll } from '../repos/query-all';
import { getUser } from '../repos/users';
import { checkRules } from './check-rules';
import { operatingUnder, standingsUnder } from './checks';
import { type Setting, keepSetting, keptSetting, settingFor } from './district-settings';
import { NameCache } from './views';

const ASSESSMENT: Setting<AssessmentWeights> = { name: 'ASSESSMENT', label: '考核权重', fallback: DEFAULT_ASSESSMENT_WEIGHTS };

export async function getAssessmentWeights(d: Deps, actor: Actor, district: string) {
  const { value, version } = await keptSetting(d, actor, district, ASSESSMENT);
  return { district, weights: value, version };
}

export async function setAssessmentWeights(d: Deps, actor: Actor, body: z.infer<typeof SetAssessmentWeightsBody>) {
  const { value, version } = await keepSetting(d, actor, body.district, ASSESSMENT, body.weights, body.version);
  return { district: body.district, weights: value, version };
}

/** Supervisors and admins see every row of their area; a gridworker only their own. */
const FULL_READERS = ['supervisor', 'admin'] as const;

/** The instants (ISO, UTC) that bound the months in Asia/Shanghai: [start, end). */
function bounds(from: string, to: string) {
  const [y, m] = to.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { start: new Date(`${from}-01T00:00:00+08:00`).toISOString(), end: new Date(`${next}-01T00:00:00+08:00`).toISOString() };
}

type Range = { start: string; end: string };

/** Items of an index partition whose sort key (`<ISO time>#<id>`) falls in the range; `end` is exclusive, as `<end>#…` sorts after it. */
async function inRange<T>(d: Deps, entity: Entity, index: 'gsi2' | 'gsi3', partition: string, r: Range, attributes: string[]) {
  return (await queryAll(d.db.table, entity, { index, partition, range: { between: [r.start, r.end] } }, { attributes })) as T[];
}

const checksBy = (d: Deps, userId: string, r: Range) =>
  inRange<{ kind: string; enterpriseId: string; submittedAt: string }>(d, d.db.checks, 'gsi2', `CHECKBY#${userId}`, r, ['kind', 'enterpriseId', 'submittedAt']);

const FOUND_SOURCES = new Set(['gridworker', 'site_check']);
const hazardsFoundBy = async (d: Deps, userId: string, r: Range) =>
  (await inRange<{ source: string }>(d, d.db.hazards, 'gsi3', `HAZREP#${userId}`, r, ['source'])).filter((h) => FOUND_SOURCES.has(h.source)).length;

/** A person's monthly counters in the months, summed. */
async function personCounts(d: Deps, userId: string, from: string, to: string) {
  const items = await queryAll(d.db.table, d.db.personCounters, { partition: `PCNT#${userId}`, range: { between: [from, to] } });
  const sum = (k: string) => items.reduce((n, i) => n + (((i as Record<string, unknown>)[k] as number | undefined) ?? 0), 0);
  return { fileUpdates: sum('file_updates'), rechecksByDay: RECHECK_BUCKETS.map(sum) };
}

export async function listAssessments(d: Deps, actor: Actor, q: z.infer<typeof AssessmentsQuery>) {
  const full = canReachArea(actor, q.area, ...FULL_READERS);
  if (!full && !canReachArea(actor, q.area, 'gridworker')) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  const area = await getArea(d.db, q.area);
  if (!area) throw new DomainError('NOT_FOUND', '区域不存在，请检查区域编号', { area: '区域不存在' });
  const range = bounds(q.from, q.to);
  const months = monthsBetween(q.from, q.to);
  const now = d.clock.now();
  const [weights, rules, areas, enterprises, standings, overdue] = await Promise.all([
    settingFor(d, q.area, ASSESSMENT).then((s) => s.value),
    checkRules(d, q.area),
    queryAll(d.db.table, d.db.areas, { index: 'gsi2', partition: `AREAS#${districtOf(q.area)}`, range: { beginsWith: q.area } }),
    operatingUnder(d, q.area),
    standingsUnder(d, q.area),
    queryAll(d.db.table, d.db.hazards, { index: 'gsi6', partition: `HAZOVERDUE#${districtOf(q.area)}`, range: { beginsWith: `${q.area}/` } }),
  ]);
  const within = areas.filter((a) => isWithin(a.path, q.area));
  const names = new Map(within.map((a) => [a.path, a.name]));
  const held = new Map<string, string[]>();
  for (const a of within) if (a.gridworkerId) held.set(a.gridworkerId, [...(held.get(a.gridworkerId) ?? []), a.path]);
  const ids = full ? [...held.keys()] : [...held.keys()].filter((id) => id === actor.userId);

  const gridworkers: AssessmentRow[] = await Promise.all(
    ids.map(async (userId) => {
      const grids = held.get(userId)!;
      const mine = (path: string) => grids.some((g) => isWithin(path, g));
      const [user, checks, hazardsFound, counts] = await Promise.all([getUser(d.db, userId), checksBy(d, userId, range), hazardsFoundBy(d, userId, range), personCounts(d, userId, q.from, q.to)]);
      const theirs = enterprises.filter((e) => mine(e.area));
      const metrics: AssessmentMetrics = {
        months,
        visits: checks.length,
        enterprises: theirs.length,
        covered: theirs.filter((e) => !owesCheck(e.riskClass, standings.get(e.id)?.lastCheckedAt, now, rules.coverage)).length,
        hazardsFound,
        rechecks: counts.rechecksByDay.reduce((a, b) => a + b, 0),
        rechecksOnTime: rechecksOnTimeOf(counts.rechecksByDay, weights.recheckWithinDays),
        overdue: overdue.filter((h) => mine(h.area)).length,
        fileUpdates: counts.fileUpdates,
      };
      const score = scoreOf(metrics, weights);
      return {
        userId,
        name: user?.name ?? userId,
        microgrids: grids.sort().map((path) => ({ path, name: names.get(path) ?? path })),
        ...(user?.gridworkerLevel ? { level: user.gridworkerLevel } : {}),
        metrics,
        coverageRate: metrics.enterprises ? metrics.covered / metrics.enterprises : 1,
        score,
        suggestedLevel: suggestedLevel(score, weights),
      };
    }),
  );
  gridworkers.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN') || a.userId.localeCompare(b.userId));

  // Guarantee leaders: those named on the area's enterprises; each owes each of them the district's checks every month.
  const leaders = new Map<string, Set<string>>();
  if (full) for (const e of enterprises) if (e.guaranteeLeaderId) leaders.set(e.guaranteeLeaderId, (leaders.get(e.guaranteeLeaderId) ?? new Set()).add(e.id));
  const nameCache = new NameCache(d.db);
  const perMonth = rules.guaranteeChecksPerMonth;
  const guaranteeLeaders: GuaranteeRow[] = await Promise.all(
    [...leaders].map(async ([userId, ents]) => {
      const done = (await checksBy(d, userId, range)).filter((c) => c.kind === 'guarantee' && ents.has(c.enterpriseId));
      const byKey = new Map<string, number>();
      for (const c of done) byKey.set(`${c.enterpriseId}|${periodOf(c.submittedAt)}`, (byKey.get(`${c.enterpriseId}|${periodOf(c.submittedAt)}`) ?? 0) + 1);
      let shortfall = 0;
      for (const id of ents) for (const month of monthList(q.from, q.to)) shortfall += Math.max(0, perMonth - (byKey.get(`${id}|${month}`) ?? 0));
      return { userId, name: (await nameCache.user(userId)) ?? userId, enterprises: ents.size, checksDone: done.length, checksOwed: perMonth * ents.size * months, shortfall };
    }),
  );
  guaranteeLeaders.sort((a, b) => b.shortfall - a.shortfall || a.name.localeCompare(b.name, 'zh-CN'));
  return { area: q.area, areaName: area.name, from: q.from, to: q.to, weights, gridworkers, guaranteeLeaders };
}

/** YYYY-MM of every month from `from` to `to`. */
function monthList(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let i = 0; i < monthsBetween(from, to); i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}
