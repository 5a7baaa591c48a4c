import { ulid } from 'ulid';
import { handler as createUser } from '../src/handlers/createUser';
import { handler as listUsers } from '../src/handlers/listUsers';
import { handler as setGrants } from '../src/handlers/setGrants';
import { handler as setGridworkerLevel } from '../src/handlers/setGridworkerLevel';
import { expectNothingWritten, fixture, invoke, setupTable, snapshot, tokenFor, userById } from './support';

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

describe('creating users', () => {
  const body = () => ({ id: ulid(), name: '新包保责任人', phone: '13700001111', grants: [{ role: 'guarantee_leader', area: S1 }] });

  it('creates once for a client id, whatever the retries', async () => {
    const token = await as('admin-s1');
    const b = body();
    const before = (await snapshot()).length;
    const first = await invoke(createUser, { method: 'POST', token, body: b });
    const retries = await Promise.all([1, 2, 3].map(() => invoke(createUser, { method: 'POST', token, body: b })));
    expect(first.status).toBe(200);
    for (const r of retries) expect(r.body).toEqual(first.body);
    expect((await snapshot()).length).toBe(before + 1);
    expect(first.body.user.phone).toBe('137****1111');
  });

  it('answers 409 when the same id comes with another body', async () => {
    const token = await as('admin-s1');
    const b = body();
    await invoke(createUser, { method: 'POST', token, body: b });
    const res = await expectNothingWritten(() => invoke(createUser, { method: 'POST', token, body: { ...b, name: '别人' } }));
    expect(res.status).toBe(409);
  });

  it('requires each role to carry the scope it needs', async () => {
    const token = await as('admin-d');
    const cases = [
      [{ role: 'supervisor' }, 'grants.0.area', '请选择区域'],
      [{ role: 'enterprise_owner', area: S1 }, 'grants.0.enterpriseId', '请选择企业'],
      [{ role: 'public', area: S1 }, 'grants.0', '公众角色不需要指定区域或企业'],
      [{ role: 'gridworker', area: M1 }, 'grants.0.role', '网格员请通过“指定网格员”分配网格'],
      [{ role: 'enterprise_owner', enterpriseId: 'ent-404' }, 'grants.0.enterpriseId', '企业不存在'],
    ] as const;
    for (const [grant, field, message] of cases) {
      const res = await expectNothingWritten(() => invoke(createUser, { method: 'POST', token, body: { ...body(), grants: [grant] } }));
      expect({ grant, status: res.status, message: res.body.error.fields?.[field] }).toEqual({ grant, status: res.status >= 400 && res.status < 500 ? res.status : 'not 4xx', message });
    }
  });

  it('does not let an admin hand out roles beyond their own area', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(createUser, { method: 'POST', token: await as('admin-s1'), body: { ...body(), grants: [{ role: 'supervisor', area: S2 }] } }),
    );
    expect(res.status).toBe(403);
    const ent = await expectNothingWritten(async () =>
      invoke(createUser, { method: 'POST', token: await as('admin-s1'), body: { ...body(), grants: [{ role: 'enterprise_owner', enterpriseId: 'ent-3' }] } }),
    );
    expect(ent.status).toBe(404);
  });

  it('rejects a malformed id and phone naming the fields', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(createUser, { method: 'POST', token: await as('admin-d'), body: { ...body(), id: '1', phone: '123' } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.fields.id).toMatch(/ULID/);
    expect(res.body.error.fields.phone).toBe('手机号：应为11位手机号');
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
