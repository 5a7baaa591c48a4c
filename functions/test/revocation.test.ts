/**
 * Revoked access stops working within a minute (black-box testing: grants travelled inside the
 * JWT, so a supervisor whose grant was removed kept listing and exporting their old area's
 * enterprises and rewards for up to two hours). The token names the user; what they may do is
 * their record's grants, read at most every 30 s per container, and at once in the container
 * that changed them.
 */
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { $set } from 'dynamodb-toolbox/entity/actions/update/symbols';
import { deps } from '../src/deps';
import { handler as exportEnterprises } from '../src/handlers/exportEnterprises';
import { handler as listEnterprises } from '../src/handlers/listEnterprises';
import { handler as listRewards } from '../src/handlers/listRewards';
import { handler as me } from '../src/handlers/me';
import { handler as setGrants } from '../src/handlers/setGrants';
import { fixture, invoke, setupTable, tokenFor, userById } from './support';

const { S1, S2 } = fixture.paths;
beforeAll(() => setupTable());
afterEach(() => jest.restoreAllMocks());

/** Another container's write: this one's cache does not hear of it. */
const elsewhere = (id: string, change: Record<string, unknown>) => deps().db.users.build(UpdateItemCommand).item({ id, ...change }).send();
/** Moves this process's clock on, as the next minute's request would see it. */
function later(ms: number) {
  const now = Date.now();
  jest.spyOn(Date, 'now').mockImplementation(() => now + ms);
}

describe('a removed grant', () => {
  it('stops the old token at once when the admin removes it here', async () => {
    const token = await tokenFor(userById('sup-s1'));
    expect((await invoke(listEnterprises, { token, query: { area: S1 } })).status).toBe(200);
    const res = await invoke(setGrants, { method: 'PUT', token: await tokenFor(userById('admin-d')), params: { id: 'sup-s1' }, body: { grants: [{ role: 'supervisor', area: S2 }] } });
    expect(res.status).toBe(200);
    for (const [handler, req] of [
      [listEnterprises, { query: { area: S1 } }],
      [exportEnterprises, { method: 'POST', body: { area: S1 } }],
      [listRewards, { query: { area: S1 } }],
    ] as const) {
      expect((await invoke(handler, { ...req, token })).status).toBe(403);
    }
    // The same token now reaches what was granted instead, without signing in again.
    expect((await invoke(listEnterprises, { token, query: { area: S2 } })).status).toBe(200);
  });

  it('stops the old token within 30 s in every other container', async () => {
    const token = await tokenFor(userById('sup-s2'));
    expect((await invoke(listEnterprises, { token, query: { area: S2 } })).status).toBe(200);
    await elsewhere('sup-s2', { grants: $set([{ role: 'public' }]) });
    later(31_000);
    expect((await invoke(listEnterprises, { token, query: { area: S2 } })).status).toBe(403);
    expect((await invoke(me, { token })).body.user.grants.map((g: { role: string }) => g.role)).toEqual(['public']);
  });
});

describe('a deactivated account', () => {
  it('is signed out within 30 s: every request answers 401', async () => {
    const token = await tokenFor(userById('dept-d'));
    expect((await invoke(me, { token })).status).toBe(200);
    await elsewhere('dept-d', { deactivatedAt: new Date().toISOString() });
    later(31_000);
    const res = await invoke(me, { token });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/停用/);
    expect((await invoke(listEnterprises, { token, query: { area: fixture.paths.D } })).status).toBe(401);
  });
});
