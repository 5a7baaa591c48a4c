import { ulid } from 'ulid';
import { handler as createRedLine } from '../src/handlers/createRedLine';
import { handler as listRedLines } from '../src/handlers/listRedLines';
import { handler as updateRedLine } from '../src/handlers/updateRedLine';
import { handler as createEnterprise } from '../src/handlers/createEnterprise';
import { expectNothingWritten, fixture, invoke, setupTable, snapshot, tokenFor, userById, uscc } from './support';

beforeAll(() => setupTable());
const { D, S1, S2, M1, G1 } = fixture.paths;
const as = (id: string) => tokenFor(userById(id));
const redLine = (over: Record<string, unknown> = {}) => ({
  id: ulid(),
  area: S1,
  title: '燃气泄漏引发火灾爆炸',
  factors: ['餐饮场所使用液化石油气', '软管老化'],
  enterpriseIds: ['ent-1'],
  ownerName: '街道应急办主任',
  ownerPhone: '13700002222',
  measures: ['安装可燃气体报警器', '每月检查软管'],
  ...over,
});

let streetLine: { id: string; version: number };
beforeAll(async () => {
  const res = await invoke(createRedLine, { method: 'POST', token: await as('sup-s1'), body: redLine() });
  streetLine = res.body.redLine;
  await invoke(createRedLine, { method: 'POST', token: await as('sup-d'), body: redLine({ area: D, title: '区级：有限空间作业', enterpriseIds: [] }) });
  await invoke(createRedLine, { method: 'POST', token: await as('sup-s2'), body: redLine({ area: S2, title: '二街道：涉氨制冷', enterpriseIds: ['ent-3'] }) });
});

describe('red lines (十条红线)', () => {
  it("binds a grid to the red lines of the areas above it, and nothing of a neighbour's", async () => {
    const res = await invoke(listRedLines, { token: await as('gw-1'), query: { area: M1 } });
    expect(res.status).toBe(200);
    expect(res.body.redLines.map((r: { title: string }) => r.title).sort()).toEqual(['区级：有限空间作业', '燃气泄漏引发火灾爆炸'].sort());
    const line = res.body.redLines.find((r: { title: string }) => r.title === '燃气泄漏引发火灾爆炸');
    expect(line).toMatchObject({ areaName: '一街道', enterprises: [{ id: 'ent-1', name: '测试企业1' }], ownerName: '街道应急办主任' });
  });

  it("gives the owner's phone in full to those who call people, masked to a department and an admin", async () => {
    const phones = async (id: string, query: Record<string, string>) =>
      ((await invoke(listRedLines, { token: await as(id), query })).body.redLines as { title: string; ownerPhone: string }[]).find((r) => r.title === '燃气泄漏引发火灾爆炸')!.ownerPhone;
    expect(await phones('gw-1', { area: M1 })).toBe('13700002222');
    expect(await phones('sup-d', { area: D })).toBe('13700002222');
    expect(await phones('owner-1', { enterpriseId: 'ent-1' })).toBe('13700002222');
    expect(await phones('dept-d', { area: D })).toBe('137****2222');
    expect(await phones('admin-s1', { area: S1 })).toBe('137****2222');
  });

  it('shows a district supervisor the red lines set below as well', async () => {
    const res = await invoke(listRedLines, { token: await as('sup-d'), query: { area: D } });
    expect(res.body.redLines).toHaveLength(3);
  });

  it('shows an enterprise owner the red lines that name their enterprise, and 404 for another', async () => {
    const res = await invoke(listRedLines, { token: await as('owner-1'), query: { enterpriseId: 'ent-1' } });
    expect(res.body.redLines.map((r: { title: string }) => r.title)).toEqual(['燃气泄漏引发火灾爆炸']);
    const other = await invoke(listRedLines, { token: await as('owner-1'), query: { enterpriseId: 'ent-3' } });
    expect(other.status).toBe(404);
  });

  it('creates once per client id, whatever the retries', async () => {
    const token = await as('sup-s1');
    const body = redLine({ title: '粉尘爆炸' });
    const before = (await snapshot()).length;
    const first = await invoke(createRedLine, { method: 'POST', token, body });
    const again = await invoke(createRedLine, { method: 'POST', token, body });
    expect(again.body).toEqual(first.body);
    expect((await snapshot()).length).toBe(before + 1);
    const other = await expectNothingWritten(() => invoke(createRedLine, { method: 'POST', token, body: { ...body, title: '别的' } }));
    expect(other.status).toBe(409);
  });

  it('only names enterprises inside its area', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(createRedLine, { method: 'POST', token: await as('sup-s1'), body: redLine({ area: G1, enterpriseIds: ['ent-3'] }) }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.fields['enterpriseIds.0']).toBe('企业不存在或不在该区域内');
  });

  it('requires at least one factor and one measure, naming the fields', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(createRedLine, { method: 'POST', token: await as('sup-s1'), body: redLine({ factors: [], measures: [] }) }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toMatchObject({ factors: '风险因素：至少一项风险因素', measures: '管控措施：至少一项管控措施' });
  });

  it('updates from the version read, and 409 from an older one', async () => {
    const token = await as('sup-s1');
    const ok = await invoke(updateRedLine, { method: 'PUT', token, params: { id: streetLine.id }, body: { version: streetLine.version, changes: { ownerName: '新主任' } } });
    expect(ok.status).toBe(200);
    expect(ok.body.redLine).toMatchObject({ ownerName: '新主任', version: streetLine.version + 1 });
    const stale = await expectNothingWritten(() =>
      invoke(updateRedLine, { method: 'PUT', token, params: { id: streetLine.id }, body: { version: streetLine.version, changes: { ownerName: '旧' } } }),
    );
    expect(stale.status).toBe(409);
  });
  // Black-box testing: a street's red line listed its 125 enterprises, names and ids, to a gridworker of one micro-grid.
  it('names to each reader only the enterprises they may read', async () => {
    const outside = { id: ulid(), uscc: uscc(951), name: '网格外的加油站', kind: '企业', address: '一街道外环路9号', lng: 117.1, lat: 36.2, area: G1, industry: '危化品', riskClass: 'A', tags: [], status: '在营', legalRepresentative: '孙七', contacts: [], employees: 12 };
    expect((await invoke(createEnterprise, { method: 'POST', token: await as('sup-s1'), body: outside })).status).toBe(200);
    const line = (await invoke(createRedLine, { method: 'POST', token: await as('sup-s1'), body: redLine({ title: '加油站卸油作业', enterpriseIds: ['ent-1', outside.id] }) })).body.redLine;
    const named = async (id: string, query: Record<string, string>) =>
      ((await invoke(listRedLines, { token: await as(id), query })).body.redLines as { id: string; enterprises: { id: string }[] }[]).find((r) => r.id === line.id)!.enterprises.map((e) => e.id);
    expect(await named('gw-1', { area: M1 })).toEqual(['ent-1']);
    expect(await named('owner-1', { enterpriseId: 'ent-1' })).toEqual(['ent-1']);
    expect(await named('sup-s1', { area: S1 })).toEqual(['ent-1', outside.id]);
    expect(await named('sup-d', { area: D })).toEqual(['ent-1', outside.id]);
  });

});
