/**
 * Paging cursors through the real handlers: a cursor is sealed and bound to the query that made it,
 * so a forged start key (black-box testing sent `{"pk":"USER#demo-admin","sk":"USER"}` and got a
 * DynamoDB ValidationException as a 500), an edited cursor or one carried to another list, area or
 * filter is a 400 naming the cursor, and nothing is read past it.
 */
import { handler as listBulletins } from '../src/handlers/listBulletins';
import { handler as listChecks } from '../src/handlers/listChecks';
import { handler as listCommitments } from '../src/handlers/listCommitments';
import { handler as listEnterprises } from '../src/handlers/listEnterprises';
import { handler as listHazards } from '../src/handlers/listHazards';
import { handler as listMyHazards } from '../src/handlers/listMyHazards';
import { handler as listMyRewards } from '../src/handlers/listMyRewards';
import { handler as listRewards } from '../src/handlers/listRewards';
import { handler as listUsers } from '../src/handlers/listUsers';
import { seedHazard } from './hazard-support';
import { fixture, invoke, setupTable, tokenFor, userById } from './support';

const { D, S1, S2 } = fixture.paths;
type Handler = Parameters<typeof invoke>[0];

const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const FORGED = [
  forged({ pk: 'USER#demo-admin', sk: 'USER' }),
  forged({ pk: 'HAZ#x', sk: 'HAZ', gsi1pk: 'HAZ#370911', gsi1sk: '370911/s2/#x' }),
  forged({ p: 0, k: { pk: 'USER#admin-d', sk: 'USER' } }),
  'not-a-cursor',
  'A'.repeat(64),
];

/** Each list that pages, as a caller who may read it. */
const LISTS: { name: string; handler: Handler; user: string; query: Record<string, string> }[] = [
  { name: 'listHazards', handler: listHazards, user: 'sup-d', query: { area: D } },
  { name: 'listEnterprises', handler: listEnterprises, user: 'sup-d', query: { area: D } },
  { name: 'listMyHazards', handler: listMyHazards, user: 'pub-1', query: {} },
  { name: 'listMyRewards', handler: listMyRewards, user: 'pub-1', query: {} },
  { name: 'listRewards', handler: listRewards, user: 'sup-d', query: { area: D } },
  { name: 'listUsers', handler: listUsers, user: 'admin-d', query: { area: D } },
  { name: 'listBulletins', handler: listBulletins, user: 'sup-d', query: { area: D } },
  { name: 'listChecks', handler: listChecks, user: 'sup-d', query: { area: D } },
  { name: 'listCommitments', handler: listCommitments, user: 'sup-d', query: { area: D } },
];

const get = async (handler: Handler, user: string, query: Record<string, string>) => invoke(handler, { token: await tokenFor(userById(user)), query });

beforeAll(async () => {
  await setupTable();
  for (let i = 0; i < 3; i++) await seedHazard('pub-1');
}, 60_000);

describe.each(LISTS)('$name', ({ handler, user, query }) => {
  it.each(FORGED)('refuses a forged cursor %s with a 400 naming the cursor', async (cursor) => {
    const res = await get(handler, user, { ...query, cursor });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields.cursor).toMatch(/翻页标记/);
  });
});

describe('a real cursor', () => {
  async function firstPage(handler: Handler, user: string, query: Record<string, string>) {
    const res = await get(handler, user, { ...query, limit: '1' });
    expect(res.status).toBe(200);
    expect(typeof res.body.cursor).toBe('string');
    return res.body.cursor as string;
  }

  it('reads the next page of the same query', async () => {
    const cursor = await firstPage(listHazards, 'sup-d', { area: D });
    const next = await get(listHazards, 'sup-d', { area: D, limit: '1', cursor });
    expect(next.status).toBe(200);
    expect(next.body.hazards).toHaveLength(1);
  });

  it('holds no readable key: neither the table keys nor the area paths show through', async () => {
    const cursor = await firstPage(listHazards, 'sup-d', { area: D });
    const text = Buffer.from(cursor, 'base64url').toString('latin1');
    expect(text).not.toMatch(/HAZ#|370911|gsi1/);
  });

  it('is refused when edited by one character', async () => {
    const cursor = await firstPage(listEnterprises, 'sup-d', { area: D });
    const i = Math.floor(cursor.length / 2);
    const edited = cursor.slice(0, i) + (cursor[i] === 'A' ? 'B' : 'A') + cursor.slice(i + 1);
    const res = await get(listEnterprises, 'sup-d', { area: D, limit: '1', cursor: edited });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.cursor).toBeDefined();
  });

  it('is refused on another area, another filter or another list', async () => {
    const cursor = await firstPage(listHazards, 'sup-d', { area: D });
    for (const [handler, query] of [
      [listHazards, { area: S1 }],
      [listHazards, { area: D, state: 'reported' }],
      [listMyHazards, {}],
      [listEnterprises, { area: D }],
    ] as const) {
      const res = await get(handler, handler === listMyHazards ? 'pub-1' : 'sup-d', { ...query, cursor });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.cursor).toBeDefined();
    }
  });

  it('of a street supervisor is no use to the other street', async () => {
    const cursor = await firstPage(listEnterprises, 'sup-d', { area: S1 });
    const res = await get(listEnterprises, 'sup-s2', { area: S2, cursor });
    expect(res.status).toBe(400);
  });
});
