/**
 * WeChat's own code-quality check (DevTools' 代码质量 panel), offline, on the weapp build: runs
 * miniprogram-ci's `checkCodeQuality` against miniapp/dist/weapp, prints every item and exits 1 when
 * any fails (package sizes, JS/WXML/WXSS compression, lazyCodeLoading, image and audio sizes, files
 * and components only a subpackage uses left in the main package, unused plugins, components, files).
 *
 * miniprogram-ci is large (~280 MB with its dependencies), so it is not in the workspace: CI installs
 * it into .tools (see .ci/run), and so can you:
 *
 *   npm install --no-save --prefix .tools/miniprogram-ci miniprogram-ci@2.1.42
 *   npx tsx scripts/code-quality.ts [dist folder]
 *
 * checkCodeQuality reads no private key and calls no WeChat server: a dummy key does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export const MINIPROGRAM_CI_VERSION = '2.1.42';
const ROOT = join(__dirname, '..');
export const TOOL_DIR = join(ROOT, '.tools', 'miniprogram-ci');

/** One item of the check as miniprogram-ci reports it. */
export interface QualityItem {
  name: string;
  success: boolean;
  text: string;
  docURL?: string;
  detail?: unknown;
}

/**
 * The four items the build's own files decide, read as WeChat's check reads them: project.config.json's
 * `setting.minified`, `minifyWXML`, `minifyWXSS`, and app.json's `lazyCodeLoading`.
 */
export function builtFlags(dist: string): QualityItem[] {
  const project = JSON.parse(readFileSync(join(dist, 'project.config.json'), 'utf8')) as { miniprogramRoot?: string; setting?: Record<string, unknown> };
  const app = JSON.parse(readFileSync(join(dist, project.miniprogramRoot ?? '', 'app.json'), 'utf8')) as { lazyCodeLoading?: string };
  const setting = project.setting ?? {};
  const item = (name: string, success: boolean, what: string): QualityItem => ({ name, success, text: `${what} ${success ? 'on' : 'off'}` });
  return [
    item('JS_COMPRESS_OPEN', setting.minified === true, 'JS compression (setting.minified)'),
    item('WXML_COMPRESS_OPEN', setting.minifyWXML === true, 'WXML compression (setting.minifyWXML)'),
    item('WXSS_COMPRESS_OPEN', setting.minifyWXSS === true, 'WXSS compression (setting.minifyWXSS)'),
    item('LAZYCODE_LOADING_OPEN', app.lazyCodeLoading === 'requiredComponents', `lazyCodeLoading "requiredComponents" (app.json: ${JSON.stringify(app.lazyCodeLoading ?? null)})`),
  ];
}

/** What each item asks, in our words (miniprogram-ci's `text` states the rule, passed or not). */
const ASKS: Record<string, string> = {
  PACKAGE_SIZE_LIMIT: 'main package and each subpackage ≤ 1.5 MB',
  JS_COMPRESS_OPEN: 'JS compression on',
  WXML_COMPRESS_OPEN: 'WXML compression on',
  WXSS_COMPRESS_OPEN: 'WXSS compression on',
  LAZYCODE_LOADING_OPEN: 'lazyCodeLoading "requiredComponents"',
  IMAGE_AND_AUDIO_LIMIT: 'images and audio ≤ 200 KB each',
  CONTAINS_OTHER_PKG_JS: 'no JS in the main package used only by a subpackage',
  CONTAINS_OTHER_PKG_COMPONENTS: 'no component in the main package used only by a subpackage',
  CONTAINS_UNUSED_PLUGINS: 'no unused plugins',
  CONTAINS_UNUSED_COMPONENTS: 'no unused components',
  CONTAINS_UNUSED_CODES: 'no files nothing depends on',
};

/** The report's lines, and whether every item passed (an empty report passes nothing). */
export function verdict(items: QualityItem[]): { lines: string[]; ok: boolean } {
  const lines = items.map((i) => {
    let line = `${i.success ? '✔' : '✖'} ${i.name.padEnd(30)} ${ASKS[i.name] ?? i.text}`;
    if (i.name === 'PACKAGE_SIZE_LIMIT' && i.detail && typeof i.detail === 'object') {
      const sizes = Object.entries(i.detail as Record<string, number>).map(([pkg, bytes]) => `${pkg === '__APP__' ? 'main' : pkg.replace(/\/$/, '')} ${(bytes / 1024).toFixed(1)} KB`);
      line += `\n    ${sizes.join(', ')}`;
    }
    if (!i.success) line += `\n    WeChat: ${i.text}${i.detail === undefined ? '' : ` ${JSON.stringify(i.detail).slice(0, 600)}`}${i.docURL ? ` (${i.docURL})` : ''}`;
    return line;
  });
  return { lines, ok: items.length > 0 && items.every((i) => i.success) };
}

interface MiniprogramCi {
  Project: new (options: Record<string, unknown>) => unknown;
  checkCodeQuality: (project: unknown) => Promise<QualityItem[]>;
}

function loadMiniprogramCi(): MiniprogramCi | undefined {
  for (const from of [join(TOOL_DIR, 'package.json'), join(ROOT, 'package.json')]) {
    try {
      return createRequire(from)('miniprogram-ci') as MiniprogramCi;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

async function main() {
  const dist = resolve(process.argv[2] ?? join(ROOT, 'miniapp', 'dist', 'weapp'));
  if (!existsSync(join(dist, 'app.json'))) {
    console.log(`✖ ${dist}/app.json missing: run \`npm run build:weapp\` first`);
    process.exit(1);
  }
  const ci = loadMiniprogramCi();
  if (!ci) {
    console.log(`✖ miniprogram-ci not found: npm install --no-save --prefix .tools/miniprogram-ci miniprogram-ci@${MINIPROGRAM_CI_VERSION}`);
    console.log('\nThe build\'s own flags meanwhile:');
    console.log(verdict(builtFlags(dist)).lines.join('\n'));
    process.exit(1);
  }
  const { appid } = JSON.parse(readFileSync(join(dist, 'project.config.json'), 'utf8')) as { appid?: string };
  const project = new ci.Project({ appid: appid || 'touristappid', type: 'miniProgram', projectPath: dist, privateKey: 'not-read-by-checkCodeQuality', ignores: ['node_modules/**/*'] });
  const items = await ci.checkCodeQuality(project);
  const { lines, ok } = verdict(items);
  console.log(`WeChat code quality (miniprogram-ci checkCodeQuality) of ${dist}:`);
  console.log(lines.join('\n'));
  console.log(ok ? `\nAll ${items.length} items pass.` : `\nFailed: ${items.filter((i) => !i.success).map((i) => i.name).join(', ') || 'no items reported'}`);
  // miniprogram-ci leaves a file watcher running: end the process here.
  process.exit(ok ? 0 : 1);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
