/**
 * WeChat's 代码质量 check: the four items the build's own files decide —
 * JS, WXML and WXSS compression and lazyCodeLoading — are on in what the weapp build ships
 * (project.config.json, copied by Taro; app.json, from app.config.ts), read the way miniprogram-ci's
 * checkCodeQuality reads them. CI then runs the whole check on the build (`code-quality` in .ci/run).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtFlags, verdict } from './code-quality';

const MINIAPP = join(__dirname, '..', 'miniapp');

/** A weapp output folder as Taro writes it: project.config.json as in the source (its root made "./"), app.json from app.config.ts. */
function builtFromSources(): string {
  const dist = mkdtempSync(join(tmpdir(), 'safegrid-weapp-'));
  const project = JSON.parse(readFileSync(join(MINIAPP, 'project.config.json'), 'utf8'));
  writeFileSync(join(dist, 'project.config.json'), JSON.stringify({ ...project, miniprogramRoot: './' }));
  (globalThis as { defineAppConfig?: unknown }).defineAppConfig = (config: unknown) => config;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = require('../miniapp/src/app.config').default;
  writeFileSync(join(dist, 'app.json'), JSON.stringify(app));
  return dist;
}

test('the weapp ships with JS, WXML and WXSS compression and lazyCodeLoading on', () => {
  const items = builtFlags(builtFromSources());
  expect(items.map((i) => [i.name, i.success])).toEqual([
    ['JS_COMPRESS_OPEN', true],
    ['WXML_COMPRESS_OPEN', true],
    ['WXSS_COMPRESS_OPEN', true],
    ['LAZYCODE_LOADING_OPEN', true],
  ]);
  expect(verdict(items).ok).toBe(true);
});

test('the production build keeps terser and csso on, and leaves WXML to WeChat (Taro’s minifyXML drops </input>)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const prod = require('../miniapp/config/prod').default as { terser?: { enable?: boolean }; csso?: { enable?: boolean }; mini?: { minifyXML?: { collapseWhitespace?: boolean } } };
  expect(prod.terser?.enable).not.toBe(false);
  expect(prod.csso?.enable).not.toBe(false);
  expect(prod.mini?.minifyXML?.collapseWhitespace).toBeFalsy();
});

test('the report fails on any failed item, and on none reported', () => {
  const dist = builtFromSources();
  writeFileSync(join(dist, 'app.json'), JSON.stringify({ pages: ['pages/index/index'] }));
  const items = builtFlags(dist);
  const { ok, lines } = verdict(items);
  expect(ok).toBe(false);
  expect(lines.filter((l) => l.startsWith('✖'))).toEqual([expect.stringContaining('LAZYCODE_LOADING_OPEN')]);
  expect(verdict([]).ok).toBe(false);
  expect(verdict([{ name: 'PACKAGE_SIZE_LIMIT', success: true, text: '', detail: { __APP__: 605713, 'packageMap/': 55916 } }]).lines[0]).toContain('main 591.5 KB, packageMap 54.6 KB');
});
