import { ulid } from 'ulid';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { deps } from '../src/deps';
import { handler as listUsers } from '../src/handlers/listUsers';
import { handler as setGrants } from '../src/handlers/setGrants';
import { handler as setGridworkerLevel } from '../src/handlers/setGridworkerLevel';
import { expectNothingWritten, fixture, invoke, setupTable, tokenFor, userById } from './support';

beforeAll(() => setupTable());
const { S1, S2, M1 } = fixture.paths;
const as = (id: string) => tokenFor(userById(id));

describe('listing users', () => {
  it('lists the users under an area with phones masked, filtered by role', async () => {
    const res = await invoke(listUsers, { token: await as('sup-s1'), query: { area: S1, role: 'gridworker' } });
    expect(res.status).toBe(200);
    expect(res.body.users.map((u: { id: string }) => u.id)).toEqual(['gw-1']);
    expect(res.body.users[0].phone).toBe('138****5678');
  });

  it('pages with an opaque cursor and never returns a user twice', async () => {
    const token = await as('admin-d');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await invoke(listUsers, { token, query: { area: fixture.paths.D, limit: '3', ...(cursor ? { cursor } : {}) } });
      expect(res.status).toBe(200);
      seen.push(...res.body.users.map((u: { id: string }) => u.id));
      cursor = res.body.cursor;
    } while (cursor);
    const staff = fixture.users.filter((u) => u.homeArea !== 'public').map((u) => u.id);
    expect([...seen].sort()).toEqual([...staff].sort());
  });

  it('rejects a limit out of range naming the field', async () => {
    const res = await invoke(listUsers, { token: await as('admin-d'), query: { area: S1, limit: '1000' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.limit).toMatch(/^每页条数：/);
  });
});

describe('searching users (the person picker)', () => {
  // Two people of the same surname, one in each street, with phones of their own.
  const wang = { id: ulid(), name: '王建国', phone: '13911112222', grants: [{ role: 'guarantee_leader', area: S1 }] };
  const wang2 = { id: ulid(), name: '王建设', phone: '13933332222', grants: [{ role: 'guarantee_leader', area: S2 }] };
  beforeAll(async () => {
    for (const u of [wang, wang2]) await deps().db.users.build(PutItemCommand).item({ ...u, homeArea: u.grants[0]!.area } as never).send();
  });
  const search = async (who: string, query: Record<string, string>) => {
    const res = await invoke(listUsers, { token: await as(who), query: { limit: '100', ...query } });
    expect(res.status).toBe(200);
    return res.body.users as { id: string; name: string; phone?: string }[];
  };

  it('finds part of a name inside the area only, phones masked', async () => {
    expect((await search('sup-s1', { area: S1, q: '王建' })).map((u) => [u.name, u.phone])).toEqual([['王建国', '139****2222']]);
    expect((await search('sup-s2', { area: S2, q: '王建' })).map((u) => u.name)).toEqual(['王建设']);
    expect((await search('admin-d', { area: fixture.paths.D, q: '建' })).map((u) => u.name).sort()).toEqual(['王建国', '王建设']);
  });

  it('finds the last digits of a phone inside the area only; never the middle of a number, never three digits', async () => {
    expect((await search('sup-s1', { area: S1, q: '2222' })).map((u) => u.id)).toEqual([wang.id]);
    expect((await search('sup-s1', { area: S1, q: '13911112222' })).map((u) => u.id)).toEqual([wang.id]);
    expect(await search('sup-s1', { area: S1, q: '1111' })).toEqual([]);
    expect(await search('sup-s1', { area: S1, q: '222' })).toEqual([]);
    expect((await search('sup-s2', { area: S2, q: '2222' })).map((u) => u.id)).toEqual([wang2.id]);
  });

  it('combines with the role filter', async () => {
    expect((await search('admin-s1', { area: S1, role: 'guarantee_leader', q: '包保' })).map((u) => u.id)).toEqual(['guar-s1']);
    expect(await search('admin-s1', { area: S1, role: 'supervisor', q: '王建国' })).toEqual([]);
  });

  it('refuses an area outside the caller’s, whatever the search', async () => {
    const res = await invoke(listUsers, { token: await as('sup-s1'), query: { area: S2, q: '王建' } });
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('王建设');
    const long = await invoke(listUsers, { token: await as('sup-s1'), query: { area: S1, q: '一二三四五六七八九十一二三四五六七八九十一' } });
    expect(long.status).toBe(400);
    expect(long.body.error.fields.q).toMatch(/^关键词：/);
  });
});

describe('changing roles and levels', () => {
  it('replaces roles but keeps grid assignments', async () => {
    const res = await invoke(setGrants, {
      method: 'PUT',
      token: await as('admin-s1'),
      params: { id: 'gw-1' },
      body: { grants: [{ role: 'guarantee_leader', area: S1 }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.user.grants.map((g: { role: string; area: string }) => [g.role, g.area])).toEqual([
      ['gridworker', M1],
      ['guarantee_leader', S1],
    ]);
  });

  it('sets a gridworker level and refuses a level outside 1–3', async () => {
    const token = await as('sup-s1');
    const ok = await invoke(setGridworkerLevel, { method: 'PUT', token, params: { id: 'gw-1' }, body: { level: 1 } });
    expect(ok.body.user.gridworkerLevel).toBe(1);
    const bad = await expectNothingWritten(() => invoke(setGridworkerLevel, { method: 'PUT', token, params: { id: 'gw-1' }, body: { level: 4 } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.level).toMatch(/^级别：/);
  });

  it('answers 404, not 403, for a user outside the scope, so existence does not leak', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(setGridworkerLevel, { method: 'PUT', token: await as('sup-s1'), params: { id: 'gw-2' }, body: { level: 3 } }),
    );
    expect(res.status).toBe(404);
  });
});
