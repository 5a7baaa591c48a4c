/**
 * Census import and ledger export of 10,000 rows against DynamoDB Local and s3rver, through the
 * same use cases the Lambda functions run (the worker inline, as the tests do).
 * Figures: import_10k_s (the worker, from S3 object to job done), export_10k_s (ledger → .xlsx
 * in S3 → URL), peak_rss_mb (this whole process, s3rver included; budget ≤ 256).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { XLSX_CONTENT_TYPE, usccCheckChar, type Actor, type Area, type User } from '@safegrid/shared';
import { deps, overrideDeps } from '../functions/src/deps';
import { writeWorkbook } from '../functions/src/lib/xlsx';
import { getImport, exportEnterprises, processImportJob, startImport } from '../functions/src/usecases/census';
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
  const first17 = `91370911MA${String(n).padStart(7, '0')}`;
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
    let t = performance.now();
    await processImportJob(deps(), id);
    const importSeconds = (performance.now() - t) / 1000;
    const { job } = await getImport(deps(), actor, id);
    console.log(`  import: ${JSON.stringify({ ...job, rejected: job.rejected.length })}`);
    if (job.status !== 'done' || job.created !== ROWS) throw new Error(`import did not create ${ROWS} files: ${JSON.stringify(job.rejected.slice(0, 3))} ${job.error ?? ''}`);

    t = performance.now();
    const exported = await exportEnterprises(deps(), actor, {});
    const exportSeconds = (performance.now() - t) / 1000;
    if (exported.rows !== ROWS) throw new Error(`export wrote ${exported.rows} rows, expected ${ROWS}`);

    const peak = process.resourceUsage().maxRSS / 1024;
    console.log(`  import ${importSeconds.toFixed(1)} s, export ${exportSeconds.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB`);
    return { import_10k_s: round(importSeconds), export_10k_s: round(exportSeconds), peak_rss_mb: Math.round(peak), rows: ROWS };
  } finally {
    await s3.stop();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
