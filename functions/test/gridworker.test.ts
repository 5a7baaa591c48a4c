import { handler as gridworkerHome } from '../src/handlers/gridworkerHome';
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
      { path: M1, name: '一社区第1网格1号微网格', level: 'microgrid', communityName: '一社区', enterpriseCount: 2, microgrids: [] },
      { path: G1, name: '一社区第1网格', level: 'grid', communityName: '一社区', enterpriseCount: 2, microgrids: [{ path: M1, name: '一社区第1网格1号微网格' }] },
    ],
  });
});
