/**
 * Size budgets, checked by CI after the builds:
 *  - each function bundle ≤ 350 KB minified (as deployed: esbuild.config.js), except the two that
 *    render PDFs (pdfkit and fontkit, ≈ 1.2 MB; opened rarely, so their cold start matters less) ≤ 1.5 MB;
 *  - the weapp main package ≤ 600 KB and every subpackage ≤ 1.5 MB (WeChat's limit is 2 MB each);
 *  - the packaged stack (`osls package`) ≤ 450 of the 500 resources CloudFormation allows, room for a few routes more;
 *  - no file of the weapp names a third-party image host (NutUI's Empty pictures came from its CDN).
 * Prints every size; exits 1 when any budget is exceeded.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundleHandlers } from './bundle';

const KB = 1024;
export const BUDGETS = { functionKb: 350, pdfFunctionKb: 1536, mainPackageKb: 600, subpackageKb: 1536, stackResources: 450 };
const PDF_FUNCTIONS = new Set(['getLetterPdf', 'commitmentPdf', 'checkPdf', 'bulletinFiles']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Bytes of the main package and of each subpackage of a built weapp. */
export function weappSizes(dist: string): { main: number; subpackages: Record<string, number> } {
  const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const subpackages: Record<string, number> = Object.fromEntries(roots.map((r) => [r, 0]));
  let main = 0;
  for (const file of filesUnder(dist)) {
    const rel = relative(dist, file);
    const root = roots.find((r) => rel === r || rel.startsWith(`${r}/`));
    const bytes = statSync(file).size;
    if (root) subpackages[root]! += bytes;
    else main += bytes;
  }
  return { main, subpackages };
}

/** Hosts whose pictures the app must not load (NutUI's defaults); every picture is shipped. */
const FOREIGN_IMAGE_HOSTS = ['360buyimg.com'];

/** The files of a build that name a foreign image host. */
export function foreignImageReferences(dist: string): string[] {
  return filesUnder(dist).filter((f) => /\.(js|wxml|wxss|json|css|html)$/.test(f) && FOREIGN_IMAGE_HOSTS.some((h) => readFileSync(f, 'utf8').includes(h))).map((f) => relative(dist, f));
}

async function main() {
  const failures: string[] = [];
  const row = (label: string, bytes: number, budgetKb: number) => {
    const over = bytes > budgetKb * KB;
    if (over) failures.push(label);
    console.log(`${over ? '✖' : '✔'} ${label.padEnd(34)} ${(bytes / KB).toFixed(1).padStart(8)} KB  (≤ ${budgetKb} KB)`);
  };

  console.log('Function bundles (minified, AWS SDK external):');
  for (const f of await bundleHandlers()) row(f.name, f.bytes, PDF_FUNCTIONS.has(f.name) ? BUDGETS.pdfFunctionKb : BUDGETS.functionKb);

  const template = join(__dirname, '..', '.serverless', 'cloudformation-template-update-stack.json');
  console.log('\nCloudFormation stack (osls package):');
  if (!existsSync(template)) {
    console.log('✖ .serverless/cloudformation-template-update-stack.json missing: run `npx osls package --stage prod` first');
    process.exit(1);
  }
  const resources = Object.keys(JSON.parse(readFileSync(template, 'utf8')).Resources).length;
  const overStack = resources > BUDGETS.stackResources;
  if (overStack) failures.push('stack resources');
  console.log(`${overStack ? '✖' : '✔'} ${'resources'.padEnd(34)} ${String(resources).padStart(8)}     (≤ ${BUDGETS.stackResources})`);

  const dist = join(__dirname, '..', 'miniapp', 'dist', 'weapp');
  console.log('\nMini-program (weapp build):');
  if (!existsSync(join(dist, 'app.json'))) {
    console.log('✖ miniapp/dist/weapp/app.json missing: run `npm run build:weapp` first');
    process.exit(1);
  }
  const sizes = weappSizes(dist);
  row('main package', sizes.main, BUDGETS.mainPackageKb);
  for (const [root, bytes] of Object.entries(sizes.subpackages)) row(`subpackage ${root}`, bytes, BUDGETS.subpackageKb);
  const foreign = foreignImageReferences(dist);
  if (foreign.length) failures.push(`foreign image hosts in ${foreign.join(', ')}`);
  console.log(`${foreign.length ? '✖' : '✔'} ${'no foreign image hosts'.padEnd(34)} ${foreign.length ? foreign.join(', ') : ''}`);

  if (failures.length) {
    console.log(`\nOver budget: ${failures.join(', ')}`);
    process.exit(1);
  }
  console.log('\nAll sizes within budget.');
}

if (require.main === module) main();
