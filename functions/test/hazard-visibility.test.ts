/**
 * Who sees which hazards: admins and guarantee leaders read their area's
 * 隐患台账 and its hazards (never the reporter, never a move); the owner reads every hazard of
 * their enterprise, open and closed, with its state; the lists come newest first, paged by
 * sealed cursors, and can be searched by a word of the description or of the enterprise's name.
 */
import { handler as listHazards } from '../src/handlers/listHazards';
import { handler as exportHazards } from '../src/handlers/exportHazards';
import { handler as getHazard } from '../src/handlers/getHazard';
import { M1, S1, inDays, move, report, token, uploadPhoto } from './hazard-support';
import { invoke, setupTable } from './support';

jest.setTimeout(120_000);
beforeAll(() => setupTable(), 60_000);

const list = async (userId: string, query: Record<string, string>) => invoke(listHazards, { token: await token(userId), query });

/** Every page of a list, following its cursors. */
async function allPages(userId: string, query: Record<string, string>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await list(userId, { ...query, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    ids.push(...res.body.hazards.map((h: { id: string }) => h.id));
    cursor = res.body.cursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

let anonymousByWorker: { id: string };
let sentEvidence: { id: string };
let closed: { id: string };
let fresh: { id: string };

beforeAll(async () => {
  anonymousByWorker = await report('worker-1', { anonymous: true, enterpriseId: 'ent-1', description: '配电箱门损坏，电线裸露' });
  sentEvidence = await report('pub-1', { enterpriseId: 'ent-1', description: '消防通道堆放纸箱' });
  await move('gw-1', sentEvidence.id, { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(7), enterpriseId: 'ent-1' });
  expect((await move('owner-1', sentEvidence.id, { action: 'submitEvidence', photos: [await uploadPhoto('owner-1')], note: '已清理' })).status).toBe(200);
  closed = await report('pub-1', { enterpriseId: 'ent-1', description: '灭火器过期未更换' });
  await move('gw-1', closed.id, { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(7), enterpriseId: 'ent-1' });
  await move('owner-1', closed.id, { action: 'submitEvidence', photos: [await uploadPhoto('owner-1')], note: '已更换' });
  expect((await move('gw-1', closed.id, { action: 'recheckPass', note: '复查通过' })).status).toBe(200);
  fresh = await report('pub-1', { description: '路边井盖缺失' });
});

describe('admins and guarantee leaders read their area’s hazards', () => {
  it.each(['guar-s1', 'admin-s1', 'admin-d'])('%s lists the hazards of their area (was 403) and opens each without the reporter or a move', async (userId) => {
    const res = await list(userId, {});
    expect(res.status).toBe(200);
    expect(res.body.hazards.map((h: { id: string }) => h.id)).toEqual(expect.arrayContaining([anonymousByWorker.id, sentEvidence.id, closed.id, fresh.id]));
    expect((await list(userId, { area: S1 })).status).toBe(200);
    expect((await list(userId, { enterpriseId: 'ent-1' })).status).toBe(200);
    for (const h of [anonymousByWorker, fresh]) {
      const seen = await invoke(getHazard, { token: await token(userId), params: { id: h.id } });
      expect(seen.status).toBe(200);
      expect(seen.body.hazard.reporter).toBeUndefined();
      expect(seen.body.hazard.moves).toEqual([]);
    }
    const exported = await invoke(exportHazards, { method: 'POST', token: await token(userId), body: { area: M1 } });
    expect(exported.status).toBe(200);
  });

  it('an admin of another street still may not read this one', async () => {
    expect((await list('admin-s2', { area: S1 })).status).toBe(403);
    expect((await list('admin-s2', { enterpriseId: 'ent-1' })).status).toBe(404);
    expect((await invoke(getHazard, { token: await token('admin-s2'), params: { id: fresh.id } })).status).toBe(404);
  });
});

describe('the owner reads every hazard of their enterprise', () => {
  it('open and closed, with state, including one whose evidence was sent; an anonymous worker looks like the public', async () => {
    const res = await list('owner-1', { enterpriseId: 'ent-1' });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.hazards.map((h: { id: string }) => [h.id, h]));
    expect(byId.get(sentEvidence.id)).toMatchObject({ state: 'rechecking', stateLabel: '待复查' });
    expect(byId.get(closed.id)).toMatchObject({ state: 'closed', stateLabel: '已销号' });
    expect(byId.get(anonymousByWorker.id)).toMatchObject({ source: 'public', sourceLabel: expect.any(String) });
    expect(byId.has(fresh.id)).toBe(false);
    const detail = await invoke(getHazard, { token: await token('owner-1'), params: { id: anonymousByWorker.id } });
    expect(detail.body.hazard).toMatchObject({ source: 'public' });
    expect(detail.body.hazard.reporter).toBeUndefined();
  });

  it('may not list the area, nor another enterprise', async () => {
    expect((await list('owner-1', { area: M1 })).status).toBe(403);
    expect((await list('owner-1', { enterpriseId: 'ent-2' })).status).toBe(404);
  });
});

describe('newest first, paged, searchable', () => {
  it('lists an area newest first and pages through it by cursor without repeats', async () => {
    const one = await list('sup-s1', { area: M1, limit: '100' });
    const ids = one.body.hazards.map((h: { id: string }) => h.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(ids[0]).toBe(fresh.id);
    const paged = await allPages('sup-s1', { area: M1, limit: '2' });
    expect(paged.ids).toEqual(ids);
    expect(paged.pages).toBeGreaterThan(1);
  });

  it("lists an enterprise's hazards newest first across states, paged by cursor", async () => {
    const whole = (await list('owner-1', { enterpriseId: 'ent-1', limit: '100' })).body.hazards;
    const times = whole.map((h: { createdAt: string }) => h.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const paged = await allPages('owner-1', { enterpriseId: 'ent-1', limit: '1' });
    expect(paged.ids).toEqual(whole.map((h: { id: string }) => h.id));
    expect(paged.pages).toBe(whole.length);
  });

  it('a cursor of one enterprise’s list is refused for another query', async () => {
    const first = await list('owner-1', { enterpriseId: 'ent-1', limit: '1' });
    expect(first.body.cursor).toEqual(expect.any(String));
    expect((await list('owner-1', { enterpriseId: 'ent-1', state: 'closed', cursor: first.body.cursor })).status).toBe(400);
  });

  it('searches by a word of the description or of the enterprise’s name', async () => {
    const byWord = await list('sup-s1', { area: S1, q: '井盖' });
    expect(byWord.body.hazards.map((h: { id: string }) => h.id)).toEqual([fresh.id]);
    const byName = await allPages('sup-s1', { area: S1, q: '测试企业1' });
    expect(byName.ids).toEqual(expect.arrayContaining([anonymousByWorker.id, sentEvidence.id, closed.id]));
    expect(byName.ids).not.toContain(fresh.id);
    const owners = await list('owner-1', { enterpriseId: 'ent-1', q: '灭火器' });
    expect(owners.body.hazards.map((h: { id: string }) => h.id)).toEqual([closed.id]);
  });
});
