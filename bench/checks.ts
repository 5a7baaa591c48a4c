/**
 * A site check's submission cost: a 60-item check with 10 failed items through the use case the
 * handler calls (the middy stack in front makes no DynamoDB request), against the bare
 * TransactWriteItems it ends in, replayed on a second table of the same DynamoDB Local holding the same district. Both are
 * timed turn about in one run, so the machine's noise falls on both alike.
 * Figures: submit_vs_raw_ratio (median ÷ median; aim ≤ 2), round_trips (DynamoDB requests of one
 * submission), submit_median_ms, raw_median_ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { type Actor, type CheckAnswer, type CheckTemplate, type TemplateItem, templateItems } from '@safegrid/shared';
import { readConfig } from '../functions/src/config';
import { makeDeps, overrideDeps } from '../functions/src/deps';
import { publishCheckTemplate, submitCheck } from '../functions/src/usecases/checks';
import { hazardPhotoKey } from '../functions/src/usecases/uploads';
import { generateDistrict } from '../scripts/demo/generate';
import { loadDistrict } from '../scripts/demo/load';
import { placeholderPng } from '../functions/src/lib/png';
import { ensureBucket, ensureTable, freePort, startDynamo, startS3 } from '../scripts/local/services';
import { type Figures, median } from './lib';

const RUNS = 15;
const ITEMS = 60;
const FAILURES = 10;

/** Sixty pass/fail items in six sections. */
function template(district: string) {
  const sections = Array.from({ length: ITEMS / 10 }, (_, s) => ({
    title: `第${s + 1}节`,
    items: Array.from({ length: 10 }, (_, i): TemplateItem => ({ id: `b${s * 10 + i + 1}`, text: `检查内容第${s * 10 + i + 1}项：设施完好、制度落实`, kind: 'passfail', basis: '《安全生产法》', failLevel: '一般', required: true })),
  }));
  return { district, id: 'bench-60', baseVersion: 0, name: '压测检查表（60项）', industries: [], sections };
}

export async function run(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'safegrid-bench-'));
  const dynamo = await startDynamo(await freePort());
  const s3 = await startS3(await freePort(), join(dir, 's3'));
  try {
    Object.assign(process.env, { STAGE: 'test', BUCKET_NAME: 'bench-checks', DYNAMODB_ENDPOINT: dynamo.endpoint, S3_ENDPOINT: s3.endpoint, LOG_LEVEL: 'error' });
    await ensureBucket(s3.endpoint, 'bench-checks');
    await ensureTable(dynamo.endpoint, 'bench-checks');
    await ensureTable(dynamo.endpoint, 'bench-checks-raw');
    const d = overrideDeps(makeDeps(readConfig({ ...process.env, TABLE_NAME: 'bench-checks' })));
    const district = generateDistrict();
    await loadDistrict(d.db, district);
    const actor = (id: string): Actor => ({ userId: id, grants: district.users.find((u) => u.id === id)!.grants });
    const root = district.areas.find((a) => !a.parent)!.path;
    const { template: t } = await publishCheckTemplate(d, actor('demo-district'), template(root));
    const grids = new Set(district.users.find((u) => u.id === 'gw-001')!.grants.map((g) => g.area));
    // A fresh enterprise each run, so every submission is an enterprise's first check of the period.
    const firms = district.enterprises.filter((e) => grids.has(e.area) && e.status === '在营');
    const photo = placeholderPng(100, 100, 100);
    const put = async () => {
      const key = hazardPhotoKey(d, 'gw-001', 'png', ulid());
      await d.storage.putBuffer(key, photo, 'image/png');
      return key;
    };
    const body = async (n: number) => {
      const e = firms[n]!;
      const answers: CheckAnswer[] = [];
      for (const [i, item] of templateItems(t as CheckTemplate).entries()) {
        answers.push(i < FAILURES ? { itemId: item.id, result: 'fail', photos: [await put()], note: '现场发现问题' } : { itemId: item.id, result: 'pass', photos: [] });
      }
      return { id: ulid(), enterpriseId: e.id, kind: 'daily' as const, templateId: t.id, templateVersion: t.version, checkIn: { lng: e.lng, lat: e.lat, at: new Date().toISOString() }, answers, signatureKey: await put(), signerName: '张三' };
    };

    // Counts requests, and keeps the transaction the submission ends in.
    const client = d.db.table.getDocumentClient();
    let trips = 0;
    let last: Record<string, unknown> | undefined;
    client.middlewareStack.add(
      (next, context) => (args) => {
        trips++;
        if (/TransactWrite/.test(context.commandName ?? '')) last = structuredClone(args.input as Record<string, unknown>);
        return next(args);
      },
      { step: 'initialize', name: 'benchChecks' },
    );
    // The same district in the replay's table: the transaction updates the enterprise's file (the
    // check is its monthly update) under a condition on the version the file had.
    const rawDb = makeDeps(readConfig({ ...process.env, TABLE_NAME: 'bench-checks-raw' })).db;
    await loadDistrict(rawDb, district);
    const raw = rawDb.table.getDocumentClient();
    const replay = (input: Record<string, unknown>) => {
      const items = (input.TransactItems as Record<string, { TableName: string }>[]).map((w) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, { ...v, TableName: 'bench-checks-raw' }])));
      return raw.send(new TransactWriteCommand({ TransactItems: items } as never));
    };

    // Warm: the SDKs and the first connection.
    await submitCheck(d, actor('gw-001'), await body(0));
    await replay(last!);
    const submitMs: number[] = [];
    const rawMs: number[] = [];
    let roundTrips = 0;
    for (let i = 1; i <= RUNS; i++) {
      const b = await body(i);
      trips = 0;
      let t0 = performance.now();
      await submitCheck(d, actor('gw-001'), b);
      submitMs.push(performance.now() - t0);
      roundTrips = trips;
      const input = last!;
      t0 = performance.now();
      await replay(input);
      rawMs.push(performance.now() - t0);
    }
    client.middlewareStack.remove('benchChecks');
    const s = median(submitMs);
    const r = median(rawMs);
    console.log(`  submit ${s.toFixed(1)} ms, raw ${r.toFixed(1)} ms (medians of ${RUNS}), ${roundTrips} round trips`);
    return { submit_vs_raw_ratio: Math.round((s / r) * 100) / 100, round_trips: roundTrips, submit_median_ms: Math.round(s * 10) / 10, raw_median_ms: Math.round(r * 10) / 10 };
  } finally {
    await s3.stop();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
