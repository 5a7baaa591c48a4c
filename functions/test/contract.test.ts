import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from '@safegrid/shared';

const root = join(__dirname, '..', '..');
const yml = readFileSync(join(root, 'serverless.yml'), 'utf8');

/** name → { handler, method, path } as serverless.yml declares them. */
function declaredFunctions() {
  const found = new Map<string, { handler: string; method?: string; path?: string }>();
  const re = /^  (\w+):\n    handler: (\S+)\n    events: \[\{ httpApi: (?:\{ method: (\w+), path: '?([^'\s]+?)'? \}|'\*') \}\]/gm;
  for (const m of yml.matchAll(re)) found.set(m[1]!, { handler: m[2]!, method: m[3], path: m[4] });
  return found;
}

describe('serverless.yml, the handlers and the shared contract agree', () => {
  const declared = declaredFunctions();

  it.each(Object.entries(api))('%s is deployed with its method and path', (name, route) => {
    expect(declared.get(name)).toEqual({ handler: `functions/src/handlers/${name}.handler`, method: route.method, path: route.path });
    expect(existsSync(join(root, 'functions', 'src', 'handlers', `${name}.ts`))).toBe(true);
  });

  it('deploys nothing beyond the contract but the catch-all 404', () => {
    expect([...declared.keys()].filter((n) => !(n in api))).toEqual(['notFound']);
  });
});
