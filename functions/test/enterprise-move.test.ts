/**
 * An enterprise moved to another micro-grid (black-box testing: its hazards stayed behind; the new
 * gridworker's list showed them, opening one answered 404, the export by enterprise had them).
 * The rule: open hazards move with it (counters and timeline too); what was closed stays with the
 * grid that handled it. Lists, detail and exports agree for the old and the new gridworker.
 */
import { handler as exportHazards } from '../src/handlers/exportHazards';
import { handler as getEnterprise } from '../src/handlers/getEnterprise';
import { handler as hazardQueue } from '../src/handlers/hazardQueue';
import { handler as listHazards } from '../src/handlers/listHazards';
import { handler as updateEnterprise } from '../src/handlers/updateEnterprise';
import { readFirstSheet } from '../src/lib/xlsx';
import { bufferSource } from '../src/lib/xlsx-zip';
import { M1, M2, countersVersusRecount, detail, move, seedHazard, token, uploadPhoto } from './hazard-support';
import { invoke, setupTable } from './support';

jest.setTimeout(60_000);

const ids = (hazards: { id: string }[]) => hazards.map((h) => h.id).sort();
async function listed(user: string, query: Record<string, string>) {
  const res = await invoke(listHazards, { token: await token(user), query: { limit: '100', ...query } });
  return res.status === 200 ? ids(res.body.hazards) : res.status;
}
async function exported(user: string, body: Record<string, string>) {
  const res = await invoke(exportHazards, { method: 'POST', token: await token(user), body });
  if (res.status !== 200) return res.status;
  const rows: string[] = [];
  for await (const row of readFirstSheet(bufferSource(Buffer.from(await (await fetch(res.body.url)).arrayBuffer())))) rows.push(String(row.cells[0]));
  return rows.slice(1).sort();
}

let open: { rectifying: string; reported: string; rechecking: string };
let closed: string;

beforeAll(async () => {
  await setupTable();
  const rectifying = await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
  const reported = await seedHazard('pub-1', { enterpriseId: 'ent-1' });
  const rechecking = await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
  expect((await move('owner-1', rechecking.id, { action: 'submitEvidence', photos: [await uploadPhoto('owner-1')], note: '已整改' })).status).toBe(200);
  open = { rectifying: rectifying.id, reported: reported.id, rechecking: rechecking.id };
  closed = (await seedHazard('pub-1', { enterpriseId: 'ent-1' })).id;
  expect((await move('gw-1', closed, { action: 'reject', reason: '重复上报，已处理' })).status).toBe(200);

  const file = (await invoke(getEnterprise, { token: await token('sup-d'), params: { id: 'ent-1' } })).body.enterprise;
  const res = await invoke(updateEnterprise, { method: 'PUT', token: await token('sup-d'), params: { id: 'ent-1' }, body: { version: file.version, changes: { area: M2 } } });
  expect(res.status).toBe(200);
});

describe('an enterprise moved to another micro-grid', () => {
  it('takes its open hazards to the new grid: its gridworker lists, opens and exports them', async () => {
    const mine = Object.values(open).sort();
    expect(await listed('gw-2', { area: M2 })).toEqual(expect.arrayContaining(mine));
    expect(await listed('gw-2', { enterpriseId: 'ent-1' })).toEqual(mine);
    expect(await exported('gw-2', { enterpriseId: 'ent-1' })).toEqual(mine);
    for (const id of mine) {
      const { status, body } = await detail('gw-2', id);
      expect(status).toBe(200);
      expect(body.hazard.area).toBe(M2);
      expect(body.timeline.at(-1)).toMatchObject({ kind: 'relocate', label: '随企业迁至新网格', details: [['原网格', '一社区第1网格1号微网格'], ['现网格', '二社区第1网格1号微网格']] });
    }
    const queue = (await invoke(hazardQueue, { token: await token('gw-2') })).body.groups;
    expect(queue.find((g: { kind: string }) => g.kind === 'triage').hazards.map((h: { id: string }) => h.id)).toContain(open.reported);
  });

  it('leaves the closed ones with the grid that handled them, and the lists agree with what opens', async () => {
    expect(await listed('gw-2', { area: M2 })).not.toContain(closed);
    expect((await detail('gw-2', closed)).status).toBe(404);
    expect((await detail('gw-1', closed)).status).toBe(200);
    expect(await listed('gw-1', { area: M1 })).toContain(closed);
    for (const id of Object.values(open)) {
      expect(await listed('gw-1', { area: M1 })).not.toContain(id);
      expect((await detail('gw-1', id)).status).toBe(404);
    }
    // The old gridworker no longer reaches the enterprise at all; its owner and the district read everything.
    expect(await listed('gw-1', { enterpriseId: 'ent-1' })).toBe(404);
    expect(await exported('gw-1', { enterpriseId: 'ent-1' })).toBe(404);
    expect(await listed('sup-d', { enterpriseId: 'ent-1' })).toEqual([...Object.values(open), closed].sort());
  });

  it('moves the stock counters with them: the recount agrees', async () => {
    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);
  });
});
