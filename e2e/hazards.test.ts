/**
 * The hazard loop in the browser, through the real backend: a member of the public reports a
 * hazard with a photo, the gridworker confirms it, the enterprise rectifies, the gridworker
 * rechecks and closes it, and the reporter sees it closed. The enterprise never sees who reported.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { generateDistrict } from '../scripts/demo/generate';
import { placeholderPng } from '../functions/src/lib/png';
import { type World, gpsAt, journey, signInAs, startWorld } from './harness';

jest.retryTimes(2, { logErrorsBeforeRetry: true });

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 120_000);
afterAll(() => world?.close());

const district = generateDistrict();
const person = (id: string) => district.users.find((u) => u.id === id)!.name;
const firm = district.enterprises[0]!;
const visible = (page: Page, text: string | RegExp) => page.getByText(text).filter({ visible: true }).first();
const tapText = async (page: Page, text: string | RegExp) => visible(page, text).tap();

/** A phone standing at the demo enterprise, with location allowed. */
async function phoneAtFirm(): Promise<BrowserContext> {
  const context = await world.phone();
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation(gpsAt(firm));
  return context;
}

async function openHazard(page: Page, id: string, description: string) {
  await visible(page, description).waitFor();
  await page.locator('.hz-card').filter({ hasText: description }).filter({ visible: true }).first().tap();
  // The detail page is a hash route. waitForURL raced the app's own hash change on a loaded CI machine (it missed a
  // navigation that landed between its URL check and its listener); polling the page's location cannot miss it.
  await page.waitForFunction(`location.hash.includes(${JSON.stringify(`id=${id}`)})`, undefined, { timeout: 60_000 });
}

async function pickFirm(page: Page) {
  await tapText(page, '查找附近企业 ›');
  await page.locator('.hz-search').filter({ visible: true }).getByText('搜索', { exact: true }).tap();
  await page.locator('.hz-found').filter({ hasText: firm.name }).filter({ visible: true }).first().tap();
}

it('takes a public report from the phone to closed, through the gridworker and the enterprise', async () => {
  // Its own words each attempt: a retry (jest.retryTimes above) must not open the hazard an earlier attempt left.
  const description = `浏览器测试：${firm.name}消防通道被杂物堵塞（${Date.now().toString(36)}）`;
  let hazardId = '';

  // 1. The public reports, with a photo, where they stand.
  await journey(await phoneAtFirm(), async (page) => {
    await signInAs(page, world.appUrl, person('demo-public'));
    await tapText(page, '随手拍');
    await visible(page, /所属网格：/).waitFor();
    const chooser = page.waitForEvent('filechooser');
    await tapText(page, '拍照或从相册选择');
    await (await chooser).setFiles({ name: 'hazard.png', mimeType: 'image/png', buffer: placeholderPng(200, 60, 40) });
    await visible(page, '✓ 已上传').waitFor();
    await page.locator('textarea').filter({ visible: true }).first().fill(description);
    await tapText(page, '消防安全');
    // Naming the business puts the report in its grid (a bare point goes to the nearest grid centre).
    await pickFirm(page);
    await page.locator('.actions').filter({ visible: true }).getByText('提交', { exact: true }).tap();
    await page.waitForURL(/packageHazard\/pages\/detail/);
    await visible(page, '待核实').waitFor();
    hazardId = /id=([0-9A-Z]{26})/.exec(page.url())![1]!;
  });

  // 2. The gridworker confirms it from the day's work, naming the enterprise.
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, person('gw-001'));
    await tapText(page, '今日任务');
    await openHazard(page, hazardId, description);
    await tapText(page, '核实确认');
    // The enterprise the reporter named is already on the form.
    await page.locator('.hz-picked-name').filter({ hasText: firm.name }).filter({ visible: true }).first().waitFor();
    await tapText(page, '提交：核实确认');
    await visible(page, '整改中').waitFor();
  });

  // 3. The enterprise rectifies it, and sees nothing of who reported it.
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, person('demo-owner'));
    await tapText(page, '隐患整改');
    // The demo enterprise may also owe a plan for a major hazard: that tab comes first.
    await page.locator('.hz-tab').filter({ hasText: '待整改' }).filter({ visible: true }).first().tap();
    await openHazard(page, hazardId, description);
    await expect(page.locator('body').innerText()).resolves.not.toContain(person('demo-public'));
    await tapText(page, '提交整改材料');
    const chooser = page.waitForEvent('filechooser');
    await tapText(page, '拍照或从相册选择');
    await (await chooser).setFiles({ name: 'fixed.png', mimeType: 'image/png', buffer: placeholderPng(60, 160, 60) });
    await visible(page, '✓ 已上传').waitFor();
    await page.locator('textarea').filter({ visible: true }).first().fill('杂物已清理，安全出口已解锁');
    await tapText(page, /^提交$/);
    await visible(page, '待复查').waitFor();
    await expect(page.locator('body').innerText()).resolves.not.toContain(person('demo-public'));
  });

  // 4. The gridworker rechecks and closes it.
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, person('gw-001'));
    await tapText(page, '今日任务');
    await page.locator('.hz-tab').filter({ hasText: '待复查' }).filter({ visible: true }).first().tap();
    await openHazard(page, hazardId, description);
    await tapText(page, '复查通过');
    await tapText(page, '提交：复查通过');
    await visible(page, '已销号').waitFor();
  });

  // 5. The reporter sees it closed.
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, person('demo-public'));
    await tapText(page, '我的举报');
    await page.locator('.hz-card').filter({ hasText: description }).filter({ hasText: '已销号' }).filter({ visible: true }).first().waitFor();
  });
}, 600_000);
