/**
 * `npm run bench` runs every benchmark; `npm run bench -- NAME` runs one. Each writes
 * bench/results/NAME.json: a flat object of figure → number (unit in the name), plus the machine and date.
 */
import { writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { type Figures, OverBudget } from './lib';

const dir = __dirname;
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'lib.ts'].includes(f))
  .map((f) => f.slice(0, -3));

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${all.join(', ')}`);
  mkdirSync(join(dir, 'results'), { recursive: true });
  for (const name of wanted.length ? wanted : all) {
    console.log(`▶ ${name}`);
    const { run } = (await import(join(dir, `${name}.ts`))) as { run: () => Promise<Figures> };
    let figures: Figures;
    let breach: OverBudget | undefined;
    try {
      figures = await run();
    } catch (error) {
      if (!(error instanceof OverBudget)) throw error;
      [figures, breach] = [error.figures, error];
    }
    const result = {
      ...figures,
      machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      date: new Date().toISOString(),
    };
    writeFileSync(join(dir, 'results', `${name}.json`), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(figures));
    if (breach) {
      console.error(`✖ ${name}: ${breach.message}`);
      process.exitCode = 1;
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
