import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '@readme/openapi-parser';
import { api } from '@safegrid/shared';
import { OPENAPI_FILE, loadDeclarations, openApiDocument, openApiText } from '../../scripts/openapi';
import { TABLE_DEFINITION, TTL_ATTRIBUTE } from '../src/repos/table';

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
    expect(yml).toContain(`TimeToLiveSpecification: { AttributeName: ${TTL_ATTRIBUTE}, Enabled: true }`);
  });

  it('throttles every route of the HTTP API stage (the stage osls generates, extended)', () => {
    const m = yml.match(/^resources:\n(?:  #.*\n)*  extensions:\n    HttpApiStage:\n      Properties:\n        DefaultRouteSettings: \{ ThrottlingRateLimit: (\d+), ThrottlingBurstLimit: (\d+)/m);
    expect(m && { rate: Number(m[1]), burst: Number(m[2]) }).toEqual({ rate: 50, burst: 100 });
  });

  it('deploys nothing beyond the contract but the catch-all 404', () => {
    expect([...declared.keys()].filter((n) => !(n in api))).toEqual(['notFound']);
  });
});

describe('docs/openapi.json', () => {
  type Operation = { operationId: string; security: unknown[]; 'x-safegrid-roles'?: string[] };
  const operations = async () => {
    const doc = openApiDocument(await loadDeclarations());
    const paths = doc.paths as Record<string, Record<string, Operation>>;
    return { doc, all: Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path }))) };
  };

  it('is what the contract and the handlers generate today', async () => {
    const { doc } = await operations();
    const committed = existsSync(OPENAPI_FILE) ? readFileSync(OPENAPI_FILE, 'utf8') : '';
    expect(committed === openApiText(doc) ? 'up to date' : 'docs/openapi.json differs from the code: run npm run openapi').toBe('up to date');
  });

  it('is a valid OpenAPI 3.1 document (schema, unique operationIds, every $ref resolves)', async () => {
    const { doc } = await operations();
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
  });

  it('has every route of the contract and every HTTP function of serverless.yml once, with its method and path', async () => {
    const { all } = await operations();
    const documented = all.map((o) => `${o.operationId} ${o.method} ${o.path}`).sort();
    expect(documented).toEqual(Object.entries(api).map(([name, r]) => `${name} ${r.method} ${r.path}`).sort());
    const deployed = [...declaredFunctions()].filter(([, f]) => f.method).map(([name, f]) => `${name} ${f.method} ${f.path}`);
    expect(documented).toEqual(deployed.sort());
  });

  it('asks for the bearer token on every route but the anonymous ones, and names the roles a handler declares', async () => {
    const { all } = await operations();
    const declared = await loadDeclarations();
    for (const o of all) {
      const anonymous = 'anonymous' in api[o.operationId as keyof typeof api];
      expect({ route: o.operationId, security: o.security }).toEqual({ route: o.operationId, security: anonymous ? [] : [{ bearer: [] }] });
      const access = declared.get(o.operationId as keyof typeof api)!.access;
      expect({ route: o.operationId, roles: o['x-safegrid-roles'] }).toEqual({ route: o.operationId, roles: typeof access === 'object' ? access.roles : undefined });
    }
  });
});
