/**
 * Property-based fuzzing of every route of the contract, from its own zod schemas: hostile
 * params, queries and bodies (and raw bytes no schema describes) sent through the real handler as
 * signed-in actors whose roles get them past authorization, and some anonymously. Whatever comes
 * in: never a 5xx, a refusal always carries our Chinese error body, and a refused request writes
 * nothing (every DynamoDB write and S3 put is counted, and each route's table is compared when
 * none of its requests succeeded).
 *
 * FUZZ_SEED and FUZZ_RUNS (per route) reproduce or deepen a run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import type * as z from 'zod';
import { type Actor, type RouteName, api, hasRole } from '@safegrid/shared';
import { deps, overrideDeps } from '../src/deps';
import { type ApiHandler, declarations } from '../src/lib/http';
import { handler as listChecks } from '../src/handlers/listChecks';
import type { Storage } from '../src/adapters/storage';
import { publishCheckTemplate as publishCheckTemplateUsecase, submitCheck as submitCheckUsecase } from '../src/usecases/checks';
import { DEMO_CHECKLISTS } from '../../scripts/demo/checklists';
import { checkBody } from './check-support';
import { publish } from './commitment-support';
import { MUTATIONS, type RawBody, hostileText, mutated, rawBodies } from './fuzz-arbitraries';
import { seedHazard } from './hazard-support';
import { type Request, type Response, fixture, invoke, isRateCounter, setupTable, snapshot, tokenFor, userById } from './support';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_010);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 20);

/** Successful writes since the last reset: DynamoDB commands that changed an item, and S3 puts. */
const writes: string[] = [];
const WRITE_COMMAND = /^(PutItem|UpdateItem|DeleteItem|TransactWriteItems|BatchWriteItem|Put|Update|Delete|TransactWrite|BatchWrite)Command$/;

function countWrites() {
  deps()
    .db.table.getDocumentClient()
    .middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (WRITE_COMMAND.test(context.commandName ?? '')) {
          const input = args.input as { Key?: unknown; Item?: unknown };
          writes.push(`${context.commandName} ${JSON.stringify(input.Key ?? input.Item ?? '').slice(0, 160)}`);
        }
        return out;
      },
      { step: 'initialize', name: 'fuzzWriteCounter' },
    );
  const storage = deps().storage;
  const counted: Storage = Object.create(storage);
  counted.putBuffer = async (key, body, type) => {
    await storage.putBuffer(key, body, type);
    writes.push(`S3 put ${key}`);
  };
  counted.putFile = async (key, path, type) => {
    await storage.putFile(key, path, type);
    writes.push(`S3 put ${key}`);
  };
  overrideDeps({ storage: counted });
}

/** Strings of the fixture a generated field may take, so requests reach records and not only "not found". */
const samples: string[] = [
  ...Object.values(fixture.paths),
  ...fixture.users.map((u) => u.id),
  ...fixture.enterprises.map((e) => e.id),
  ...fixture.enterprises.flatMap((e) => (e.uscc ? [e.uscc] : [])),
  // Paging cursors a client could forge: DynamoDB start keys in the clear (a 500 once), a paged position, noise.
  ...[{ pk: 'USER#admin-d', sk: 'USER' }, { pk: 'HAZ#x', sk: 'HAZ', gsi1pk: 'HAZ#370911', gsi1sk: '370911/#x' }, { p: 1, k: { pk: 'x' } }, []].map((k) =>
    Buffer.from(JSON.stringify(k)).toString('base64url'),
  ),
  'A'.repeat(60),
];

/** Ids the fuzz runs created, so later routes read, move and render records made from hostile input. */
function harvest(value: unknown, depth = 0) {
  if (depth > 4 || typeof value !== 'object' || value === null) return;
  for (const [k, v] of Object.entries(value)) {
    // Real cursors too, so one list's cursor is tried on every other list and filter.
    if ((k === 'id' || k === 'key' || k === 'cursor') && typeof v === 'string' && samples.length < 300 && !samples.includes(v)) samples.push(v);
    else harvest(v, depth + 1);
  }
}

beforeAll(async () => {
  await setupTable();
  countWrites();
  const actorOf = (id: string): Actor => ({ userId: id, grants: userById(id).grants });
  const hazard = await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
  const template = (await publish()).body.template;
  const checkTemplate = (await publishCheckTemplateUsecase(deps(), actorOf('sup-d'), { ...DEMO_CHECKLISTS[1]!, district: fixture.paths.D, baseVersion: 0 })).template;
  const check = (await submitCheckUsecase(deps(), actorOf('gw-1'), await checkBody('gw-1', checkTemplate))).check;
  samples.push(hazard.id, template.id, checkTemplate.id, check.id);
  writes.length = 0;
}, 120_000);

let totalRuns = 0;
const statuses = new Map<number, number>();
afterAll(() => {
  // The closing note quotes this line; the statuses show how many runs got past validation.
  const tally = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(`fuzz: ${totalRuns} runs over ${Object.keys(api).length} routes (seed ${SEED}, ${RUNS_PER_ROUTE} per route): ${tally}`);
});

const ACTORS = ['pub-1', 'worker-1', 'owner-1', 'gw-1', 'guar-s1', 'sup-d', 'dept-d', 'enf-d', 'admin-d'];
const tokens = new Map<string, string>();
const tokenOf = async (id: string) => tokens.get(id) ?? tokens.set(id, await tokenFor(userById(id))).get(id)!;

/** Authorization headers no session of ours ever had: garbage, another scheme, an unsigned token ("alg": "none"). */
const FORGED = [
  'Bearer ',
  'Bearer x',
  'Basic YWRtaW46YWRtaW4=',
  'bearer ' + 'x'.repeat(10_000),
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbi1kIiwiZ3JhbnRzIjpbeyJyb2xlIjoiYWRtaW4iLCJhcmVhIjoiMzcwOTExIn1dLCJpc3MiOiJzYWZlZ3JpZCJ9.',
  'Bearer \u0000',
];

/** Who the route lets in (the privileged ones first), sometimes nobody, and sometimes a forged header (`!`-prefixed). */
function actorsFor(name: RouteName): fc.Arbitrary<string | undefined> {
  const access = declarations.get(name)!.access;
  const allowed =
    typeof access === 'object' ? ACTORS.filter((id) => hasRole({ userId: id, grants: userById(id).grants }, ...access.roles)) : access === 'anonymous' ? [] : ACTORS;
  const nobody = fc.oneof(fc.constant(undefined), fc.constantFrom(...FORGED.map((h) => `!${h}`)));
  return allowed.length ? fc.oneof({ arbitrary: fc.constantFrom(...allowed), weight: 9 }, { arbitrary: nobody, weight: 1 }) : nobody;
}

/** Path parameters and query strings reach us as text, whatever the generator made. */
const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));
function asStrings(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asText(v)]));
}

/** Text where the route declares none: it must be refused, not ignored into a write. */
const strayText = fc.dictionary(fc.constantFrom('id', 'area', 'x', '__proto__', '😀'), hostileText, { minKeys: 1, maxKeys: 2 });

type Part = 'params' | 'query' | 'body';
type Sent = { actor?: string; target: Part | 'raw body' | 'nothing'; params?: Record<string, string>; query?: Record<string, string>; body?: { mutation: string; value: unknown }; raw?: RawBody };

/**
 * One part of the request is hostile, the others look valid: a request with every part mutated
 * would stop at the first and never reach the use case.
 */
function requests(name: RouteName): fc.Arbitrary<Sent> {
  const contract = api[name] as { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
  const part = (where: Part, hostile: boolean): fc.Arbitrary<unknown> => {
    const schema = contract[where];
    if (!schema) return hostile ? strayText : fc.constant(undefined);
    return mutated(schema, samples, hostile ? MUTATIONS : ['as is']).map((m) => (where === 'body' ? m : asStrings(m.value)));
  };
  const targets = fc.constantFrom<Sent['target']>('nothing', 'params', 'query', 'body', 'body', 'raw body');
  return fc
    .record({ actor: actorsFor(name), target: targets })
    .chain(({ actor, target }) =>
      fc.record({
        params: part('params', target === 'params'),
        query: part('query', target === 'query'),
        body: target === 'raw body' ? fc.constant(undefined) : part('body', target === 'body'),
        raw: target === 'raw body' ? rawBodies : fc.constant(undefined),
      }).map((p) => ({ actor, target, ...p }) as Sent),
    );
}

async function send(handler: ApiHandler, name: RouteName, sent: Sent): Promise<Response> {
  const req: Request = { method: api[name].method, path: api[name].path, params: sent.params, query: sent.query };
  const forged = sent.actor?.startsWith('!') ? { authorization: sent.actor.slice(1) } : undefined;
  if (sent.actor && !forged) req.token = await tokenOf(sent.actor);
  if (sent.raw) {
    req.rawBody = sent.raw.raw;
    req.base64 = sent.raw.base64;
    if (sent.raw.contentType) req.headers = { 'content-type': sent.raw.contentType };
  } else if (sent.body && sent.body.value !== undefined) req.body = sent.body.value;
  if (forged) req.headers = { ...req.headers, ...forged };
  return invoke(handler, req);
}

const CHINESE = /[\u4e00-\u9fff]/;
function expectOurErrorBody(res: Response) {
  const { error } = res.body ?? {};
  expect(typeof error?.code).toBe('string');
  expect(typeof error?.message).toBe('string');
  expect(error.message).toMatch(CHINESE);
  expect(Object.keys(res.body)).toEqual(['error']);
  if (error.fields !== undefined) {
    expect(typeof error.fields).toBe('object');
    for (const message of Object.values(error.fields)) expect(typeof message).toBe('string');
  }
}

/** Why a run failed, in one line the failure report prints with the counterexample. */
const describeSent = (s: Sent) =>
  JSON.stringify({ ...s, body: s.body && { mutation: s.body.mutation, value: JSON.stringify(s.body.value)?.slice(0, 300) }, raw: s.raw && { ...s.raw, raw: s.raw.raw.slice(0, 200) } });

async function handlerOf(name: RouteName): Promise<ApiHandler> {
  const file = join(__dirname, '../src/handlers', `${name}.ts`);
  if (!existsSync(file)) throw new Error(`route ${name} of the contract has no handler file src/handlers/${name}.ts`);
  const { handler } = (await import(`../src/handlers/${name}`)) as { handler: ApiHandler };
  expect(declarations.get(name)).toBeDefined();
  return handler;
}

const ROUTES = Object.keys(api) as RouteName[];

test('the write counter sees a write (so a partial write cannot go unnoticed)', async () => {
  writes.length = 0;
  await deps()
    .db.redLines.build(PutItemCommand)
    .item({ id: 'fuzz-probe', area: fixture.paths.S1, title: '探针', factors: [], enterpriseIds: [], ownerName: '张三', measures: [], version: 1 })
    .send();
  expect(writes).toHaveLength(1);
  await deps().storage.putBuffer('fuzz/probe.txt', Buffer.from('x'), 'text/plain');
  expect(writes).toHaveLength(2);
  writes.length = 0;
});

test.each(ROUTES)('%s: hostile requests never give a 5xx, always our error body, and a refusal writes nothing', async (name) => {
  const handler = await handlerOf(name);
  const index = ROUTES.indexOf(name);
  const before = await snapshot();
  let succeeded = 0;
  await fc.assert(
    fc.asyncProperty(requests(name), async (sent) => {
      totalRuns++;
      writes.length = 0;
      const res = await send(handler, name, sent);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const context = `${name} ${describeSent(sent)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      try {
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expectOurErrorBody(res);
          // An abuse limit's 429 may count the very attempt it refuses, and accepting an invitation counts every
          // attempt (a code must not be guessable); nothing else refused may write.
          const counted = name === 'acceptInvitation' ? writes.filter((w) => !w.includes('"pk":"LIMIT#')) : writes;
          if (res.status !== 429) expect(counted).toEqual([]);
        } else {
          succeeded++;
          const parsed = api[name].response.safeParse(res.body);
          expect(parsed.success ? [] : parsed.error.issues.slice(0, 3)).toEqual([]);
          harvest(res.body);
        }
      } catch (error) {
        throw new Error(`${context}\nwrites: ${writes.join(', ')}\n${(error as Error).message}`);
      }
    }),
    { numRuns: RUNS_PER_ROUTE, seed: SEED + index, endOnFailure: true },
  );
  if (succeeded === 0) expect((await snapshot()).filter((i) => !(name === 'acceptInvitation' && isRateCounter(i)))).toEqual(before.filter((i) => !(name === 'acceptInvitation' && isRateCounter(i))));
}, 120_000);

describe('what the fuzzer found, kept as plain regressions', () => {
  test('a check-ledger month that is no date is a 400 (zod ran the date refinement after the pattern failed, and toISOString threw: 500)', async () => {
    for (const from of ['ent-1', '2026-02-99', '\u0000']) {
      const res = await invoke(listChecks, { token: await tokenOf('sup-d'), query: { from } });
      expect(res.status).toBe(400);
      expectOurErrorBody(res);
      expect(res.body.error.fields.from).toMatch(CHINESE);
    }
  });

  test('a check-ledger month outside 2000–2099 is a 400 (the ledger wrote year 980 as "980" and toISOString threw: 500)', async () => {
    for (const to of ['0980-03', '9999-12', '0000-01']) {
      const res = await invoke(listChecks, { token: await tokenOf('dept-d'), query: { to } });
      expect(res.status).toBe(400);
      expectOurErrorBody(res);
      expect(res.body.error.fields.to).toMatch(CHINESE);
    }
  });
});
