/**
 * Load (issue #10): the local stack (`startStack`: DynamoDB Local, s3rver, the demo district, the
 * HTTP API through scripts/local/runner.ts with warm handlers) on 127.0.0.1, driven by autocannon.
 * Report submission (POST /hazards, a fresh client id and a stored photo per request) by 20 public
 * reporters, and dashboard reads (GET /dashboard for the district and for a street, last 12 months)
 * by the demo's readers, each first by one user alone, then by 20 concurrent connections.
 * Figures: throughput and p50/p99 at 20 users, the error rate (non-2xx, socket errors and timeouts
 * over all requests; it must be 0, or the run fails), and the p99 at 20 users ÷ the p50 of one user
 * measured in the same run (this machine is noisy; a ratio taken side by side is what compares).
 * The per-user report cap is raised for the run (RATE_LIMIT_REPORTS_PER_HOUR), so the 429s do not
 * distort it; the limiter's conditional write still runs with every report, so its cost is measured.
 * BENCH_LOAD_SECONDS sets each concurrent phase's length (default 20).
 *
 * Then the soak (issue #21: `osls offline` grew to 8 GB and died after a few hundred requests): 20
 * users for BENCH_SOAK_SECONDS (default 1200), reports, dashboards and hazard lists turn about,
 * sampling every 5 s the resident memory of this process (s3rver runs in it) and every process it
 * started (the API runner and its build, DynamoDB Local). Figures: soak_peak_rss_mb (budget 1,500),
 * soak_rss_growth_mb (last minute's peak − the first minute's), soak_failed_requests (must be 0)
 * and soak_p99_ms.
 */
import autocannon from 'autocannon';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { HAZARD_CATEGORIES, shanghaiDate } from '@safegrid/shared';
import { readConfig } from '../functions/src/config';
import { makeDeps } from '../functions/src/deps';
import { hazardPhotoKey } from '../functions/src/usecases/uploads';
import { generateDistrict } from '../scripts/demo/generate';
import { placeholderPng } from '../functions/src/lib/png';
import { BUCKET_NAME, startStack } from '../scripts/local/stack';
import { freePort } from '../scripts/local/services';
import type { Figures } from './lib';

const USERS = 20;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const SINGLE_REQUESTS = 60;
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 1200);
const SOAK_RSS_BUDGET_MB = 1500;

/** Resident memory (MB) of this process and every process under it, read from /proc. */
function treeRssMb(): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      parents.set(Number(entry), Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      rss.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
    } catch {
      // the process ended while we read
    }
  }
  const inTree = (pid: number): boolean => pid === process.pid || (pid > 1 && parents.has(pid) && inTree(parents.get(pid)!));
  let kb = 0;
  for (const [pid, r] of rss) if (inTree(pid)) kb += r;
  return Math.round(kb / 1024);
}

type Phase = { rps: number; p50: number; p99: number; total: number; failed: number };

function cannon(options: autocannon.Options): Promise<Phase> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, r) => {
      if (error) return reject(error);
      const ok = r['2xx'];
      // autocannon counts a timeout among the errors too.
      const failed = r.non2xx + r.errors;
      resolve({ rps: ok / (r.duration || 1), p50: r.latency.p50, p99: r.latency.p99, total: ok + failed, failed });
    });
  });
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export async function run(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'safegrid-load-'));
  const ports = { dynamo: await freePort(), s3: await freePort(), api: await freePort(), lambda: await freePort() };
  Object.assign(process.env, { RATE_LIMIT_REPORTS_PER_HOUR: '1000000', LOG_LEVEL: 'error' });
  const stack = await startStack({ ports, s3Dir: join(dir, 's3'), say: (l) => console.log(l) });
  try {
    const base = `http://127.0.0.1:${ports.api}`;
    const district = generateDistrict();
    const root = district.areas.find((a) => !a.parent)!;
    // demo-supervisor sees their own street; the other readers the whole district.
    const street = district.users.find((u) => u.id === 'demo-supervisor')!.grants[0]!.area!;
    const places = district.enterprises.filter((e) => e.status === '在营').slice(0, 200);

    // 20 public reporters (first sign-in through the local WeChat stand-in makes each), with one stored photo each.
    const storage = makeDeps(readConfig({ ...process.env, STAGE: 'local', BUCKET_NAME, S3_ENDPOINT: `http://127.0.0.1:${ports.s3}` }));
    const photo = placeholderPng(120, 90, 60);
    const reporters = await Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        const { token } = await post<{ token: string }>(`${base}/auth/wechat`, { code: `bench-load-${i}` });
        const userId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
        const key = hazardPhotoKey(storage, userId, 'png', ulid());
        await storage.storage.putBuffer(key, photo, 'image/png');
        return { token, key };
      }),
    );
    const readers = await Promise.all(
      ['demo-district', 'demo-supervisor', 'demo-department', 'demo-enforcement', 'demo-admin'].map(async (userId) => (await post<{ token: string }>(`${base}/auth/dev`, { userId })).token),
    );

    let n = 0;
    const report = (): autocannon.Request => ({
      method: 'POST',
      path: '/hazards',
      setupRequest: (req) => {
        const i = n++;
        const r = reporters[i % USERS]!;
        const e = places[i % places.length]!;
        const body = { id: ulid(), description: `压测：${e.name}安全出口堵塞`, category: HAZARD_CATEGORIES[i % HAZARD_CATEGORIES.length], photos: [r.key], lng: e.lng, lat: e.lat, anonymous: false };
        return { ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${r.token}` }, body: JSON.stringify(body) };
      },
    });
    const now = new Date();
    const month = (back: number) => shanghaiDate(new Date(now.getTime() - back * 31 * 86_400_000)).slice(0, 7);
    let m = 0;
    const dashboard = (): autocannon.Request => ({
      method: 'GET',
      setupRequest: (req) => {
        const i = m++;
        // The district (every street side by side) and one street (its communities), turn about.
        const area = i % 2 ? street : root.path;
        const token = i % 2 ? readers[1]! : readers[[0, 2, 3, 4][i % 4]!]!;
        return { ...req, path: `/dashboard?area=${encodeURIComponent(area)}&from=${month(11)}&to=${month(0)}`, headers: { authorization: `Bearer ${token}` } };
      },
    });
    const phase = async (what: string, request: () => autocannon.Request, connections: number, bound: { amount?: number; duration?: number }) => {
      const p = await cannon({ url: base, connections, pipelining: 1, timeout: 30, requests: [request()], ...bound });
      console.log(`  ${what.padEnd(24)} ${p.rps.toFixed(1)} req/s  p50 ${p.p50} ms  p99 ${p.p99} ms  ${p.failed}/${p.total} failed`);
      return p;
    };
    // Warm the handlers and the table before measuring, as a deployed function is warm after its first calls.
    await phase('warm-up: reports', report, USERS, { amount: USERS * 3 });
    await phase('warm-up: dashboard', dashboard, USERS, { amount: USERS * 3 });
    const reportOne = await phase('reports, 1 user', report, 1, { amount: SINGLE_REQUESTS });
    const dashboardOne = await phase('dashboard, 1 user', dashboard, 1, { amount: SINGLE_REQUESTS });
    const reports = await phase(`reports, ${USERS} users`, report, USERS, { duration: SECONDS });
    const dashboards = await phase(`dashboard, ${USERS} users`, dashboard, USERS, { duration: SECONDS });

    // The soak: every kind of request turn about, memory sampled as it runs.
    let k = 0;
    const hazardsReader = readers[1]!;
    const setup = (r: autocannon.Request) => r.setupRequest as (req: autocannon.Request, context: object) => autocannon.Request;
    const [reportSetup, dashboardSetup] = [setup(report()), setup(dashboard())];
    const mixed = (): autocannon.Request => ({
      setupRequest: (req, context) => {
        const i = k++;
        if (i % 3 === 0) return { ...reportSetup(req, context), method: 'POST', path: '/hazards' };
        if (i % 3 === 1) return { ...dashboardSetup(req, context), method: 'GET' };
        return { ...req, method: 'GET', path: `/hazards?area=${encodeURIComponent(street)}`, headers: { authorization: `Bearer ${hazardsReader}` }, body: undefined };
      },
    });
    const samples: { at: number; mb: number }[] = [];
    const soakStart = Date.now();
    const sampler = setInterval(() => samples.push({ at: Date.now() - soakStart, mb: treeRssMb() }), 5000);
    const soak = await phase(`soak, ${USERS} users, ${SOAK_SECONDS} s`, mixed, USERS, { duration: SOAK_SECONDS }).finally(() => clearInterval(sampler));
    const peakOf = (from: number, to: number) => Math.max(0, ...samples.filter((x) => x.at >= from && x.at < to).map((x) => x.mb));
    const soakPeak = peakOf(0, Infinity);
    console.log(`  soak memory: peak ${soakPeak} MB over ${samples.length} samples`);

    const measured = [reportOne, dashboardOne, reports, dashboards];
    const errorRate = measured.reduce((a, p) => a + p.failed, 0) / measured.reduce((a, p) => a + p.total, 0);
    const figures: Figures = {
      report_rps: round(reports.rps),
      report_p50_ms: reports.p50,
      report_p99_ms: reports.p99,
      dashboard_rps: round(dashboards.rps),
      dashboard_p50_ms: dashboards.p50,
      dashboard_p99_ms: dashboards.p99,
      report_single_p50_ms: reportOne.p50,
      dashboard_single_p50_ms: dashboardOne.p50,
      report_p99_vs_single_ms_ratio: round(reports.p99 / reportOne.p50),
      dashboard_p99_vs_single_ms_ratio: round(dashboards.p99 / dashboardOne.p50),
      requests_total: measured.reduce((a, p) => a + p.total, 0),
      error_rate: errorRate,
      soak_seconds: SOAK_SECONDS,
      soak_requests: soak.total,
      soak_rps: round(soak.rps),
      soak_p50_ms: soak.p50,
      soak_p99_ms: soak.p99,
      soak_failed_requests: soak.failed,
      soak_peak_rss_mb: soakPeak,
      soak_rss_growth_mb: peakOf(SOAK_SECONDS * 1000 - 60_000, Infinity) - peakOf(0, 60_000),
      soak_peak_rss_vs_budget_ratio: round(soakPeak / SOAK_RSS_BUDGET_MB),
    };
    if (errorRate !== 0 || soak.failed !== 0) throw new Error(`failed requests (must be 0): ${JSON.stringify(figures)}`);
    if (soakPeak > SOAK_RSS_BUDGET_MB) throw new Error(`soak_peak_rss_mb ${soakPeak} over the budget of ${SOAK_RSS_BUDGET_MB}: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
