/** Bundles every handler the way a deploy does (esbuild.config.js), into .esbuild/bundles/NAME.js. */
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
export const BUNDLE_DIR = join(ROOT, '.esbuild', 'bundles');

export async function bundleHandlers(): Promise<{ name: string; file: string; bytes: number }[]> {
  const { exclude: _exclude, ...options } = require(join(ROOT, 'esbuild.config.js'))();
  const dir = join(ROOT, 'functions', 'src', 'handlers');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  await Promise.all(
    names.map((name) =>
      build({ ...options, sourcemap: false, entryPoints: [join(dir, `${name}.ts`)], outfile: join(BUNDLE_DIR, `${name}.js`), logLevel: 'error' }),
    ),
  );
  return names.map((name) => {
    const file = join(BUNDLE_DIR, `${name}.js`);
    return { name, file, bytes: statSync(file).size };
  });
}
