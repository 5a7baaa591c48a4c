/**
 * The dashboard's cost for a street with 1,000 hazards and a street with 100,000, in
 * one table of DynamoDB Local (the demo district's areas; the use case the handler calls — the
 * middy stack in front makes no DynamoDB request). The hazards are written raw (BatchWriteItem,
 * the entity's item shape with its index keys), spread over 24 months in the streets' micro-grids,
 * with the Counter items the use cases would have kept for them (report, confirm, close / reject /
 * merge; stock by state and overdue) in the hazard's area and every ancestor. The dashboard of a
 * street (its communities as children) over the last 12 months is timed turn about on the two
 * streets, and its read units summed from ReturnConsumedCapacity: TOTAL.
 * Figures: latency_ratio_100k_vs_1k (median ÷ median; aim ≤ 1.2), read_units_ratio_100k_vs_1k
 * (aim ≤ 1.0), the medians, read units and round trips of one call on each.
 * BENCH_HAZARDS sets the big street's count (default 100,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { BatchWriteCommand, execute } from 'dynamodb-toolbox/table/actions/batchWrite';
import { ulid } from 'ulid';
import { type Actor, HAZARD_CATEGORIES, type HazardCore, type HazardState, flowKeys, isWithin, periodOf, selfAndAncestors, stockKeys } from '@safegrid/shared';
import { readConfig } from '../functions/src/config';
import { type Deps, makeDeps, overrideDeps } from '../functions/src/deps';
import type { HazardRecord } from '../functions/src/repos/hazards';
import { dashboard } from '../functions/src/usecases/dashboard';
import { generateDistrict } from '../scripts/demo/generate';
import { loadDistrict } from '../scripts/demo/load';
import { ensureBucket, ensureTable, freePort, startDynamo, startS3 } from '../scripts/local/services';
import { type Figures, median } from './lib';

const SIZES = { '1k': 1_000, '100k': Number(process.env.BENCH_HAZARDS ?? 100_000) };
const RUNS = 21;
const WRITERS = 16;
const DAY = 86_400_000;

function bulkHazard(n: number, e: { id: string; area: string; lng: number; lat: number }): HazardRecord {
  const at = new Date(Date.now() - (n % 730) * DAY - (n % 997) * 60_000).toISOString();
  // Most of a district's hazards are history; some are open, a few of those overdue.
  const state: HazardState = (['closed', 'closed', 'closed', 'closed', 'closed', 'rejected', 'merged', 'reported', 'rectifying', 'planning', 'rechecking', 'enforcing'] as const)[n % 12]!;
  const confirmed = !['reported', 'rejected', 'merged'].includes(state);
  const overdue = ['rectifying', 'planning'].includes(state) && n % 5 === 0;
  return {
    id: ulid(Date.parse(at)),
    state,
    area: e.area,
    source: (['public', 'gridworker', 'worker'] as const)[n % 3]!,
    reporterId: 'demo-public',
    anonymous: n % 4 === 0,
    category: HAZARD_CATEGORIES[n % HAZARD_CATEGORIES.length]!,
    description: `压测隐患${n}：仓库安全出口堵塞，消防通道堆放杂物`,
    photos: [`hazard-photos/bench/${n}.jpg`],
    lng: e.lng,
    lat: e.lat,
    enterpriseId: e.id,
    ...(confirmed ? { level: n % 50 === 0 ? ('重大' as const) : ('一般' as const), deadline: new Date(Date.parse(at) + 14 * DAY).toISOString().slice(0, 10) } : {}),
    ...(overdue ? { overdue: true } : {}),
    escalation: 0,
    letters: [],
    createdAt: at,
    updatedAt: at,
    version: confirmed ? 4 : 2,
    requestHash: 'bulk',
  };
}

/** The counters the moves would have kept: flow in the month (all moves put in the report's month), stock by state. */
function countersOf(hazards: HazardRecord[]) {
  const items = new Map<string, Record<string, number>>();
  const add = (area: string, period: string, key: string) => {
    for (const a of selfAndAncestors(area)) {
      const k = `${a}|${period}`;
      const item = items.get(k) ?? {};
      item[key] = (item[key] ?? 0) + 1;
      items.set(k, item);
    }
  };
  for (const h of hazards) {
    const core = h as unknown as HazardCore;
    const month = periodOf(h.createdAt);
    for (const k of flowKeys('report', { ...core, state: 'reported' })) add(h.area, month, k);
    if (h.state === 'rejected') add(h.area, month, 'rejected');
    else if (h.state === 'merged') add(h.area, month, 'merged');
    else if (h.level) {
      for (const k of flowKeys('confirm', { ...core, state: 'rectifying' })) add(h.area, month, k);
      if (h.state === 'closed') add(h.area, month, 'closed');
    }
    for (const k of stockKeys(core)) add(h.area, 'STOCK', k);
  }
  return [...items].map(([k, v]) => {
    const [area, period] = k.split('|') as [string, string];
    return { area, period, ...v };
  });
}

async function writeAll(d: Deps, requests: unknown[]) {
  const batches: unknown[][] = [];
  for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      await execute({ maxAttempts: 10 }, d.db.table.build(BatchWriteCommand).requests(...(batch as [never])));
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, worker));
}

/** Counts requests and sums the read units DynamoDB reports, asking every request for them. */
function meter(d: Deps) {
  let trips = 0;
  let units = 0;
  d.db.table.getDocumentClient().middlewareStack.add(
    (next) => async (args) => {
      trips++;
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const cc = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      for (const c of Array.isArray(cc) ? cc : cc ? [cc] : []) units += c.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'benchDashboard' },
  );
  return { reset: () => ((trips = 0), (units = 0), undefined), get: () => ({ trips, units }) };
}

export async function run(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'safegrid-bench-'));
  const dynamo = await startDynamo(await freePort());
  const s3 = await startS3(await freePort(), join(dir, 's3'));
  try {
    Object.assign(process.env, { STAGE: 'test', BUCKET_NAME: 'bench-dashboard', DYNAMODB_ENDPOINT: dynamo.endpoint, S3_ENDPOINT: s3.endpoint, LOG_LEVEL: 'error' });
    await ensureBucket(s3.endpoint, 'bench-dashboard');
    await ensureTable(dynamo.endpoint, 'bench-dashboard');
    const d = overrideDeps(makeDeps(readConfig({ ...process.env, TABLE_NAME: 'bench-dashboard' })));
    const district = generateDistrict();
    await loadDistrict(d.db, district);
    const root = district.areas.find((a) => !a.parent)!.path;
    // Two separate subtrees (streets, else communities, else grids) with as many children as each other:
    // the dashboard's cost is meant to follow the children and months, so only the hazards differ.
    const candidates = district.areas
      .filter((a) => a.level === 'street' || a.level === 'community' || a.level === 'grid')
      .map((s) => ({ street: s, children: district.areas.filter((a) => a.parent === s.path).length, ents: district.enterprises.filter((e) => isWithin(e.area, s.path)) }))
      .filter((c) => c.children > 1 && c.ents.length > 0);
    const rankOf = { street: 0, community: 1, grid: 2 } as Record<string, number>;
    const pairs = candidates.flatMap((a) =>
      candidates.filter((b) => b !== a && b.street.level === a.street.level && b.children === a.children && b.ents.length <= a.ents.length && !isWithin(a.street.path, b.street.path) && !isWithin(b.street.path, a.street.path)).map((b) => ({ big: a, small: b })),
    );
    pairs.sort((x, y) => rankOf[x.big.street.level]! - rankOf[y.big.street.level]! || y.big.children - x.big.children || y.small.ents.length - x.small.ents.length);
    if (!pairs[0]) throw new Error('no two areas with as many children');
    const chosen = { '1k': pairs[0].small, '100k': pairs[0].big };
    for (const [label, count] of Object.entries(SIZES) as [keyof typeof SIZES, number][]) {
      const { street, ents } = chosen[label];
      const t = Date.now();
      const hazards = Array.from({ length: count }, (_, n) => bulkHazard(n, ents[(n * 7919) % ents.length]!));
      const counters = countersOf(hazards).filter((c) => c.area !== root);
      await writeAll(d, [...hazards.map((h) => d.db.hazards.build(BatchPutRequest).item(h)), ...counters.map((c) => d.db.counters.build(BatchPutRequest).item(c as never))]);
      console.log(`  ${label}: ${count} hazards and ${counters.length} counter items written under ${street.name} (${street.path}, ${ents.length} enterprises) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
    const actor: Actor = { userId: 'bench-supervisor', grants: [{ role: 'supervisor', area: root }] };
    const now = new Date().toISOString();
    const to = periodOf(now);
    const from = periodOf(new Date(Date.now() - 335 * DAY).toISOString());
    const m = meter(d);
    const call = (label: keyof typeof SIZES) => dashboard(d, actor, { area: chosen[label].street.path, from, to });
    // Warm: the SDK and the connection.
    for (const label of Object.keys(SIZES) as (keyof typeof SIZES)[]) await call(label);
    const times: Record<string, number[]> = { '1k': [], '100k': [] };
    const reads: Record<string, { trips: number; units: number }> = {};
    for (let i = 0; i < RUNS; i++) {
      for (const label of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
        m.reset();
        const t0 = performance.now();
        const res = await call(label);
        times[label]!.push(performance.now() - t0);
        reads[label] = m.get();
        if (i === 0) console.log(`  ${label}: ${res.areas[0]!.children.length} children, reported ${res.areas[0]!.flow.reported} in ${from}…${to}, ${reads[label]!.trips} requests, ${reads[label]!.units} read units`);
      }
    }
    d.db.table.getDocumentClient().middlewareStack.remove('benchDashboard');
    const ms = { '1k': median(times['1k']!), '100k': median(times['100k']!) };
    const round = (x: number, p = 10) => Math.round(x * p) / p;
    const big = SIZES['100k'] === 100_000 ? '100k' : `${Math.round(SIZES['100k'] / 1000)}k`;
    return {
      [`latency_ratio_${big}_vs_1k`]: round(ms['100k'] / ms['1k'], 100),
      [`read_units_ratio_${big}_vs_1k`]: round(reads['100k']!.units / reads['1k']!.units, 100),
      median_ms_1k: round(ms['1k']),
      [`median_ms_${big}`]: round(ms['100k']),
      read_units_1k: reads['1k']!.units,
      [`read_units_${big}`]: reads['100k']!.units,
      round_trips_1k: reads['1k']!.trips,
      [`round_trips_${big}`]: reads['100k']!.trips,
      months: 12,
    };
  } finally {
    await s3.stop();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
