/**
 * One journey per role not walked elsewhere (journeys.test.ts, hazards.test.ts), each from the
 * sign-in page to the end of that role's main job, through the real backend and the demo district.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { shanghaiDate } from '@safegrid/shared';
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
const shown = (page: Page, text: string | RegExp) => page.getByText(text, { exact: typeof text === 'string' }).filter({ visible: true }).first();
/** Hash routes: polling the page's location cannot miss a navigation the way waitForURL can under load. */
const reached = (page: Page, part: string) => page.waitForFunction(`location.hash.includes(${JSON.stringify(part)})`, undefined, { timeout: 60_000 });

/** The API as a demo user, for what a journey needs to know or arrange off-screen. */
async function apiAs(userId: string) {
  const api = world.apiBase;
  const session = (await (await fetch(`${api}/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) })).json()) as { token: string };
  const headers = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const send = async (method: string, path: string, body: unknown): Promise<any> => {
    const res = await fetch(`${api}${path}`, { method, headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    get: async (path: string): Promise<any> => (await fetch(`${api}${path}`, { headers })).json(),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    post: (path: string, body: unknown) => send('POST', path, body),
  };
}

/** A phone standing at a place, with location allowed. */
async function phoneAt(at: { lng: number; lat: number }): Promise<BrowserContext> {
  const context = await world.phone();
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation(gpsAt(at));
  return context;
}

/** Three strokes across the visible signature pad, then 确认签名. */
async function sign(page: Page) {
  const pad = page.locator('.sig-pad').filter({ visible: true });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  for (const [y, dy] of [[0.3, 0.4], [0.6, -0.2], [0.5, 0.1]] as const) {
    await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * y);
    await page.mouse.down();
    for (let s = 1; s <= 12; s++) await page.mouse.move(box.x + box.width * (0.15 + 0.06 * s), box.y + box.height * (y + (dy * s) / 12));
    await page.mouse.up();
  }
  await shown(page, '确认签名').tap();
  await shown(page, '✓ 签名已确认').waitFor();
}

it("worker (企业员工): reports a hazard in their own enterprise anonymously, and the owner rectifying it never sees who", async () => {
  const worker = person('demo-worker');
  const firm = district.enterprises[0]!;
  // Its own words each attempt, so a retry opens its own hazard.
  const description = `员工内部报告：${firm.name}二号车间配电柜柜门无法关闭（${Date.now().toString(36)}）`;
  let hazardId = '';

  await journey(await phoneAt(firm), async (page) => {
    await signInAs(page, world.appUrl, worker);
    await shown(page, '内部报告').tap();
    await reached(page, 'packageHazard/pages/report');
    await shown(page, /所属网格：/).waitFor();
    // An internal report is about the worker's own enterprise and anonymous from the start.
    await shown(page, firm.name).waitFor();
    await expect(page.locator('.hz-anonymous').filter({ visible: true }).first().getAttribute('class')).resolves.not.toMatch(/nut-switch-close/);
    const chooser = page.waitForEvent('filechooser');
    await shown(page, '拍照或从相册选择').tap();
    await (await chooser).setFiles({ name: 'cabinet.png', mimeType: 'image/png', buffer: placeholderPng(200, 120, 40) });
    await shown(page, '✓ 已上传').waitFor();
    await page.locator('textarea').filter({ visible: true }).first().fill(description);
    await shown(page, '用电安全').tap();
    await page.locator('.actions').filter({ visible: true }).getByText('提交', { exact: true }).tap();
    await reached(page, 'packageHazard/pages/detail');
    await shown(page, '待核实').waitFor();
    hazardId = /id=([0-9A-Z]{26})/.exec(page.url())![1]!;
  });

  // The grid's gridworker confirms it (their side is walked in hazards.test.ts).
  const gridworker = await apiAs('gw-001');
  const { hazard } = await gridworker.get(`/hazards/${hazardId}`);
  const deadline = shanghaiDate(new Date(Date.now() + 7 * 86_400_000));
  await gridworker.post(`/hazards/${hazardId}/moves`, { version: hazard.version, move: { action: 'confirm', level: '一般', category: '用电安全', deadline, enterpriseId: firm.id } });

  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, person('demo-owner'));
    await shown(page, '隐患整改').tap();
    await page.locator('.hz-tab').filter({ hasText: '待整改' }).filter({ visible: true }).first().tap();
    await page.locator('.hz-card').filter({ hasText: description }).filter({ visible: true }).first().tap();
    await reached(page, `id=${hazardId}`);
    await shown(page, '处理记录').waitFor();
    await shown(page, '整改中').waitFor();
    // Nothing on the page names the worker, and there is no reporter section at all.
    await expect(page.locator('body').innerText()).resolves.not.toContain(worker);
    await expect(page.locator('.hz-reporter').count()).resolves.toBe(0);
    await expect(page.getByText('举报人', { exact: true }).count()).resolves.toBe(0);
  });
}, 300_000);

it('guarantee leader (包保责任人): checks one of their guaranteed enterprises, and the record is a 包保检查', async () => {
  const owed = (await (await apiAs('demo-guarantee')).get('/checks/owed')).enterprises as { id: string; name: string }[];
  const firm = district.enterprises.find((e) => e.id === owed[0]!.id)!;
  expect(firm.guaranteeLeaderId).toBe('demo-guarantee');

  await journey(await phoneAt(firm), async (page) => {
    await signInAs(page, world.appUrl, person('demo-guarantee'));
    await shown(page, '包保检查').tap();
    await page.locator('.ck-owed').filter({ hasText: firm.name }).filter({ visible: true }).first().tap();
    await reached(page, 'packageGridworker/pages/check');
    const items = page.locator('.ck-item').filter({ visible: true });
    await items.first().waitFor();
    // The leader's check is a guarantee check without choosing it.
    await page.locator('#ck-kind .choice-on').filter({ hasText: '包保检查' }).filter({ visible: true }).first().waitFor();
    await shown(page, '签到').tap();
    await shown(page, /已签到/).waitFor();
    const count = await items.count();
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      if (await item.locator('.ck-result-pass').count()) await item.locator('.ck-result-pass').tap();
      else if (await item.locator('input').count()) await item.locator('input').first().fill('0');
    }
    await page.locator('input[name="signerName"]').filter({ visible: true }).first().fill('李厂长');
    await sign(page);
    await shown(page, '提交').tap();
    await reached(page, 'packageGridworker/pages/record');
    await page.locator('.hero-title', { hasText: firm.name }).filter({ visible: true }).first().waitFor();
    await shown(page, /包保检查 · /).waitFor();
  });
}, 300_000);

it("department (行业部门): reads the district's hazards and a business's file, and can move nothing", async () => {
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, person('demo-department'));
    await shown(page, '行业部门').waitFor();

    await shown(page, '隐患台账').tap();
    await reached(page, 'packageHazard/pages/list');
    await page.locator('.hz-card').filter({ visible: true }).first().tap();
    await reached(page, 'packageHazard/pages/detail');
    await shown(page, '处理记录').waitFor();
    await page.locator('.hz-event').filter({ visible: true }).first().waitFor();
    // Departments follow the loop; they make no move in it.
    await expect(page.locator('.hz-moves').filter({ visible: true }).count()).resolves.toBe(0);

    await signInAs(page, world.appUrl, person('demo-department'));
    await shown(page, '企业台账').tap();
    const row = page.locator('.ledger-row:not(.ledger-probe)').filter({ visible: true }).first();
    await row.waitFor();
    const name = (await row.locator('.ledger-row-name').textContent())!.trim();
    expect(district.enterprises.map((e) => e.name)).toContain(name);
    await row.tap();
    await page.locator('.hero-title', { hasText: name }).filter({ visible: true }).first().waitFor();
    await shown(page, '基本信息').waitFor();
  });
}, 300_000);

it('enforcement (执法人员): takes a clue from the queue, records a penalty and closes the hazard', async () => {
  const documentNo = `泰高新应急罚〔2026〕${Date.now() % 1000}号`;
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, person('demo-enforcement'));
    await shown(page, '执法线索').tap();
    await reached(page, 'packageHazard/pages/queue');
    await page.locator('.hz-tab-on').filter({ hasText: '执法线索' }).filter({ visible: true }).first().waitFor();
    await page.locator('.hz-card').filter({ visible: true }).first().tap();
    await reached(page, 'packageHazard/pages/detail');
    await shown(page, '执法处置').tap();
    await shown(page, '处罚').tap();
    await page.locator('input[name="documentNo"]').filter({ visible: true }).first().fill(documentNo);
    await page.locator('textarea').filter({ visible: true }).first().fill('企业逾期未整改，依法予以处罚');
    await shown(page, '提交：执法处置').tap();
    // The outcome is on the hazard: closed, with the penalty and its document on the timeline.
    await shown(page, '已销号').waitFor();
    await shown(page, '处置结果：处罚').waitFor();
    await shown(page, `文书编号：${documentNo}`).waitFor();
  });
}, 300_000);

it('admin (管理员): invites a guarantee leader to a grid, who joins with their own WeChat and is on the grid’s list', async () => {
  const name = `柏青禾${Date.now().toString(36).slice(-3)}`;
  const phone = `136${String(Date.now() % 1e8).padStart(8, '0')}`;
  let code = '';
  let here = '';
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, person('demo-admin'));
    // District → street → community → grid, each from the list of the one above.
    for (let level = 0; level < 3; level++) {
      const first = page.locator('.area-item').filter({ visible: true }).first();
      await first.waitFor();
      here = (await first.locator('.nut-cell-title').textContent())!.trim();
      await first.tap();
      await page.locator('.crumb').filter({ hasText: here }).filter({ visible: true }).first().waitFor();
    }
    await shown(page, '人员管理').tap();
    await reached(page, 'packageAdmin/pages/users');
    await page.locator('.hero-sub', { hasText: here }).filter({ visible: true }).first().waitFor();
    await shown(page, '邀请人员').tap();
    await reached(page, 'packageAccount/pages/invitations');
    // The list of invitations above the form loads first and moves it: fill the form once it has.
    await page.waitForLoadState('networkidle');
    await page.locator('input[name="name"]').filter({ visible: true }).first().fill(name);
    await page.locator('input[name="phone"]').filter({ visible: true }).first().fill(phone);
    // The chip, tapped until it shows as chosen: a tap while the form still settled went nowhere.
    const chip = page.locator('.choice', { hasText: '包保责任人' }).filter({ visible: true }).first();
    const chosen = page.locator('.choice-on', { hasText: '包保责任人' }).filter({ visible: true });
    for (let i = 0; i < 3 && !(await chosen.count()); i++) await chip.tap({ timeout: 20_000 }).catch(() => undefined);
    await chosen.first().waitFor({ timeout: 5_000 });
    // The area is the grid the page was opened on.
    await shown(page, here).waitFor();
    await shown(page, '发出邀请').tap();
    const issued = page.locator('.ac-code').filter({ visible: true }).first();
    await issued.waitFor();
    await shown(page, new RegExp(`成为${here}的包保责任人`)).waitFor();
    code = (await issued.textContent())!.trim();
  });
  // The person opens the app with their own WeChat (the local stand-in's login code) and the code.
  await journey(await world.phone(), async (page) => {
    await page.goto(world.appUrl);
    await page.locator('input[name="standInCode"]').filter({ visible: true }).first().fill(`wx-${phone}`);
    await shown(page, '受邀加入（工作人员、企业人员）').tap();
    await reached(page, 'packageAccount/pages/invite');
    await page.locator('input[name="inviteCode"]').filter({ visible: true }).first().fill(code);
    await shown(page, '加入').tap();
    await shown(page, '已加入').waitFor();
    await shown(page, '确定').tap();
    await reached(page, 'packageSupervisor/pages/home');
  });
  // From the server: the new person is listed under the grid, as 包保责任人.
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, person('demo-admin'));
    await shown(page, '人员管理').tap();
    await reached(page, 'packageAdmin/pages/users');
    await page.locator('input[name="userQ"]').filter({ visible: true }).first().fill(name);
    await shown(page, '搜索').tap();
    await page.locator('.nut-cell').filter({ hasText: name }).filter({ hasText: '包保责任人' }).filter({ visible: true }).first().waitFor();
  });
}, 300_000);

it('supervisor (监管人员): approves a proposed reward in 奖励审核 and records its payment in cash', async () => {
  const voucherNo = `SJ${Date.now() % 1_000_000}`;
  await journey(await world.phone(), async (page) => {
    await signInAs(page, world.appUrl, person('demo-district'));
    await shown(page, '奖励审核').tap();
    await reached(page, 'packageReward/pages/queue');
    await page.locator('.rw-chip-on').filter({ hasText: '待审核' }).filter({ visible: true }).first().waitFor();
    // The demo's queue holds only proposals the rules let pass (demo.test checks it).
    await page.locator('.rw-card').filter({ visible: true }).first().tap();
    await reached(page, 'packageReward/pages/detail');
    await shown(page, '审核通过').tap();
    // The rule's amount is filled in; approving it as it is needs no reason.
    await expect(page.locator('input[name="amount"]').filter({ visible: true }).first().inputValue()).resolves.toMatch(/^\d+(\.\d+)?$/);
    await shown(page, '提交：审核通过').tap();
    await shown(page, '待发放').waitFor();
    await shown(page, '发放').tap();
    await shown(page, '现金').tap();
    await page.locator('input[name="voucherNo"]').filter({ visible: true }).first().fill(voucherNo);
    await shown(page, '提交：发放').tap();
    // Paid, in cash, against the receipt.
    await shown(page, '已发放').waitFor();
    await page.locator('.rw-payment').filter({ hasText: '现金' }).filter({ hasText: voucherNo }).filter({ visible: true }).first().waitFor();
  });
}, 300_000);
