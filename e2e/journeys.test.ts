import { generateDistrict } from '../scripts/demo/generate';
import { placeholderPng } from '../functions/src/lib/png';
import { type World, gpsAt, journey, signInAs, startWorld, tapUser } from './harness';

// On CI's 2 cores the browser journeys have intermittently missed a page (a different step each
// time; never locally): retry a failed journey, and say so in the issue notes until it is found.
jest.retryTimes(2, { logErrorsBeforeRetry: true });

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 120_000);
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
    await tapUser(page, gridworker.name);

    await page.getByText('我的网格').waitFor();
    for (const name of gridNames) await page.getByText(name, { exact: true }).first().waitFor();
    await expect(page.getByText(/企业\s*\d+\s*家/).first().textContent()).resolves.toMatch(/企业\s*\d+\s*家/);
  });
}, 240_000);

it("checks a business's file on site: grid → ledger → file → 核实无变化 → on the history", async () => {
  const grid = district.areas.find((a) => a.path === gridworker.grants[0]!.area)!;
  const firms = district.enterprises.filter((e) => e.area === grid.path);
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, gridworker.name);
    await page.getByText('我的网格').waitFor();

    await page.getByText(`企业 ${firms.length} 家`, { exact: true }).first().tap();
    const row = page.locator('.ledger-row:not(.ledger-probe)').filter({ visible: true }).first();
    await row.waitFor();
    const name = (await row.locator('.ledger-row-name').textContent())!.trim();
    expect(firms.map((f) => f.name)).toContain(name);
    await row.tap();

    await page.locator('.hero-title', { hasText: name }).waitFor();
    await page.getByText('基本信息').waitFor();
    await page.getByText('核实无变化', { exact: true }).filter({ visible: true }).tap();
    // The seeded file had no history; the check appears on it as 核实, by this gridworker.
    await page.getByText(new RegExp(`核实\\s*·\\s*${gridworker.name}`)).filter({ visible: true }).first().waitFor();
  });
}, 240_000);

it("lets an enterprise owner open their own file and edit only what is theirs", async () => {
  const owner = district.users.find((u) => u.id === 'demo-owner')!;
  const firm = district.enterprises.find((e) => e.id === owner.grants[0]!.enterpriseId)!;
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, owner.name);
    await page.getByText('本企业档案').filter({ visible: true }).tap();
    await page.locator('.hero-title', { hasText: firm.name }).waitFor();
    await page.getByText('编辑', { exact: true }).filter({ visible: true }).tap();
    // The edit form has loaded (the detail page below it may still be visible while it does).
    await page.waitForURL(/pages\/edit\/index/);
    await page.locator('.hero-title', { hasText: '编辑档案' }).filter({ visible: true }).waitFor();
    await page.getByText('保存', { exact: true }).filter({ visible: true }).waitFor();
    await page.getByText('从业人数').filter({ visible: true }).first().waitFor();
    await expect(page.locator('.hero-title', { hasText: firm.name }).filter({ visible: true }).count()).resolves.toBe(0);
    // Earlier pages stay in the DOM, hidden: only what the owner sees counts.
    await expect(page.getByText('风险等级', { exact: true }).filter({ visible: true }).count()).resolves.toBe(0);
  });
}, 240_000);

it("has an owner read this year's commitment letter, answer the self-check, sign by hand and verify it", async () => {
  const owner = district.users.find((u) => u.id === 'demo-owner')!;
  await journey(await world.phone(), async (page) => {
    const shown = (text: string | RegExp) => page.getByText(text, { exact: typeof text === 'string' }).filter({ visible: true }).first();
    const signedAndVerified = async () => {
      await page.waitForURL(/packageCommitment\/pages\/signed/);
      await shown('已签署').waitFor();
      await shown(/自查不符合 1 项，已转为隐患整改/).waitFor();
      // The signature shown back is the one drawn: an image, not the empty pad.
      await page.locator('.cm-signature-img').filter({ visible: true }).waitFor();
      await shown('校验').tap();
      await shown('校验通过 ✓').waitFor();
    };
    await signInAs(page, world.appUrl, owner.name);
    // The entry under the 告知承诺 heading.
    await shown('阅读并签署本年度安全生产告知承诺书').tap();
    await page.getByText(/^(阅读并签署 ›|✓ 本年度承诺书已签署)$/).filter({ visible: true }).first().waitFor();
    // A retry of this journey (jest.retryTimes above) finds the letter its first attempt signed:
    // it checks and verifies that one instead of signing twice, which the API would refuse.
    if (await shown('✓ 本年度承诺书已签署').isVisible()) {
      await shown('查看 ›').tap();
      await signedAndVerified();
      return;
    }
    await shown('待签署').waitFor();
    await shown('阅读并签署 ›').tap();
    await page.waitForURL(/packageCommitment\/pages\/sign/);

    // Signing stays locked until every item is answered and the letter is read to its end.
    const items = page.locator('.cm-item-edit').filter({ visible: true });
    await items.first().waitFor();
    const count = await items.count();
    expect(count).toBeGreaterThan(3);
    await shown(`还有 ${count} 项自查未作答`).waitFor();
    await expect(page.locator('.sig-pad').count()).resolves.toBe(0);
    for (let i = 0; i < count; i++) {
      await items.nth(i).getByText(i === 1 ? '不符合' : '符合', { exact: true }).tap();
    }
    // 不符合 asks what is wrong; that item becomes a hazard when the letter is signed.
    await items.nth(1).locator('textarea').fill('二楼仓库灭火器已过期');
    await page.locator('#cm-end').scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 200);
    const pad = page.locator('.sig-pad').filter({ visible: true });
    await pad.waitFor();
    await pad.scrollIntoViewIfNeeded();

    // A signature drawn with the mouse: three strokes across the pad.
    const box = (await pad.boundingBox())!;
    for (const [y, dy] of [[0.3, 0.4], [0.6, -0.2], [0.5, 0.1]] as const) {
      await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * y);
      await page.mouse.down();
      for (let s = 1; s <= 12; s++) await page.mouse.move(box.x + box.width * (0.15 + 0.06 * s), box.y + box.height * (y + (dy * s) / 12));
      await page.mouse.up();
    }
    await shown('确认签名').tap();
    await shown('✓ 签名已确认').waitFor();
    await shown('确认签署').tap();

    await signedAndVerified();
  });
}, 240_000);

it('checks a business on site without a connection: the draft survives a reload, and submitting twice makes one check with its hazard', async () => {
  const api = world.apiBase;
  const session = (await (await fetch(`${api}/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'gw-001' }) })).json()) as { token: string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const get = async (path: string): Promise<any> => (await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${session.token}` } })).json();
  const firm = (await get('/checks/owed')).enterprises[0];
  const checksOf = async () => (await get(`/enterprises/${firm.id}/checks`)).checks.length;
  const before = await checksOf();
  const at = district.enterprises.find((e) => e.id === firm.id)!;
  const context = await world.phone();
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation(gpsAt(at));
  await journey(context, async (page) => {
    const shown = (text: string | RegExp) => page.getByText(text, { exact: typeof text === 'string' }).filter({ visible: true }).first();
    await signInAs(page, world.appUrl, gridworker.name);
    await shown('应检企业').tap();
    await page.locator('.ck-owed').filter({ hasText: firm.name }).filter({ visible: true }).first().tap();
    await page.waitForURL(/packageGridworker\/pages\/check/);
    // The checklist is loaded while online; then the basement has no signal.
    await page.locator('.ck-item').filter({ visible: true }).first().waitFor();
    await shown('签到').tap();
    await shown(/已签到/).waitFor();
    await context.route(`${api}/**`, (route) => route.abort('internetdisconnected'));

    const items = page.locator('.ck-item').filter({ visible: true });
    const count = await items.count();
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      if (i === 0) await item.locator('.ck-result-fail').tap();
      else if (await item.locator('.ck-result-pass').count()) await item.locator('.ck-result-pass').tap();
      else if (await item.locator('input').count()) await item.locator('input').first().fill('0');
    }
    const first = items.nth(0);
    const chooser = page.waitForEvent('filechooser');
    await first.getByText('拍摄不符合的情况').tap();
    await (await chooser).setFiles({ name: 'fail.png', mimeType: 'image/png', buffer: placeholderPng(180, 60, 40) });
    await first.locator('textarea').first().fill('配电箱门损坏，电线裸露');
    await page.locator('input[name="signerName"]').filter({ visible: true }).first().fill('张经理');
    const pad = page.locator('.sig-pad').filter({ visible: true });
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
    await page.mouse.down();
    for (let s = 1; s <= 12; s++) await page.mouse.move(box.x + box.width * (0.2 + 0.05 * s), box.y + box.height * (0.5 + (s % 3) * 0.1));
    await page.mouse.up();
    await shown('确认签名').tap();
    await shown('✓ 签名已确认').waitFor();

    // The app is closed and opened again, still without a connection: the draft is all there.
    const filled = (await shown(/^已填 \d+\/\d+ 项$/).textContent())!;
    await page.reload();
    await shown(/该企业有一份未提交的检查草稿/).tap();
    await page.waitForURL(/draft=/);
    await shown(filled).waitFor();
    await page.locator('.ck-item-failing textarea').filter({ visible: true }).first().waitFor();
    await expect(page.locator('.ck-item-failing textarea').first().inputValue()).resolves.toBe('配电箱门损坏，电线裸露');

    // Back online: the photos go up, and a double tap on 提交 makes one check.
    await context.unroute(`${api}/**`);
    const uploadAll = page.getByText(/上传全部/).filter({ visible: true });
    if (await uploadAll.count()) await uploadAll.first().tap();
    await page.locator('.ck-upload-failed, .ck-upload-waiting, .ck-upload-uploading').filter({ visible: true }).first().waitFor({ state: 'detached', timeout: 60_000 }).catch(() => undefined);
    const submit = page.getByText('提交', { exact: true }).filter({ visible: true }).first();
    await submit.tap();
    await submit.tap().catch(() => undefined);
    await page.waitForURL(/packageGridworker\/pages\/record/);
    await shown(/查看隐患/).waitFor();
  });
  expect(await checksOf()).toBe(before + 1);
}, 300_000);

it('lets a street supervisor open the dashboard, drill into a grid, export its hazard ledger and download the monthly bulletin', async () => {
  const supervisor = district.users.find((u) => u.id === 'demo-supervisor')!;
  const context = await world.phone();
  await journey(context, async (page) => {
    const shown = (text: string | RegExp) => page.getByText(text, { exact: typeof text === 'string' }).filter({ visible: true }).first();
    /** The file a tap opens (H5 hands its URL to window.open, a download tab): fetched, its first bytes. */
    const opened = async (label: string) => {
      await page.evaluate('window.__opened = []; window.open = (url) => { window.__opened.push(url); return window; }');
      await shown(label).tap();
      await page.waitForFunction('window.__opened.length > 0');
      const url = (await page.evaluate('window.__opened[0]')) as string;
      const res = await context.request.get(url);
      expect(res.status()).toBe(200);
      return (await res.body()).subarray(0, 4).toString('latin1');
    };
    /** Taps the first ranked child area that had hazards reported this year; returns its name. */
    const drillIntoBusiest = async () => {
      await shown('本年').tap();
      await page.waitForLoadState('networkidle');
      const rows = page.locator('.db-child').filter({ visible: true });
      await rows.first().waitFor();
      const count = await rows.count();
      for (let i = 0; i < count; i++) {
        if (((await rows.nth(i).locator('.db-child-reported').textContent()) ?? '0').trim() === '0') continue;
        const name = (await rows.nth(i).locator('.db-child-name').textContent())!.trim();
        await rows.nth(i).locator('.db-child-name').tap();
        await page.locator('.hero-sub', { hasText: name }).filter({ visible: true }).first().waitFor();
        return name;
      }
      throw new Error('no child area had hazards reported this year');
    };

    await signInAs(page, world.appUrl, supervisor.name);
    await shown('数据看板').tap();
    await page.waitForURL(/packageDashboard\/pages\/index/);
    // The street's figures, its businesses and the 月度趋势 chart drawn on its canvas.
    await page.locator('.db-stat-enterprises .db-stat-value').filter({ visible: true }).first().waitFor();
    // Something darker than the paper was drawn (bars, axes, labels).
    await page.waitForFunction(`(() => {
      const el = [...document.querySelectorAll('canvas#db-trend-0')].find((c) => c.offsetParent !== null);
      const data = el && el.getContext('2d').getImageData(0, 0, el.width, el.height).data;
      return Boolean(data && data.some((v, i) => i % 4 !== 3 && v < 160));
    })()`);
    const community = await drillIntoBusiest();
    const grid = await drillIntoBusiest();
    expect([community, grid].every(Boolean)).toBe(true);

    // The grid's hazard records, exported as an .xlsx (a ZIP).
    await shown('隐患台账 ›').tap();
    await page.waitForURL(/packageHazard\/pages\/list/);
    await page.locator('.hz-card').filter({ visible: true }).first().waitFor();
    expect(await opened('导出Excel')).toBe('PK\u0003\u0004');

    // Back on the street's home: its monthly bulletin, generated on demand, as a PDF.
    await signInAs(page, world.appUrl, supervisor.name);
    await shown('月通报').tap();
    await page.waitForURL(/packageDashboard\/pages\/bulletins/);
    await shown('生成').tap();
    await page.waitForURL(/packageDashboard\/pages\/bulletin\b/);
    await shown('一、总体情况').waitFor();
    expect(await opened('下载PDF')).toBe('%PDF');
  });
}, 300_000);
