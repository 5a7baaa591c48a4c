import { handler as assignGridworker } from '../src/handlers/assignGridworker';
import { handler as createArea } from '../src/handlers/createArea';
import { handler as listAreas } from '../src/handlers/listAreas';
import { handler as me } from '../src/handlers/me';
import { expectNothingWritten, fixture, invoke, setupTable, tokenFor, userById } from './support';

beforeAll(() => setupTable());
const { D, S1, S2, C1, G1, G2, M1 } = fixture.paths;
const as = (id: string) => tokenFor(userById(id));

describe('browsing the area tree', () => {
  it("starts from the actor's own areas", async () => {
    const res = await invoke(listAreas, { token: await as('sup-s1') });
    expect(res.body.areas.map((a: { path: string }) => a.path)).toEqual([S1]);
    const gw = await invoke(listAreas, { token: await as('gw-1') });
    expect(gw.body.areas).toEqual([expect.objectContaining({ path: M1, gridworkerId: 'gw-1', gridworkerName: '网格员甲', level: 'microgrid' })]);
  });

  it('lists children in code order, with names and levels', async () => {
    const res = await invoke(listAreas, { token: await as('sup-d'), query: { parent: D } });
    expect(res.body.areas).toEqual([
      expect.objectContaining({ path: S1, code: 's1', name: '一街道', level: 'street', parent: D, boundary: fixture.areas.find((a) => a.path === S1)!.boundary }),
      expect.objectContaining({ path: S2, code: 's2', name: '二街道', level: 'street', parent: D, bbox: [117.15, 36.25, 117.25, 36.35] }),
    ]);
  });

  it('does not let a path prefix leak a sibling: s1 does not contain s10', async () => {
    const token = await as('admin-d');
    await invoke(createArea, { method: 'POST', token, body: { parent: D, code: 's10', name: '十街道', level: 'street' } });
    const s1Admin = await as('admin-s1');
    const res = await invoke(listAreas, { token: s1Admin, query: { parent: `${D}/s10` } });
    expect(res.status).toBe(403);
  });

  it('answers 404 with the field named for an area that does not exist inside the scope', async () => {
    const res = await invoke(listAreas, { token: await as('sup-s1'), query: { parent: `${S1}/nope` } });
    expect(res.status).toBe(404);
    expect(res.body.error.fields.parent).toBe('区域不存在');
  });
});

describe('creating areas', () => {
  it('creates a child area once, whatever the retries', async () => {
    const token = await as('admin-s1');
    const body = { parent: C1, code: 'g7', name: '一社区第7网格', level: 'grid' };
    const first = await invoke(createArea, { method: 'POST', token, body });
    const retry = await expectNothingWritten(() => invoke(createArea, { method: 'POST', token, body }));
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(first.body.area).toEqual({ path: `${C1}/g7`, code: 'g7', name: '一社区第7网格', level: 'grid', parent: C1 });
  });

  it('refuses a second area under a code already used, naming the code', async () => {
    const token = await as('admin-s1');
    const res = await expectNothingWritten(() =>
      invoke(createArea, { method: 'POST', token, body: { parent: C1, code: 'g1', name: '另一个网格', level: 'grid' } }),
    );
    expect(res.status).toBe(409);
    expect(res.body.error.fields.code).toBe('编码已被使用');
  });

  it('refuses a level not below its parent', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(createArea, { method: 'POST', token: await as('admin-s1'), body: { parent: G1, code: 'x', name: '错误', level: 'community' } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.fields.level).toBe('级别应低于上级区域');
  });

  it('refuses a parent that does not exist', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(createArea, { method: 'POST', token: await as('admin-d'), body: { parent: `${D}/zz`, code: 'x', name: '错误', level: 'community' } }),
    );
    expect(res.status).toBe(404);
    expect(res.body.error.fields.parent).toBe('区域不存在');
  });
});

describe('assigning gridworkers: one grid, one person', () => {
  it('assigns a grid and gives the person the gridworker role on it, together', async () => {
    const token = await as('admin-s1');
    const res = await invoke(assignGridworker, { method: 'PUT', token, body: { area: G1, userId: 'gw-free' } });
    expect(res.status).toBe(200);
    expect(res.body.area).toMatchObject({ path: G1, gridworkerId: 'gw-free', gridworkerName: '待分配网格员' });
    const who = await invoke(me, { token: await tokenFor(userById('gw-free')) });
    expect(who.body.user.grants).toContainEqual(expect.objectContaining({ role: 'gridworker', area: G1 }));
  });

  it('will not silently take a grid from its gridworker', async () => {
    const token = await as('admin-d');
    const res = await expectNothingWritten(() => invoke(assignGridworker, { method: 'PUT', token, body: { area: M1, userId: 'gw-free' } }));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('网格员甲');
  });

  it('replaces when asked, taking the grid off the previous gridworker', async () => {
    const token = await as('admin-d');
    const res = await invoke(assignGridworker, { method: 'PUT', token, body: { area: M1, userId: 'gw-free', replace: true } });
    expect(res.status).toBe(200);
    const previous = await invoke(me, { token: await tokenFor(userById('gw-1')) });
    expect(previous.body.user.grants.some((g: { area?: string }) => g.area === M1)).toBe(false);
  });

  it('only assigns grids and micro-grids, and only people inside the admin scope', async () => {
    const token = await as('admin-s1');
    const community = await expectNothingWritten(() => invoke(assignGridworker, { method: 'PUT', token, body: { area: C1, userId: 'gw-free' } }));
    expect(community.status).toBe(400);
    expect(community.body.error.fields.area).toBe('请选择网格或微网格');
    const stranger = await expectNothingWritten(() => invoke(assignGridworker, { method: 'PUT', token, body: { area: G1, userId: 'sup-s2' } }));
    expect(stranger.status).toBe(404);
    const elsewhere = await expectNothingWritten(() => invoke(assignGridworker, { method: 'PUT', token, body: { area: G2, userId: 'gw-free' } }));
    expect(elsewhere.status).toBe(403);
  });
});
