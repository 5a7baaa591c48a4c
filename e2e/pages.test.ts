/**
 * Every registered page opens, as every role that can reach it, on both H5 builds: the production
 * build the other browser tests use and the development build `npm start` serves (React's development
 * mode, where NutUI's VirtualList once crashed every ledger list). A page fails on any page error,
 * any console error (which includes a request answered 4xx or 5xx), or 加载失败 on screen.
 *
 * Pages that need an id get one the role can read, found through the API as that role. The table
 * below must name every page in app.config.ts: a page added without a row fails the first test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { GrantView, SessionResponse } from '@safegrid/shared';
import { type World, startWorld } from './harness';

jest.retryTimes(1, { logErrorsBeforeRetry: true });

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 120_000);
afterAll(() => world?.close());

/** What a role's pages are opened with: its area, and ids of things it may read. */
interface Seen {
  area: string;
  areaName: string;
  district: string;
  enterpriseId: string;
  hazardId?: string;
  rewardId?: string;
  bulletinId?: string;
  checkId?: string;
  /** A letter signed in the role's area (承诺书台账 opens it). */
  letter?: { enterpriseId: string; key: string };
}

type Visit = [page: string, query?: (s: Seen) => Record<string, string | undefined>];

const area = (s: Seen) => ({ area: s.area, name: s.areaName });
const id = (key: keyof Seen) => (s: Seen) => ({ id: s[key] as string | undefined });
/** What every official's home (packageSupervisor) leads to, whatever the role. */
const OFFICIAL_HOME: Visit[] = [
  ['packageSupervisor/pages/home/index'],
  ['packageLedger/pages/list/index', area],
  ['packageLedger/pages/detail/index', (s) => ({ id: s.enterpriseId })],
  ['packageLedger/pages/redlines/index', area],
  ['packageHazard/pages/list/index', area],
  ['packageHazard/pages/detail/index', id('hazardId')],
  ['packageMap/pages/index/index', area],
];
/** 数据看板 and 月通报 (supervisors, departments, enforcement). */
const DASHBOARD: Visit[] = [
  ['packageDashboard/pages/index/index', area],
  ['packageDashboard/pages/bulletins/index', area],
];
/** 承诺签署率 and 检查覆盖, with the ledgers they open (supervisors, departments). */
const RATES: Visit[] = [
  ['packageCommitment/pages/rates/index', area],
  ['packageCommitment/pages/ledger/index', area],
  ['packageCommitment/pages/signed/index', (s) => ({ enterpriseId: s.letter?.enterpriseId, key: s.letter?.key })],
  ['packageCommitment/pages/unsigned/index', area],
  ['packageGridworker/pages/coverage/index', area],
  ['packageGridworker/pages/checks/index', area],
  ['packageGridworker/pages/record/index', id('checkId')],
];
const EVERYONE: Visit[] = [['pages/me/index'], ['packageAccount/pages/name/index'], ['packagePrivacy/pages/policy/index'], ['packagePrivacy/pages/data/index']];

/** Demo user → the pages their role's home, menus and lists lead to (the links each home shows that role). */
const ROLES: Record<string, Visit[]> = {
  'demo-public': [
    ['packagePublic/pages/home/index'],
    ['packageHazard/pages/report/index'],
    ['packageHazard/pages/mine/index'],
    ['packageHazard/pages/detail/index', id('hazardId')],
    ['packageReward/pages/mine/index'],
    ['packageAccount/pages/invite/index'],
  ],
  'demo-worker': [['packageEnterprise/pages/home/index'], ['packageHazard/pages/report/index', () => ({ mode: 'internal' })], ['packageHazard/pages/mine/index']],
  'demo-owner': [
    ['packageEnterprise/pages/home/index'],
    ['packageLedger/pages/detail/index', (s) => ({ id: s.enterpriseId })],
    ['packageCommitment/pages/list/index', (s) => ({ enterpriseId: s.enterpriseId })],
    ['packageCommitment/pages/sign/index', (s) => ({ enterpriseId: s.enterpriseId })],
    ['packageAccount/pages/workers/index', (s) => ({ enterpriseId: s.enterpriseId })],
    ['packageHazard/pages/list/index', (s) => ({ enterpriseId: s.enterpriseId })],
    ['packageGridworker/pages/checks/index', (s) => ({ enterpriseId: s.enterpriseId })],
    ['packageLedger/pages/redlines/index', (s) => ({ enterpriseId: s.enterpriseId })],
  ],
  'gw-001': [
    ['packageGridworker/pages/home/index'],
    ['packageHazard/pages/queue/index'],
    ['packageGridworker/pages/owed/index'],
    ['packageGridworker/pages/check/index', (s) => ({ enterpriseId: s.enterpriseId })],
    ['packageGridworker/pages/drafts/index'],
    ['packageHazard/pages/report/index'],
    ['packageHazard/pages/list/index', area],
    ['packageHazard/pages/detail/index', id('hazardId')],
    ['packageGridworker/pages/checks/index', area],
    ['packageGridworker/pages/record/index', id('checkId')],
    ['packageCommitment/pages/unsigned/index', area],
    ['packageDashboard/pages/index/index', area],
    ['packageDashboard/pages/assessment/index', area],
    ['packageMap/pages/index/index', area],
    ['packageLedger/pages/list/index', area],
    ['packageLedger/pages/detail/index', (s) => ({ id: s.enterpriseId })],
    ['packageLedger/pages/edit/index', (s) => ({ id: s.enterpriseId })],
    ['packageLedger/pages/create/index', (s) => ({ area: s.area })],
  ],
  'demo-supervisor': [
    ...OFFICIAL_HOME,
    ...DASHBOARD,
    ...RATES,
    ['packageHazard/pages/queue/index'],
    ['packageDashboard/pages/assessment/index', area],
    ['packageReward/pages/queue/index', (s) => ({ area: s.area })],
    ['packageReward/pages/detail/index', id('rewardId')],
    ['packageReward/pages/payouts/index', (s) => ({ area: s.area })],
    ['packageLedger/pages/redline/index', area],
    ['packageAccount/pages/invitations/index', area],
    ['packageCommitment/pages/list/index', (s) => ({ enterpriseId: s.enterpriseId })],
  ],
  // A district's supervisor: the district's settings too.
  'demo-district': [
    ...OFFICIAL_HOME,
    ...DASHBOARD,
    ['packageDashboard/pages/bulletin/index', id('bulletinId')],
    ['packageGridworker/pages/templates/index'],
    ['packageGridworker/pages/rules/index'],
    ['packageSupervisor/pages/escalation/index'],
    ['packageCommitment/pages/templates/index'],
    ['packageReward/pages/rules/index', (s) => ({ district: s.district })],
  ],
  'demo-guarantee': [...OFFICIAL_HOME, ['packageHazard/pages/queue/index'], ['packageLedger/pages/list/index', () => ({ guaranteeLeaderId: 'demo-guarantee' })], ['packageGridworker/pages/owed/index']],
  'demo-department': [...OFFICIAL_HOME, ...DASHBOARD, ...RATES],
  'demo-enforcement': [...OFFICIAL_HOME, ...DASHBOARD, ['packageHazard/pages/queue/index']],
  'demo-admin': [
    ['packageAdmin/pages/home/index'],
    ['packageAdmin/pages/users/index', area],
    ['packageAccount/pages/invitations/index', area],
    ['packageMap/pages/areas/index'],
    ['packageMap/pages/index/index', area],
    ['packageLedger/pages/import/index'],
    ['packageCommitment/pages/templates/index'],
    ['packageCommitment/pages/template/index', (s) => ({ district: s.district, colour: 'blue' })],
    ['packageGridworker/pages/templates/index'],
    ['packageGridworker/pages/template/index', (s) => ({ district: s.district })],
    ['packageGridworker/pages/rules/index'],
    ['packageReward/pages/rules/index', (s) => ({ district: s.district })],
    ['packageSupervisor/pages/escalation/index'],
    ['packageDashboard/pages/weights/index'],
    ['packageDashboard/pages/index/index', area],
    ['packageDashboard/pages/bulletins/index', area],
    ['packageDashboard/pages/assessment/index', area],
    ['packageHazard/pages/list/index', area],
  ],
};

/** Pages every visitor sees before any role: the sign-in page and the landing that sends them home. */
const SIGNED_OUT: Visit[] = [['pages/index/index'], ['pages/home/index'], ['packageCommitment/pages/verify/index']];

/** The API as a demo user: their session and what they may read. */
async function seenBy(userId: string): Promise<{ session: SessionResponse; seen: Seen }> {
  const api = world.apiBase;
  const session = (await (await fetch(`${api}/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) })).json()) as SessionResponse;
  const get = async <T>(path: string): Promise<T | undefined> => {
    const r = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${session.token}` } });
    return r.ok ? ((await r.json()) as T) : undefined;
  };
  const grant: GrantView = session.user.grants[0]!;
  const areaPath = grant.area ?? '';
  const district = areaPath.split('/').slice(0, 2).join('/') || areaPath;
  const q = `area=${encodeURIComponent(areaPath)}`;
  const official = !['public', 'worker', 'enterprise_owner'].includes(grant.role);
  const enterprises = official ? await get<{ enterprises: { id: string }[] }>(`/enterprises?${q}`) : undefined;
  const hazards = official ? await get<{ hazards: { id: string }[] }>(`/hazards?${q}`) : await get<{ hazards: { id: string }[] }>('/me/hazards');
  const rewards = official ? await get<{ rewards: { id: string }[] }>(`/rewards?${q}`) : await get<{ rewards: { id: string }[] }>('/me/rewards');
  const bulletins = official ? await get<{ bulletins: { id: string }[] }>(`/bulletins?${q}`) : undefined;
  const checks = official ? await get<{ checks: { id: string }[] }>(`/checks?${q}`) : undefined;
  const letters = official ? await get<{ commitments: { enterpriseId: string; key: string }[] }>(`/commitments?${q}`) : undefined;
  return {
    session,
    seen: {
      area: areaPath,
      areaName: grant.areaName ?? '',
      district,
      enterpriseId: grant.enterpriseId ?? enterprises?.enterprises[0]?.id ?? '',
      hazardId: hazards?.hazards[0]?.id,
      rewardId: rewards?.rewards[0]?.id,
      bulletinId: bulletins?.bulletins[0]?.id,
      checkId: checks?.checks[0]?.id,
      letter: letters?.commitments[0],
    },
  };
}

let visits = 0;

/** Opens one page from a cold start, as a tap on a shared link does, and says what went wrong there. */
async function open(page: Page, appUrl: string, [path, query]: Visit, seen: Seen | undefined): Promise<string[]> {
  const params = query && seen ? query(seen) : {};
  const missing = Object.entries(params).filter(([, v]) => !v);
  if (missing.length) return [`no ${missing.map(([k]) => k).join(', ')} to open it with`];
  const qs = new URLSearchParams(params as Record<string, string>).toString();
  const problems: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`));
  const onError = (e: Error) => void problems.push(`page error: ${e.message}`);
  const onResponse = (r: { status(): number; url(): string }) => void (r.status() >= 400 && problems.push(`response ${r.status()}: ${r.url()}`));
  page.on('console', onConsole);
  page.on('pageerror', onError);
  page.on('response', onResponse);
  try {
    // A query of its own before the hash: a full load of the app, never a same-document hash change.
    await page.goto(`${appUrl}?visit=${++visits}#/${path}${qs ? `?${qs}` : ''}`);
    await page.waitForLoadState('networkidle');
    // A render after the last response (lists fill, maps draw).
    await page.waitForTimeout(300);
    const text = await page.locator('body').innerText();
    if (text.includes('加载失败')) problems.push(`加载失败 on screen: ${text.slice(0, 200)}`);
    if (!text.trim()) problems.push('blank page');
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onError);
    page.off('response', onResponse);
  }
  return problems;
}

async function signedIn(session: SessionResponse, role: string): Promise<BrowserContext> {
  const context = await world.phone();
  // What saveSession and setActiveRole leave in Taro's H5 storage ({data} in localStorage).
  const stored = { 'safegrid.token': session.token, 'safegrid.user': session.user, 'safegrid.role': role };
  await context.addInitScript((items) => {
    // Runs in the page, where localStorage is; this file is type-checked for Node.
    const page = globalThis as unknown as { location: { protocol: string }; localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void } };
    // about:blank (a new page before its first load) has no storage of its own.
    if (!page.location.protocol.startsWith('http')) return;
    const storage = page.localStorage;
    for (const [k, v] of Object.entries(items)) if (!storage.getItem(k)) storage.setItem(k, JSON.stringify({ data: v }));
  }, stored);
  return context;
}

test('the table names every page the app registers', () => {
  const config = readFileSync(join(__dirname, '..', 'miniapp', 'src', 'app.config.ts'), 'utf8');
  const registered = [...config.matchAll(/root: '(\w+)'[^\]]*pages: \[([^\]]*)\]/g)].flatMap(([, root, pages]) => [...pages!.matchAll(/'([^']+)'/g)].map(([, p]) => `${root}/${p}`));
  registered.push(...[.../^\s*pages: \[([^\]]*)\]/m.exec(config)![1]!.matchAll(/'([^']+)'/g)].map(([, p]) => p!));
  const tabled = new Set([...SIGNED_OUT, ...EVERYONE, ...Object.values(ROLES).flat()].map(([p]) => p));
  expect(registered.length).toBeGreaterThan(50);
  expect(registered.filter((p) => !tabled.has(p))).toEqual([]);
});

const BUILDS: [string, () => string][] = [
  ['the production build', () => world.appUrl],
  ['the development build npm start serves', () => process.env.E2E_DEV_APP_URL ?? ''],
];

describe.each(BUILDS)('every page opens on %s', (_build, appUrl) => {
  test('signed out', async () => {
    const context = await world.phone();
    const page = await context.newPage();
    try {
      const failures: string[] = [];
      for (const visit of SIGNED_OUT) for (const p of await open(page, appUrl(), visit, undefined)) failures.push(`${visit[0]}: ${p}`);
      expect(failures).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  test.each(Object.keys(ROLES))('as %s', async (userId) => {
    const { session, seen } = await seenBy(userId);
    const context = await signedIn(session, session.user.grants[0]!.role);
    const page = await context.newPage();
    try {
      const failures: string[] = [];
      for (const visit of [...ROLES[userId]!, ...EVERYONE]) {
        for (const p of await open(page, appUrl(), visit, seen)) failures.push(`${visit[0]}: ${p}`);
      }
      expect(failures).toEqual([]);
    } finally {
      await context.close();
    }
  }, 600_000);
});
