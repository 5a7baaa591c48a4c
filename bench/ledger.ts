/**
 * Census import and ledger export of 10,000 rows against DynamoDB Local and s3rver. The import
 * worker and the export run as the deployed bundles (esbuild.config.js), each in a Node process of
 * its own as Lambda runs them; this process only hosts the engines and writes the workbook.
 * Figures: import_10k_s (the worker, from S3 object to job done), export_10k_s (ledger → .xlsx in
 * S3 → URL), peak_rss_mb (the larger of the two functions' peak RSS; budget ≤ 256).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { XLSX_CONTENT_TYPE, orgCodeCheckChar, usccCheckChar, type Actor, type Area, type User } from '@safegrid/shared';
import { deps, overrideDeps } from '../functions/src/deps';
import { writeWorkbook } from '../functions/src/lib/xlsx-write';
import { getImport, startImport } from '../functions/src/usecases/census';
import { bundleHandlers } from '../scripts/bundle';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HEADERS } from '../functions/src/usecases/census-columns';
import { loadDistrict } from '../scripts/demo/load';
import { ensureBucket, ensureTable, freePort, startDynamo, startS3 } from '../scripts/local/services';
import type { Figures } from './lib';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const D = '370911';
const S = `${D}/s1`;
const C = `${S}/c1`;
const G = `${C}/g1`;
const MICRO = Array.from({ length: 10 }, (_, i) => `${G}/m${i + 1}`);

const area = (path: string, name: string, level: Area['level']): Area => ({
  path,
  code: path.split('/').pop()!,
  name,
  level,
  ...(path.includes('/') ? { parent: path.slice(0, path.lastIndexOf('/')) } : {}),
});

function row(n: number): (string | number)[] {
  const body = `M${String(n).padStart(7, '0')}`;
  const first17 = `91370911${body}${orgCodeCheckChar(body)}`;
  return [
    first17 + usccCheckChar(first17),
    `压测企业${n}有限公司`,
    '企业',
    `压测路${n}号`,
    117 + (n % 1000) / 10_000,
    36 + (n % 997) / 10_000,
    MICRO[n % MICRO.length]!,
    ['工贸', '建筑', '餐饮', '商贸'][n % 4]!,
    ['A', 'B', 'C', 'D'][n % 4]!,
    n % 3 ? '有限空间、涉爆粉尘' : '',
    '在营',
    '张三',
    `李四 139${String(n).padStart(8, '0')} 安全员`,
    `王五 138${String(n).padStart(8, '0')}；赵六 137${String(n).padStart(8, '0')}`,
    (n % 500) + 1,
    '',
  ];
}

export async function run(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'safegrid-bench-'));
  const [dynamoPort, s3Port] = [await freePort(), await freePort()];
  const dynamo = await startDynamo(dynamoPort);
  const s3 = await startS3(s3Port, join(dir, 's3'));
  try {
    Object.assign(process.env, {
      STAGE: 'test',
      TABLE_NAME: 'bench-ledger',
      BUCKET_NAME: 'bench-ledger',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      S3_ENDPOINT: s3.endpoint,
      LOG_LEVEL: 'error',
    });
    await ensureBucket(s3.endpoint, 'bench-ledger');
    await ensureTable(dynamo.endpoint, 'bench-ledger');
    overrideDeps({ importRunner: { start: async () => undefined } });
    const admin: User = { id: 'bench-admin', name: '压测管理员', grants: [{ role: 'admin', area: D }], homeArea: D };
    await loadDistrict(deps().db, {
      areas: [area(D, '压测区', 'district'), area(S, '压测街道', 'street'), area(C, '压测社区', 'community'), area(G, '压测网格', 'grid'), ...MICRO.map((m, i) => area(m, `压测微网格${i + 1}`, 'microgrid'))],
      users: [admin],
      enterprises: [],
    });
    const actor: Actor = { userId: admin.id, grants: admin.grants };

    // The census file, written as a stream to disk and put in S3 as the app's PUT would.
    const file = join(dir, 'census.xlsx');
    const out = createWriteStream(file);
    const write = (chunk: Buffer) => new Promise<void>((resolve, reject) => out.write(chunk, (e) => (e ? reject(e) : resolve())));
    async function* rows() {
      yield HEADERS;
      for (let n = 1; n <= ROWS; n++) yield row(n);
    }
    await writeWorkbook(write, [{ name: '企业台账', header: true, rows: rows() }]);
    await new Promise<void>((resolve) => out.end(resolve));
    const key = `imports/${actor.userId}/${ulid()}.xlsx`;
    await deps().storage.putFile(key, file, XLSX_CONTENT_TYPE);

    const id = ulid();
    await startImport(deps(), actor, { id, key, fileName: 'census.xlsx' });
    const bundles = new Map((await bundleHandlers()).map((b) => [b.name, b.file]));
    const worker = await runBundle(bundles.get('processImport')!, { jobId: id });
    const importSeconds = worker.ms / 1000;
    const { job } = await getImport(deps(), actor, id);
    console.log(`  import: ${JSON.stringify({ ...job, rejected: job.rejected.length })}`);
    if (job.status !== 'done' || job.created !== ROWS) throw new Error(`import did not create ${ROWS} files: ${JSON.stringify(job.rejected.slice(0, 3))} ${job.error ?? ''}`);

    const token = (await deps().tokens.issue(actor, new Date())).token;
    const exporter = await runBundle(bundles.get('exportEnterprises')!, {
      version: '2.0',
      rawPath: '/enterprises/export',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
      requestContext: { http: { method: 'POST', path: '/enterprises/export' } },
    });
    const exported = JSON.parse((exporter.result as { body: string }).body) as { rows: number };
    const exportSeconds = exporter.ms / 1000;
    if (exported.rows !== ROWS) throw new Error(`export wrote ${exported.rows} rows, expected ${ROWS}`);

    const peak = Math.max(worker.maxRssMb, exporter.maxRssMb);
    console.log(`  import ${importSeconds.toFixed(1)} s, export ${exportSeconds.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB`);
    return { import_10k_s: round(importSeconds), export_10k_s: round(exportSeconds), peak_rss_mb: Math.round(peak), rows: ROWS };
  } finally {
    await s3.stop();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Runs a bundled handler once in a fresh Node process, as Lambda would; its time and peak memory.
 * Asynchronously: s3rver lives in this process and must keep answering the child.
 */
async function runBundle(file: string, event: unknown): Promise<{ ms: number; maxRssMb: number; result: unknown }> {
  const script = `
    const t = performance.now();
    require(${JSON.stringify(file)}).handler(${JSON.stringify(event)}, { awsRequestId: 'bench', getRemainingTimeInMillis: () => 900000 })
      .then((result) => process.stdout.write(JSON.stringify({ ms: performance.now() - t, maxRssMb: process.resourceUsage().maxRSS / 1024, result: result ?? null }), () => process.exit(0)));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: process.env, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as { ms: number; maxRssMb: number; result: unknown };
}
