import { handler as gridworkerHome } from '../src/handlers/gridworkerHome';
import { deps, overrideDeps } from '../src/deps';
import { fixtureDistrict, invoke, setupTable, tokenFor } from './support';

const district = fixtureDistrict();
const { G1, M1 } = district.paths;
// gw-1 also holds grid G1 itself, to show a grid with its micro-grids.
const gw = district.users.find((u) => u.id === 'gw-1')!;
gw.grants.push({ role: 'gridworker', area: G1 });
beforeAll(() => setupTable(district));

it("shows the gridworker's grids with community, micro-grids and business counts", async () => {
  const res = await invoke(gridworkerHome, { token: await tokenFor(gw) });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    level: 2,
    grids: [
      { path: M1, name: '一社区第1网格1号微网格', level: 'microgrid', communityName: '一社区', enterpriseCount: 2, dueCount: 0, microgrids: [] },
      { path: G1, name: '一社区第1网格', level: 'grid', communityName: '一社区', enterpriseCount: 2, dueCount: 0, microgrids: [{ path: M1, name: '一社区第1网格1号微网格' }] },
    ],
  });
});

it('counts the files not verified for a month as due', async () => {
  // The loader verified ent-1 29 days and ent-2 28 days ago; a day and a half later, only ent-1 is due.
  const real = deps();
  const later = new Date(Date.now() + 1.5 * 86_400_000);
  const token = (await real.tokens.issue({ userId: gw.id, grants: gw.grants }, later)).token;
  overrideDeps({ clock: { now: () => later } });
  try {
    const res = await invoke(gridworkerHome, { token });
    expect(res.body.grids.map((g: { dueCount: number }) => g.dueCount)).toEqual([1, 1]);
  } finally {
    overrideDeps(real);
  }
});
