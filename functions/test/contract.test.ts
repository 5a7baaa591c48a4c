import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from '@safegrid/shared';
import { TABLE_DEFINITION } from '../src/repos/table';

const root = join(__dirname, '..', '..');
const yml = readFileSync(join(root, 'serverless.yml'), 'utf8');

/** name → { handler, method, path } as serverless.yml declares them. */
function declaredFunctions() {
  const found = new Map<string, { handler: string; method?: string; path?: string }>();
  const re = /^  (\w+):\n    handler: (\S+)\n(?:    (?!events)\w+: .*\n)*    events: \[\{ httpApi: (?:\{ method: (\w+), path: '?([^'\s]+?)'? \}|'\*') \}\]/gm;
  for (const m of yml.matchAll(re)) found.set(m[1]!, { handler: m[2]!, method: m[3], path: m[4] });
  return found;
}

describe('serverless.yml, the handlers and the shared contract agree', () => {
  const declared = declaredFunctions();

  it.each(Object.entries(api))('%s is deployed with its method and path', (name, route) => {
    expect(declared.get(name)).toEqual({ handler: `functions/src/handlers/${name}.handler`, method: route.method, path: route.path });
    expect(existsSync(join(root, 'functions', 'src', 'handlers', `${name}.ts`))).toBe(true);
  });

  it('deploys the table the code and the local stack create', () => {
    const deployed = [...yml.matchAll(/IndexName: (\w+)\n\s+KeySchema:\n\s+- \{ AttributeName: (\w+), KeyType: HASH \}\n\s+- \{ AttributeName: (\w+), KeyType: RANGE \}/g)].map((m) => m.slice(1));
    expect(deployed).toEqual(TABLE_DEFINITION.GlobalSecondaryIndexes.map((g) => [g.IndexName, g.KeySchema[0]!.AttributeName, g.KeySchema[1]!.AttributeName]));
    const attributes = [...yml.matchAll(/- \{ AttributeName: (\w+), AttributeType: S \}/g)].map((m) => m[1]);
    expect(attributes).toEqual(TABLE_DEFINITION.AttributeDefinitions.map((a) => a.AttributeName));
  });

  it('deploys nothing beyond the contract but the catch-all 404', () => {
    expect([...declared.keys()].filter((n) => !(n in api))).toEqual(['notFound']);
  });
});
