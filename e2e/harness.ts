/**
 * The browser tests' world: the local stack in memory on free ports with the demo district,
 * the H5 build of the mini-program pointed at it and served statically, and headless Chromium.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import type { ChildProcess } from 'node:child_process';
import { ensureTable, freePort } from '../scripts/local/services';
import { ROOT, type Stack, killGroup, spawnLogged, startApi, startStack, waitFor } from '../scripts/local/stack';
import { gcj02ToWgs84 } from '@safegrid/shared';

export const H5_DIST = join(ROOT, 'miniapp', 'dist', 'h5');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

function serveStatic(dir: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('Chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_PATH');
  return found;
}

/**
 * Runs a browser journey; when it fails, the error carries what the page logged and which
 * requests failed, so a red CI run says why.
 */
/**
 * What a browser's geolocation reports at a place stored in GCJ-02: its GPS position (WGS-84). The
 * H5 build converts what the browser reports back to GCJ-02, as a phone in WeChat reports it.
 */
export function gpsAt(at: { lng: number; lat: number }): { longitude: number; latitude: number } {
  const w = gcj02ToWgs84(at.lng, at.lat);
  return { longitude: w.lng, latitude: w.lat };
}

export async function journey(context: BrowserContext, steps: (page: Page) => Promise<void>): Promise<void> {
  const page = await context.newPage();
  const trail: string[] = [];
  page.on('console', (m) => m.type() === 'error' && trail.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => trail.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => trail.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => r.status() >= 400 && trail.push(`response ${r.status()}: ${r.request().method()} ${r.url()}`));
  try {
    await steps(page);
  } catch (error) {
    const text = await page.locator('body').innerText().catch(() => '');
    const extra = `\n--- page url: ${page.url()}\n--- page text: ${text.slice(0, 500)}\n--- trail:\n${trail.join('\n') || '(nothing)'}`;
    // jest prints the stack, which holds the message as it was when the error was made: add to both.
    (error as Error).message += extra;
    (error as Error).stack = `${(error as Error).stack ?? ''}${extra}`;
    throw error;
  } finally {
    await context.close();
  }
}

/**
 * Signs in from the local sign-in page as a demo user, from a fresh session. Waits for the page's
 * requests to settle before tapping, and taps once more if the first tap landed before the list
 * was ready (as a person would).
 */
export async function signInAs(page: Page, appUrl: string, name: string): Promise<void> {
  await page.goto(appUrl);
  await page.evaluate('localStorage.clear()');
  await page.reload();
  await tapUser(page, name);
}

/** Taps a demo user on the sign-in page once it has settled, until the app leaves the page. */
export async function tapUser(page: Page, name: string): Promise<void> {
  const user = page.getByText(name, { exact: true });
  await user.waitFor({ timeout: 90_000 });
  await page.waitForLoadState('networkidle');
  for (let attempt = 0; attempt < 2; attempt++) {
    await user.tap();
    try {
      await page.waitForURL((url) => !url.hash.includes('pages/index/index') && url.hash !== '' && url.hash !== '#/', { timeout: 10_000 });
      return;
    } catch {
      // the tap came before the row was live: tap again
    }
  }
  throw new Error(`signing in as ${name} did not leave the sign-in page`);
}

interface Servers {
  stack: Stack;
  server: Server;
  fresh?: ChildProcess;
  dev?: ChildProcess;
}

/** The table of the district the browser tests set up from nothing (npm run district:init), next to the demo's. */
export const FRESH_TABLE = 'safegrid-fresh';
const servers = globalThis as { __e2eServers?: Servers };

/**
 * globalSetup: one stack and one H5 build for every browser test file. Seeding the demo district,
 * bundling the API and building H5 take minutes on CI's 2 cores, and jest gives globalSetup no
 * timeout. The handlers stay warm between requests, as on Lambda (scripts/local/runner.ts).
 */
export async function startServers(): Promise<void> {
  const ports = { dynamo: await freePort(), s3: await freePort(), api: await freePort() };
  // What goes wrong in the stack (an error line, the API dying) is said in the run's output, not only in the log file.
  const say = (line: string) => /✖|Error/.test(line) && console.error(line);
  const stack = await startStack({ ports, s3Dir: mkdtempSync(join(tmpdir(), 'safegrid-e2e-s3-')), say });
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', 'h5'], {
      cwd: join(ROOT, 'miniapp'),
      env: { ...process.env, NODE_ENV: 'production', TARO_APP_API_BASE: stack.apiBase, TARO_APP_DEV_LOGIN: 'true' },
      stdio: 'ignore',
    });
    // Served from a copy: the dev server below builds into the same folder.
    const prodDist = mkdtempSync(join(tmpdir(), 'safegrid-e2e-h5-'));
    cpSync(H5_DIST, prodDist, { recursive: true });
    const appPort = await freePort();
    servers.__e2eServers = { stack, server: await serveStatic(prodDist, appPort) };
    // The H5 development build, as `npm start` serves it (webpack's dev server, React's development
    // mode): the page smoke test opens every page on both builds.
    const devPort = await freePort();
    servers.__e2eServers.dev = spawnLogged('npm', ['run', 'dev:h5', '-w', 'miniapp'], { NODE_ENV: 'development', H5_PORT: String(devPort), TARO_APP_API_BASE: stack.apiBase, TARO_APP_DEV_LOGIN: 'true' }, '[h5 dev]', (l) => /\bERROR\b|✖/.test(l) && console.error(l));
    await waitFor(`http://localhost:${devPort}/`, '小程序 H5 开发版', 600_000);
    // A second API over an empty table, as a real district starts: no demo, no demo sign-in.
    await ensureTable(stack.endpoints.dynamo, FRESH_TABLE);
    const fresh = await startApi({
      dynamo: stack.endpoints.dynamo,
      s3: stack.endpoints.s3,
      ports: { api: await freePort() },
      tableName: FRESH_TABLE,
      devLogin: false,
      say,
    });
    servers.__e2eServers.fresh = fresh.child;
    // The test files run in workers started after this: they inherit these.
    process.env.E2E_API_BASE = stack.apiBase;
    process.env.E2E_APP_URL = `http://127.0.0.1:${appPort}/`;
    process.env.E2E_DEV_APP_URL = `http://localhost:${devPort}/`;
    process.env.E2E_FRESH_API_BASE = fresh.apiBase;
    process.env.E2E_DYNAMO = stack.endpoints.dynamo;
    process.env.E2E_S3 = stack.endpoints.s3;
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/** globalTeardown. */
export async function stopServers(): Promise<void> {
  const running = servers.__e2eServers;
  if (!running) return;
  servers.__e2eServers = undefined;
  await new Promise((r) => running.server.close(r));
  if (running.fresh) await killGroup(running.fresh);
  if (running.dev) await killGroup(running.dev);
  await running.stack.stop();
}

export interface World {
  apiBase: string;
  appUrl: string;
  browser: Browser;
  phone(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** A test file's browser, on the servers globalSetup started. */
export async function startWorld(): Promise<World> {
  const apiBase = process.env.E2E_API_BASE;
  const appUrl = process.env.E2E_APP_URL;
  if (!apiBase || !appUrl) throw new Error('Run the browser tests with `npm run test:e2e`: its globalSetup starts the stack and serves the H5 build.');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    apiBase,
    appUrl,
    browser,
    // A phone-shaped context: Taro's H5 Button fires on touch.
    phone: async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      context.setDefaultTimeout(60_000);
      return context;
    },
    close: () => browser.close(),
  };
}
