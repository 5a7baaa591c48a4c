import { generateDistrict } from '../scripts/demo/generate';
import { type World, journey, startWorld } from './harness';

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 600_000);
afterAll(() => world?.close());

const district = generateDistrict();
const gridworker = district.users.find((u) => u.id === 'gw-001')!;
const gridNames = gridworker.grants.map((g) => district.areas.find((a) => a.path === g.area)!.name);

it('signs in as a gridworker on the sign-in page and lands on the gridworker home with their grids', async () => {
  await journey(await world.phone(), async (page) => {
    await page.goto(world.appUrl);

    // The local sign-in page lists one demo user per role. The first load compiles the API's
    // functions on demand (osls offline), so it gets more time than the steps after it.
    await page.getByText(gridworker.name, { exact: true }).waitFor({ timeout: 90_000 });
    for (const label of ['公众', '企业负责人', '网格员', '监管人员', '管理员']) {
      await page.getByText(label, { exact: true }).first().waitFor();
    }
    await page.getByText(gridworker.name, { exact: true }).tap();

    await page.getByText('我的网格').waitFor();
    for (const name of gridNames) await page.getByText(name, { exact: true }).first().waitFor();
    await expect(page.getByText(/企业\s*\d+\s*家/).first().textContent()).resolves.toMatch(/企业\s*\d+\s*家/);
  });
}, 120_000);
