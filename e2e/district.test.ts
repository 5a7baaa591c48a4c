/**
 * A district set up from an EMPTY table, as a real one is (README "Deploying"), in the production
 * H5 build against an API with no demo and no demo sign-in: `npm run district:init` → the first admin
 * signs in through the WeChat route (the local stand-in) with the invitation's code → builds a street
 * down to micro-grids and imports their boundaries → imports a census workbook → invites a supervisor,
 * a gridworker and an owner, each of whom signs in with their own WeChat and lands on their home with
 * exactly their scope → the owner invites a worker → the admin publishes a commitment letter and the
 * owner signs it → a public report inside micro-grid 1 is in that grid's gridworker's 待办.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { orgCodeCheckChar, usccCheckChar } from '@safegrid/shared';
import { placeholderPng } from '../functions/src/lib/png';
import { workbookBuffer } from '../functions/src/lib/xlsx-write';
import { HEADERS } from '../functions/src/usecases/census-columns';
import { ROOT } from '../scripts/local/stack';
import { FRESH_TABLE, type World, gpsAt, journey, startWorld } from './harness';

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 120_000);
afterAll(() => world?.close());

// Each attempt its own district: a retried journey must not find what an earlier attempt made.
const attempt = Date.now().toString(36).slice(-4);
const CODE = `3799${String(Date.now() % 100).padStart(2, '0')}`;
const root = CODE;
const STREET = `${root}/s1`;
const M1 = `${STREET}/c1/g1/m1`;
const M2 = `${STREET}/c1/g1/m2`;
// Fixed once: the person invited by phone(3) must verify with the same number later.
const STAMP = String(Date.now() % 1e6).padStart(6, '0');
const phone = (n: number) => `139${STAMP}${String(n).padStart(2, '0')}`;

const rect = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
/** The whole street at once: its community, grid and two micro-grids side by side (GCJ-02). */
const boundaries = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { path: STREET }, geometry: rect(117.0, 36.0, 117.04, 36.04) },
    { type: 'Feature', properties: { code: 'c1' }, geometry: rect(117.0, 36.0, 117.04, 36.04) },
    { type: 'Feature', properties: { code: 'g1' }, geometry: rect(117.0, 36.0, 117.04, 36.04) },
    { type: 'Feature', properties: { code: 'm1' }, geometry: rect(117.0, 36.0, 117.02, 36.04) },
    { type: 'Feature', properties: { code: 'm2' }, geometry: rect(117.02, 36.0, 117.04, 36.04) },
  ],
};

const uscc = (n: number) => {
  const body = `M${String(n).padStart(7, '0')}`;
  const first17 = `91${CODE}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
};
const FIRMS = [
  { name: `新建示范机械厂${attempt}`, lng: 117.005, lat: 36.02, area: M1 },
  { name: `新建示范饭店${attempt}`, lng: 117.03, lat: 36.02, area: M2 },
];
async function census(): Promise<Buffer> {
  const rows = FIRMS.map((f, i) => {
    const row: Record<string, string | number> = {
      统一社会信用代码: uscc(Number(attempt.replace(/\D/g, '').slice(0, 3) || '1') * 10 + i + 1),
      名称: f.name,
      类型: '企业',
      地址: `示范路${i + 1}号`,
      经度: f.lng,
      纬度: f.lat,
      所属网格: f.area,
      行业: '工贸',
      风险等级: 'B',
      经营状态: '在营',
      法定代表人: '赵六',
      从业人数: 12,
    };
    return HEADERS.map((h) => row[h] ?? '');
  });
  return workbookBuffer([{ name: '企业普查', header: true, rows: [HEADERS, ...rows] }]);
}

const shown = (page: Page, text: string | RegExp) => page.getByText(text, { exact: typeof text === 'string' }).filter({ visible: true }).first();
const tap = (page: Page, text: string | RegExp) => shown(page, text).tap();
const reached = (page: Page, path: string) => page.waitForFunction(`location.hash.includes(${JSON.stringify(path)})`, undefined, { timeout: 60_000 });
/** Fills a field until the value stays: a page still settling (its first load) re-renders a field filled too early. */
async function type(page: Page, name: string, value: string) {
  const input = page.locator(`input[name="${name}"]`).filter({ visible: true }).first();
  for (let attempt = 0; attempt < 3; attempt++) {
    await input.fill(value);
    await page.waitForLoadState('networkidle');
    if ((await input.inputValue()) === value) return;
  }
  throw new Error(`the field ${name} does not keep ${value}`);
}

/** A phone of its own, talking to the district's API (the H5 build is pointed there). */
async function phoneFor(): Promise<BrowserContext> {
  const context = await world.phone();
  // about:blank has no storage of its own: only the app's pages get the setting.
  await context.addInitScript(`if (location.protocol.startsWith('http')) localStorage.setItem('safegrid.apiBase', ${JSON.stringify(process.env.E2E_FRESH_API_BASE)})`);
  return context;
}

/** Opens the app with this person's own WeChat (the stand-in's login code) and goes to 受邀加入. */
async function toInvite(page: Page, wechat: string) {
  await page.goto(world.appUrl);
  await type(page, 'standInCode', wechat);
  await tap(page, '受邀加入（工作人员、企业人员）');
  await reached(page, 'packageAccount/pages/invite');
}

/** Joins with a code and lands on the home of the role it gave. */
async function joinWithCode(page: Page, code: string) {
  await type(page, 'inviteCode', code);
  await tap(page, '加入');
  await shown(page, '已加入').waitFor();
  await tap(page, '确定');
}

/** Issues an invitation from the 邀请人员 form already open, and reads its code back. */
async function issued(page: Page): Promise<string> {
  await tap(page, '发出邀请');
  const code = page.locator('.ac-code').filter({ visible: true }).first();
  await code.waitFor();
  const text = (await code.textContent())!.trim();
  await tap(page, '完成');
  return text;
}

it('sets up a district from an empty table and takes its first report to the right gridworker', async () => {
  // 1. The command, against the district's table, as an operator runs it.
  // Not execFileSync: the local S3 answers from this very process (the browser tests' globalSetup), and
  // the command stores the invitation's QR code there; blocking here would leave it waiting forever.
  const { stdout: out } = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/district-init.ts', '--code', CODE, '--name', `新建示范区${attempt}`, '--admin-phone', phone(1), '--admin-name', '张敏'], {
    cwd: ROOT,
    env: { ...process.env, STAGE: 'local', TABLE_NAME: FRESH_TABLE, BUCKET_NAME: 'safegrid-local', DYNAMODB_ENDPOINT: process.env.E2E_DYNAMO, S3_ENDPOINT: process.env.E2E_S3, LOG_LEVEL: 'error', NODE_NO_WARNINGS: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const adminCode = /邀请码：([2-9A-Z]{8})/.exec(out)?.[1];
  expect(adminCode).toBeDefined();

  const codes: Record<string, string> = {};
  // 2. The first admin signs in with their own WeChat and the code, and builds the district.
  await journey(await phoneFor(), async (page) => {
    await toInvite(page, `wx-admin-${attempt}`);
    await joinWithCode(page, adminCode!);
    await reached(page, 'packageAdmin/pages/home');
    await tap(page, '区域管理');
    await reached(page, 'packageMap/pages/areas');
    const create = async (code: string, name: string, level: string) => {
      await type(page, 'code', code);
      await type(page, 'name', name);
      await tap(page, level);
      await tap(page, '新建下级区域');
      await page.locator('.area-item').filter({ hasText: name }).filter({ visible: true }).first().waitFor();
    };
    const open = (name: string) => page.locator('.area-item').filter({ hasText: name }).filter({ visible: true }).first().tap();
    await shown(page, `在“新建示范区${attempt}”下新建区域`).waitFor();
    await create('s1', '第一街道', '街道');
    await open('第一街道');
    await create('c1', '第一社区', '社区');
    await open('第一社区');
    await create('g1', '第一网格', '网格');
    await open('第一网格');
    await create('m1', '1号微网格', '微网格');
    await create('m2', '2号微网格', '微网格');
    // Back up to the street (the page opens at the district) and import the boundaries of everything under it at once.
    await page.reload();
    await reached(page, 'packageMap/pages/areas');
    await open('第一街道');
    const geojson = page.waitForEvent('filechooser');
    await tap(page, '导入边界（GeoJSON）');
    await (await geojson).setFiles({ name: '第一街道.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(boundaries)) });
    await shown(page, '已更新边界（5）').waitFor();

    // 3. The census, from a workbook.
    await page.goto(`${world.appUrl}#/packageLedger/pages/import/index`);
    const workbook = page.waitForEvent('filechooser');
    await tap(page, '选择 Excel 文件');
    await (await workbook).setFiles({ name: '普查.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await census() });
    await shown(page, '导入完成').waitFor({ timeout: 120_000 });
    await shown(page, /新增\s*2/).waitFor();

    // 4. The people: a supervisor of the street, the gridworker of 1号微网格, the owner of the first firm.
    await page.goto(`${world.appUrl}#/packageAccount/pages/invitations/index?area=${encodeURIComponent(root)}&name=${encodeURIComponent(`新建示范区${attempt}`)}`);
    const chooser = () => page.locator('.area-chooser').filter({ visible: true }).first();
    const invite = async (name: string, phoneNo: string, role: string, where: string[]) => {
      await type(page, 'name', name);
      await type(page, 'phone', phoneNo);
      await tap(page, role);
      // The chooser opens on the page's own area; browse down to the one to choose.
      if (await chooser().getByText('更换', { exact: true }).isVisible()) await chooser().getByText('更换', { exact: true }).tap();
      // The rows of the list (the chosen area's name also shows above it).
      for (const step of where.slice(0, -1)) await chooser().locator('.area-item').filter({ hasText: step }).first().tap();
      await chooser().locator('.nut-cell').filter({ hasText: where.at(-1)! }).first().locator('.area-choose').tap();
      return issued(page);
    };
    codes.supervisor = await invite('李监管', phone(2), '监管人员', ['第一街道']);
    codes.gridworker = await invite('王网格', phone(3), '网格员', ['第一街道', '第一社区', '第一网格', '1号微网格']);
    await page.goto(`${world.appUrl}#/packageLedger/pages/list/index?area=${encodeURIComponent(root)}`);
    await page.locator('.ledger-row').filter({ hasText: FIRMS[0]!.name }).filter({ visible: true }).first().tap();
    await tap(page, '邀请企业负责人');
    await reached(page, 'packageAccount/pages/invitations');
    await type(page, 'name', '刘老板');
    await type(page, 'phone', phone(4));
    codes.owner = await issued(page);
  });

  // 5. Each signs in with their own WeChat and lands on their home with exactly their scope.
  await journey(await phoneFor(), async (page) => {
    await toInvite(page, `wx-sup-${attempt}`);
    await joinWithCode(page, codes.supervisor!);
    await reached(page, 'packageSupervisor/pages/home');
    await shown(page, /辖区：第一街道/).waitFor();
  });
  await journey(await phoneFor(), async (page) => {
    // The gridworker lets WeChat confirm the phone the invitation was sent to.
    await toInvite(page, `wx-gw-${attempt}`);
    await type(page, 'standInPhone', phone(3));
    await tap(page, '模拟手机号验证');
    await shown(page, '已加入').waitFor();
    await tap(page, '确定');
    await reached(page, 'packageGridworker/pages/home');
    await shown(page, '1号微网格').waitFor();
    await expect(shown(page, '2号微网格').isVisible()).resolves.toBe(false);
  });
  await journey(await phoneFor(), async (page) => {
    await toInvite(page, `wx-owner-${attempt}`);
    await joinWithCode(page, codes.owner!);
    await reached(page, 'packageEnterprise/pages/home');
    await shown(page, new RegExp(FIRMS[0]!.name)).waitFor();
    // 6. The owner invites a worker, who joins.
    await tap(page, '我的员工');
    await reached(page, 'packageAccount/pages/workers');
    await type(page, 'name', '周员工');
    await type(page, 'phone', phone(5));
    codes.worker = await issued(page);
  });
  await journey(await phoneFor(), async (page) => {
    await toInvite(page, `wx-worker-${attempt}`);
    await joinWithCode(page, codes.worker!);
    await reached(page, 'packageEnterprise/pages/home');
    await shown(page, '内部报告').waitFor();
  });

  // 7. The admin publishes the 工贸 commitment letter from its screen; the owner signs it.
  await journey(await phoneFor(), async (page) => {
    await page.goto(world.appUrl);
    await type(page, 'standInCode', `wx-admin-${attempt}`);
    await tap(page, '模拟微信登录');
    await reached(page, 'packageAdmin/pages/home');
    await tap(page, '承诺书模板');
    await tap(page, '＋ 新建绿色承诺书');
    await reached(page, 'packageCommitment/pages/template');
    await type(page, 'title', '工贸企业安全生产告知承诺书');
    await tap(page, '工贸');
    // Every paragraph the new letter starts with (a heading and a text in each part) must be written.
    const fillAll = async (selector: string, text: string) => {
      const fields = page.locator(selector).filter({ visible: true });
      for (let i = 0; i < (await fields.count()); i++) await fields.nth(i).fill(`${text}${i ? `（${i + 1}）` : ''}`);
    };
    await fillAll('textarea[name^="notice-"]', '企业是安全生产的责任主体，应当遵守安全生产法律法规。');
    await fillAll('textarea[name^="item-"]', '是否建立全员安全生产责任制');
    await fillAll('textarea[name^="commitment-"]', '本企业承诺依法履行安全生产主体责任。');
    await tap(page, '发布新版本');
    await tap(page, '发布');
    await shown(page, /已发布第1版|第 1 版/).waitFor();
  });
  await journey(await phoneFor(), async (page) => {
    await page.goto(world.appUrl);
    await type(page, 'standInCode', `wx-owner-${attempt}`);
    await tap(page, '模拟微信登录');
    await tap(page, '阅读并签署本年度安全生产告知承诺书');
    await tap(page, '阅读并签署 ›');
    await reached(page, 'packageCommitment/pages/sign');
    const items = page.locator('.cm-item-edit').filter({ visible: true });
    await items.first().waitFor();
    for (let i = 0; i < (await items.count()); i++) await items.nth(i).getByText('符合', { exact: true }).tap();
    await page.locator('#cm-end').scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 200);
    const pad = page.locator('.sig-pad').filter({ visible: true });
    await pad.waitFor();
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.4);
    await page.mouse.down();
    for (let s = 1; s <= 12; s++) await page.mouse.move(box.x + box.width * (0.2 + 0.05 * s), box.y + box.height * (0.4 + 0.02 * s));
    await page.mouse.up();
    await tap(page, '确认签名');
    await tap(page, '确认签署');
    await reached(page, 'packageCommitment/pages/signed');
    await shown(page, '已签署').waitFor();
  });

  // 8. The first report: a member of the public standing in 1号微网格; it is in that grid's gridworker's 待办.
  const description = `新建辖区的第一条随手拍：仓库安全出口被锁（${attempt}）`;
  const here = await phoneFor();
  await here.grantPermissions(['geolocation']);
  await here.setGeolocation(gpsAt({ lng: 117.01, lat: 36.01 }));
  await journey(here, async (page) => {
    await page.goto(world.appUrl);
    await type(page, 'standInCode', `wx-public-${attempt}`);
    await tap(page, '模拟微信登录');
    await tap(page, '随手拍');
    await shown(page, /所属网格：.*1号微网格/).waitFor();
    const chooser = page.waitForEvent('filechooser');
    await tap(page, '拍照或从相册选择');
    await (await chooser).setFiles({ name: 'hazard.png', mimeType: 'image/png', buffer: placeholderPng(200, 60, 40) });
    await shown(page, '✓ 已上传').waitFor();
    await page.locator('textarea').filter({ visible: true }).last().fill(description);
    await tap(page, '消防安全');
    await tap(page, '提交');
    await reached(page, 'packageHazard/pages/detail');
  });
  await journey(await phoneFor(), async (page) => {
    await page.goto(world.appUrl);
    await type(page, 'standInCode', `wx-gw-${attempt}`);
    await tap(page, '模拟微信登录');
    await reached(page, 'packageGridworker/pages/home');
    await page.goto(`${world.appUrl}#/packageHazard/pages/queue/index`);
    await shown(page, description).waitFor();
  });
}, 900_000);
