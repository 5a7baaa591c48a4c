/**
 * The demo district's hazards, as `npm start` loads them: played through the use cases, so the
 * counters equal a recount, and every role's home has work on it.
 */
import type { Actor } from '@safegrid/shared';
import { deps } from '../src/deps';
import { hazardQueue, listMyHazards } from '../src/usecases/hazards';
import { generateDistrict } from '../../scripts/demo/generate';
import { DEMO_HAZARD_COUNT, loadDemoHazards } from '../../scripts/demo/hazards';
import { allItems, countersVersusRecount } from './hazard-support';
import { setupTable } from './support';

const district = generateDistrict();
const actor = (id: string): Actor => ({ userId: id, grants: district.users.find((u) => u.id === id)!.grants });

beforeAll(async () => {
  await setupTable(district);
  expect(await loadDemoHazards(deps(), district)).toBe(DEMO_HAZARD_COUNT);
}, 300_000);

it('writes every state of the loop, letters included, with counters that equal a recount', async () => {
  const hazards = (await allItems()).filter((i) => i._et === 'Hazard');
  expect(hazards).toHaveLength(DEMO_HAZARD_COUNT);
  const states = new Set(hazards.map((h) => h.state));
  for (const s of ['reported', 'planning', 'rectifying', 'rechecking', 'closed', 'rejected', 'merged']) expect(states).toContain(s);
  expect(hazards.some((h) => h.letters.length > 0)).toBe(true);
  const { stored, recount } = await countersVersusRecount();
  expect(stored).toEqual(recount);
});

it('gives every demo role something on its desk', async () => {
  const d = deps();
  const count = async (id: string, kind: string) => (await hazardQueue(d, actor(id))).groups.find((g) => g.kind === kind)?.hazards.length ?? 0;
  expect(await count('gw-001', 'triage')).toBeGreaterThan(0);
  expect(await count('gw-001', 'recheck')).toBeGreaterThan(0);
  expect(await count('demo-owner', 'rectify')).toBeGreaterThan(0);
  expect(await count('demo-supervisor', 'overdue')).toBeGreaterThan(0);
  expect((await listMyHazards(d, actor('demo-public'), {})).hazards.length).toBeGreaterThan(0);
});
