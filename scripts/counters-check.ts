/**
 * `npm run counters:check`: recounts the counters of the local table (`npm start`'s DynamoDB,
 * port DYNAMO_PORT, default 8000; or DYNAMODB_ENDPOINT and TABLE_NAME) from the records and prints
 * every difference. Exits 1 on any difference, 2 when the local DynamoDB cannot be reached.
 * Recounted: hazard flow and stock, site checks (checks, check_failed_items), signed commitment
 * letters (commitments_signed); reward counters are not. One full scan: for local and test tables.
 */
import { readConfig } from '../functions/src/config';
import { makeDeps } from '../functions/src/deps';
import { recountCounters } from '../functions/src/usecases/recount';
import { TABLE_NAME } from './local/stack';

const endpoint = process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMO_PORT ?? 8000}`;
const tableName = process.env.TABLE_NAME ?? TABLE_NAME;

async function main() {
  const d = makeDeps(readConfig({ ...process.env, STAGE: 'local', TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint, LOG_LEVEL: 'error' }));
  let result: Awaited<ReturnType<typeof recountCounters>>;
  try {
    result = await recountCounters(d);
  } catch (e) {
    const name = (e as { name?: string }).name;
    const why =
      name === 'ResourceNotFoundException'
        ? `数据表 ${tableName} 不存在 / table ${tableName} not found`
        : `无法连接本地 DynamoDB（${endpoint}），请先运行 npm start / cannot reach the local DynamoDB at ${endpoint}: start it with npm start`;
    console.error(`❌ ${why}\n   (${e instanceof Error ? e.message : String(e)})`);
    process.exit(2);
  }
  const { stored, recount, differences } = result;
  console.log(`计数核对 / counters check: ${tableName} @ ${endpoint}`);
  console.log(`   存储 ${Object.keys(stored).length} 项，重算 ${Object.keys(recount).length} 项 / ${Object.keys(stored).length} stored, ${Object.keys(recount).length} recounted (area|period|counter, non-zero)`);
  if (differences.length === 0) {
    console.log('✅ 计数与重算一致 / no differences');
    return;
  }
  console.log(`❌ ${differences.length} 处不一致 / differences (area|period|counter: stored vs recount):`);
  for (const diff of differences) console.log(`   ${diff.key}: ${diff.stored} ≠ ${diff.recount}`);
  process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
