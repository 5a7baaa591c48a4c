/**
 * 今日任务 past its first page: a gridworker with more than 50 reports to triage reads them all,
 * page by page, through the group's cursor; a cursor carried to another group or caller is refused.
 */
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { ulid } from 'ulid';
import { deps } from '../src/deps';
import { handler as hazardQueue } from '../src/handlers/hazardQueue';
import { hazardQueue as hazardQueueUsecase, newHazard } from '../src/usecases/hazards';
import { M1, M2, token } from './hazard-support';
import { invoke, setupTable } from './support';

const M1_COUNT = 63;
const M2_COUNT = 12;

async function seedReported(area: string, n: number, lng: number, lat: number) {
  const d = deps();
  for (let i = 0; i < n; i++) {
    const { hazard } = newHazard({
      id: ulid(),
      area,
      source: 'public',
      reporterId: 'pub-1',
      anonymous: false,
      category: '消防安全',
      description: `待核实的举报第${i + 1}条`,
      photos: [],
      lng,
      lat,
      at: new Date(Date.now() - (n - i) * 60_000).toISOString(),
      requestHash: ulid(),
    });
    await d.db.hazards.build(PutItemCommand).item(hazard).send();
  }
}

beforeAll(async () => {
  await setupTable();
  await seedReported(M1, M1_COUNT, 117.1001, 36.2001);
  await seedReported(M2, M2_COUNT, 117.2001, 36.3001);
}, 60_000);
jest.setTimeout(60_000);

type Group = { kind: string; hazards: { id: string }[]; cursor?: string };

describe('今日任务 pages each group', () => {
  it('gives a gridworker with more than 50 reports to triage every one of them, 50 then the rest', async () => {
    const t = await token('gw-1');
    const first = await invoke(hazardQueue, { token: t });
    expect(first.status).toBe(200);
    const triage = first.body.groups.find((g: Group) => g.kind === 'triage') as Group;
    expect(triage.hazards).toHaveLength(50);
    expect(triage.cursor).toEqual(expect.any(String));
    const seen = triage.hazards.map((h) => h.id);
    let cursor = triage.cursor;
    while (cursor) {
      const next = await invoke(hazardQueue, { token: t, query: { kind: 'triage', cursor } });
      expect(next.status).toBe(200);
      expect(next.body.groups.map((g: Group) => g.kind)).toEqual(['triage']);
      seen.push(...next.body.groups[0].hazards.map((h: { id: string }) => h.id));
      cursor = next.body.groups[0].cursor;
    }
    expect(seen).toHaveLength(M1_COUNT);
    expect(new Set(seen).size).toBe(M1_COUNT);
  });

  it('walks every area of one who holds several, and refuses a cursor of another group or caller naming it', async () => {
    const d = deps();
    const both = { userId: 'gw-1', grants: [{ role: 'gridworker' as const, area: M1 }, { role: 'gridworker' as const, area: M2 }] };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await hazardQueueUsecase(d, both, { kind: 'triage', limit: 20, ...(cursor ? { cursor } : {}) });
      seen.push(...res.groups[0]!.hazards.map((h) => h.id));
      cursor = res.groups[0]!.cursor;
      pages++;
    } while (cursor);
    expect(new Set(seen).size).toBe(M1_COUNT + M2_COUNT);
    expect(pages).toBeGreaterThanOrEqual(4);

    const t = await token('gw-1');
    const first = await invoke(hazardQueue, { token: t });
    const triageCursor = first.body.groups.find((g: Group) => g.kind === 'triage').cursor;
    const otherGroup = await invoke(hazardQueue, { token: t, query: { kind: 'recheck', cursor: triageCursor } });
    expect(otherGroup.status).toBe(400);
    expect(otherGroup.body.error.fields).toHaveProperty('cursor');
    const otherCaller = await invoke(hazardQueue, { token: await token('sup-s1'), query: { kind: 'triage', cursor: triageCursor } });
    expect(otherCaller.status).toBe(400);
    const noKind = await invoke(hazardQueue, { token: t, query: { cursor: triageCursor } });
    expect(noKind.status).toBe(400);
    expect(noKind.body.error.fields).toHaveProperty('kind');
  });
});
