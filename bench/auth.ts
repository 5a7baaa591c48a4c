/**
 * What reading the caller's grants from their record costs a request (a removed grant
 * must stop working within 60 s, so grants no longer ride in the token). The same light route
 * (GET /areas through its real handler, the whole middy stack, against DynamoDB Local) is timed
 * turn about with the per-container cache warm (the usual case: one read per user per 30 s) and
 * with it emptied before every request (every request reads the user record: the worst case).
 * Figures: miss_vs_hit_ratio (median ÷ median), the medians, and the read units one miss costs
 * (a strongly consistent GetItem of the user's item, so a change is seen at once).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { readConfig } from '../functions/src/config';
import { makeDeps, overrideDeps } from '../functions/src/deps';
import { handler as listAreas } from '../functions/src/handlers/listAreas';
import { forgetActor } from '../functions/src/usecases/actors';
import { generateDistrict } from '../scripts/demo/generate';
import { loadDistrict } from '../scripts/demo/load';
import { ensureTable, freePort, startDynamo } from '../scripts/local/services';
import { type Figures, median } from './lib';

const RUNS = 301;

export async function run(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'safegrid-bench-'));
  const dynamo = await startDynamo(await freePort());
  try {
    Object.assign(process.env, { STAGE: 'test', DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: 'bench-auth', LOG_LEVEL: 'error' });
    await ensureTable(dynamo.endpoint, 'bench-auth');
    const d = overrideDeps(makeDeps(readConfig(process.env)));
    const district = generateDistrict();
    await loadDistrict(d.db, district);
    const user = district.users.find((u) => u.id === 'demo-supervisor')!;
    const { token } = await d.tokens.issue({ userId: user.id, grants: user.grants }, new Date());
    const client = d.db.table.getDocumentClient();
    const event = {
      version: '2.0',
      rawPath: '/areas',
      headers: { authorization: `Bearer ${token}` },
      requestContext: { http: { method: 'GET', path: '/areas' } },
    } as unknown as APIGatewayProxyEventV2;
    const call = async () => {
      const res = await listAreas(event, { awsRequestId: 'bench' } as Context);
      if (res.statusCode !== 200) throw new Error(`listAreas answered ${res.statusCode}`);
    };
    for (let i = 0; i < 20; i++) await call();
    const hit: number[] = [];
    const miss: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t0 = performance.now();
      await call();
      hit.push(performance.now() - t0);
      forgetActor(user.id);
      t0 = performance.now();
      await call();
      miss.push(performance.now() - t0);
    }
    // What one miss reads, asked of DynamoDB itself: the same consistent GetItem of the user's item.
    const probe = await client.send(new GetCommand({ TableName: 'bench-auth', Key: { pk: `USER#${user.id}`, sk: 'USER' }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
    const readUnits = probe.ConsumedCapacity?.CapacityUnits ?? NaN;
    const h = median(hit);
    const m = median(miss);
    console.log(`  cache hit ${h.toFixed(2)} ms, miss ${m.toFixed(2)} ms (medians of ${RUNS}); ${readUnits} read unit(s) a miss`);
    return {
      miss_vs_hit_ratio: Math.round((m / h) * 100) / 100,
      hit_median_ms: Math.round(h * 100) / 100,
      miss_median_ms: Math.round(m * 100) / 100,
      read_units_per_miss: readUnits,
      cache_ttl_s: 30,
    };
  } finally {
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
