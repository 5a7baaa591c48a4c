/**
 * Cold start: for each function, the time for a fresh Node process to import its bundle,
 * as a ratio to a fresh Node process that imports nothing, measured interleaved in one run
 * (this machine is noisy; a ratio of medians taken side by side is stable where milliseconds are not).
 * Budget: slowest_import_ratio ≤ 2.0. dynamodb_sdk_only_import_ratio is the floor under it: the
 * DynamoDB client and document client alone, which every function that reads the table must load.
 */
import { execFileSync } from 'node:child_process';
import { bundleHandlers } from '../scripts/bundle';
import { type Figures, median } from './lib';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function timeNode(script: string): number {
  const t = process.hrtime.bigint();
  execFileSync(process.execPath, ['-e', script], { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export async function run(): Promise<Figures> {
  const bundles = await bundleHandlers();
  const empty: number[] = [];
  // The floor: what the AWS SDK's DynamoDB document client costs on its own, with nothing of ours.
  const sdkOnly: number[] = [];
  const sdk = `require('@aws-sdk/client-dynamodb');require('@aws-sdk/lib-dynamodb')`;
  const byName = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
  timeNode(''); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    for (const b of bundles) {
      empty.push(timeNode(''));
      if (b === bundles[0]) sdkOnly.push(timeNode(sdk));
      byName.get(b.name)!.push(timeNode(`require(${JSON.stringify(b.file)})`));
    }
  }
  const base = median(empty);
  const ratios = Object.fromEntries([...byName].map(([name, times]) => [name, median(times) / base]));
  const slowest = Object.entries(ratios).sort((a, b) => b[1] - a[1])[0]!;
  for (const [name, ratio] of Object.entries(ratios)) console.log(`  ${name.padEnd(22)} ${ratio.toFixed(2)}×`);
  console.log(`  empty node process     ${base.toFixed(1)} ms (median of ${empty.length})`);
  return {
    slowest_import_ratio: round(slowest[1]),
    median_import_ratio: round(median(Object.values(ratios))),
    dynamodb_sdk_only_import_ratio: round(median(sdkOnly) / base),
    empty_node_ms: round(base),
    functions_count: bundles.length,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
