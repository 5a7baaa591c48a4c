/** `npx tsx scripts/demo/summary.ts [seed]`: generates the demo district and prints its counts. */
import { DEMO_SEED, demoSummary, generateDistrict } from './generate';

const seed = Number(process.argv[2] ?? DEMO_SEED);
const started = performance.now();
const district = generateDistrict(seed);
const ms = performance.now() - started;
const s = demoSummary(district);
const line = (label: string, counts: Record<string, number>) =>
  console.log(`${label.padEnd(10)} ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(' · ')}`);

console.log(`演示辖区（种子 ${seed}），生成用时 ${ms.toFixed(0)} ms`);
line('区域', s.areas);
line('用户角色', s.users.byRole);
line('网格员等级', s.users.gridworkerLevels);
console.log(`${'网格员'.padEnd(10)} 共 ${s.users.byRole.gridworker} 名，其中 ${s.users.holdingTwo} 名负责两个微网格`);
line('主体类型', s.enterprises.byKind);
line('行业', s.enterprises.byIndustry);
line('风险等级', s.enterprises.byRisk);
line('经营状态', s.enterprises.byStatus);
line('特殊标签', s.enterprises.byTag);
console.log(`${'其他'.padEnd(10)} 无统一社会信用代码 ${s.enterprises.withoutUscc} · 包保企业 ${s.enterprises.guaranteed}`);
