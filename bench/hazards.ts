/**
 * The hazard loop's cost with 1,000 and with 100,000 hazards in the table (DynamoDB Local,
 * s3rver, the real handlers in this process). The tables hold the same open work — 200 open
 * hazards — and differ in history (closed, rejected, merged), which is how a district's table
 * grows. For one scenario (report → triage → rectify → recheck, and the gridworker's queue) it
 * counts DynamoDB round trips (requests the document client sends) and times the queue. It calls
 * the use cases the handlers call: the middy stack in front of them makes no DynamoDB request.
 * Figures: round_trips_1k and round_trips_100k (sums over the five requests; they must be
 * equal), queue_latency_ratio_100k_vs_1k (median queue time, 100k ÷ 1k, measured in this run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { BatchWriteCommand, execute } from 'dynamodb-toolbox/table/actions/batchWrite';
import { ulid } from 'ulid';
import { type Actor, HAZARD_CATEGORIES, type HazardState, type User } from '@safegrid/shared';
import { readConfig } from '../functions/src/config';
import { deps, makeDeps, overrideDeps } from '../functions/src/deps';
import { hazardQueue, moveHazard, reportHazard } from '../functions/src/usecases/hazards';
import type { HazardRecord } from '../functions/src/repos/hazards';
import { hazardPhotoKey } from '../functions/src/usecases/uploads';
import { generateDistrict } from '../scripts/demo/generate';
import { loadDistrict } from '../scripts/demo/load';
import { ensureBucket, ensureTable, freePort, startDynamo, startS3 } from '../scripts/local/services';
import { type Figures, median } from './lib';

const OPEN = 200;
const SIZES = { '1k': 1_000, '100k': Number(process.env.BENCH_HAZARDS ?? 100_000) };
const QUEUE_RUNS = 30;

/** Bulk history: hazards as the loop leaves them, written directly (their counters do not matter here). */
function bulkHazard(n: number, area: string, lng: number, lat: number, state: HazardState, enterpriseId: string): HazardRecord {
  const at = new Date(Date.now() - (n % 300) * 86_400_000).toISOString();
  return {
    id: ulid(Date.parse(at)),
    state,
    area,
    source: n % 3 ? 'public' : 'gridworker',
    reporterId: 'demo-public',
    anonymous: false,
    category: HAZARD_CATEGORIES[n % HAZARD_CATEGORIES.length]!,
    description: `压测隐患${n}：安全出口堵塞`,
    photos: [],
    lng,
    lat,
    enterpriseId,
    ...(state === 'reported' ? {} : { level: '一般' as const, deadline: at.slice(0, 10) }),
    escalation: 0,
    letters: [],
    createdAt: at,
    updatedAt: at,
    version: 3,
    requestHash: 'bulk',
  };
}

async function fill(count: number, district: ReturnType<typeof generateDistrict>) {
  const { db } = deps();
  const ents = district.enterprises;
  const items: HazardRecord[] = [];
  for (let n = 0; n < count; n++) {
    const e = ents[(n * 7919) % ents.length]!;
    // The open work is the same in both tables; the rest is history.
    const state: HazardState = n < OPEN ? (['reported', 'rectifying', 'rechecking', 'planning'] as const)[n % 4]! : (['closed', 'closed', 'closed', 'rejected', 'merged'] as const)[n % 5]!;
    items.push(bulkHazard(n, e.area, e.lng, e.lat, state, e.id));
  }
  const batches: HazardRecord[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      await execute({ maxAttempts: 10 }, db.table.build(BatchWriteCommand).requests(...(batch.map((h) => db.hazards.build(BatchPutRequest).item(h)) as [never])));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** Counts the DynamoDB requests the document client sends. */
function counter() {
  let n = 0;
  deps()
    .db.table.getDocumentClient()
    .middlewareStack.add(
      (next, context) => (args) => {
        n++;
        if (process.env.BENCH_TRACE) console.log(`    ${context.commandName} ${JSON.stringify((args.input as { IndexName?: string; KeyConditionExpression?: string }).IndexName ?? '')}`);
        return next(args);
      },
      { step: 'initialize', name: 'benchRoundTrips' },
    );
  return { take: () => ((n = 0), undefined), get: () => n };
}

async function scenario(actors: Record<'public' | 'gridworker' | 'owner', Actor>, photo: (userId: string) => Promise<string>, enterpriseId: string, lng: number, lat: number) {
  const rt = counter();
  const trips: Record<string, number> = {};
  const measure = async <T>(name: string, call: () => Promise<T>) => {
    rt.take();
    const result = await call();
    trips[name] = rt.get();
    return result;
  };
  const d = deps();
  const body = { id: ulid(), description: '压测：仓库安全出口堵塞', category: '消防安全' as const, photos: [await photo('demo-public')], lng, lat, enterpriseId, anonymous: false };
  const { hazard } = await measure('report', () => reportHazard(d, actors.public, body));
  const deadline = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
  await measure('triage', () => moveHazard(d, actors.gridworker, hazard.id, { version: 1, move: { action: 'confirm', level: '一般', category: '消防安全', deadline } }));
  const evidence = await photo('demo-owner');
  await measure('rectify', () => moveHazard(d, actors.owner, hazard.id, { version: 2, move: { action: 'submitEvidence', photos: [evidence], note: '已清理' } }));
  await measure('recheck', () => moveHazard(d, actors.gridworker, hazard.id, { version: 3, move: { action: 'recheckPass' } }));
  await measure('queue', () => hazardQueue(d, actors.gridworker));
  d.db.table.getDocumentClient().middlewareStack.remove('benchRoundTrips');
  return trips;
}

export async function run(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'safegrid-bench-'));
  const dynamo = await startDynamo(await freePort());
  const s3 = await startS3(await freePort(), join(dir, 's3'));
  try {
    Object.assign(process.env, { STAGE: 'test', BUCKET_NAME: 'bench-hazards', DYNAMODB_ENDPOINT: dynamo.endpoint, S3_ENDPOINT: s3.endpoint, LOG_LEVEL: 'error' });
    await ensureBucket(s3.endpoint, 'bench-hazards');
    const district = generateDistrict();
    const user = (id: string) => district.users.find((u) => u.id === id)! as User;
    const demoEnterprise = district.enterprises[0]!;
    const figures: Figures = {};
    const actorOf = (id: string): Actor => ({ userId: id, grants: user(id).grants });
    const actors = { public: actorOf('demo-public'), gridworker: actorOf('gw-001'), owner: actorOf('demo-owner') };
    const tables: Record<string, ReturnType<typeof makeDeps>> = {};
    for (const [label, count] of Object.entries(SIZES)) {
      const tableName = `bench-hazards-${label}`;
      await ensureTable(dynamo.endpoint, tableName);
      tables[label] = overrideDeps(makeDeps(readConfig({ ...process.env, TABLE_NAME: tableName })));
      await loadDistrict(deps().db, district);
      const t = Date.now();
      await fill(count, district);
      console.log(`  ${label}: ${count} hazards written in ${((Date.now() - t) / 1000).toFixed(0)} s`);
      const photo = async (userId: string) => {
        const key = hazardPhotoKey(deps(), userId, 'jpg', ulid());
        await deps().storage.putBuffer(key, Buffer.from('ffd8ffd9', 'hex'), 'image/jpeg');
        return key;
      };
      // A warm container: the first pass loads the area list and the SDKs; the second is measured.
      await scenario(actors, photo, demoEnterprise.id, demoEnterprise.lng, demoEnterprise.lat);
      const trips = await scenario(actors, photo, demoEnterprise.id, demoEnterprise.lng, demoEnterprise.lat);
      console.log(`  ${label}: round trips ${JSON.stringify(trips)}`);
      figures[`round_trips_${label}`] = Object.values(trips).reduce((a, b) => a + b, 0);
    }
    // Queue timings taken turn about, so the machine's noise falls on both alike.
    const times: Record<string, number[]> = { '1k': [], '100k': [] };
    for (let i = 0; i < QUEUE_RUNS; i++) {
      for (const label of Object.keys(SIZES)) {
        const t0 = performance.now();
        await hazardQueue(tables[label]!, actors.gridworker);
        times[label]!.push(performance.now() - t0);
      }
    }
    const queueMs = { '1k': median(times['1k']!), '100k': median(times['100k']!) };
    figures.queue_latency_ratio_100k_vs_1k = Math.round((queueMs['100k'] / queueMs['1k']) * 100) / 100;
    figures.queue_median_ms_1k = Math.round(queueMs['1k'] * 10) / 10;
    figures.queue_median_ms_100k = Math.round(queueMs['100k'] * 10) / 10;
    if (figures.round_trips_1k !== figures.round_trips_100k) throw new Error(`round trips differ: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await s3.stop();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
