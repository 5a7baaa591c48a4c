/**
 * Load (issue #10): the local stack (`startStack`: DynamoDB Local, s3rver, the demo district, the
 * HTTP API through `osls offline` with warm handlers) on 127.0.0.1, driven by autocannon.
 * Report submission (POST /hazards, a fresh client id and a stored photo per request) by 20 public
 * reporters, and dashboard reads (GET /dashboard for the district and for a street, last 12 months)
 * by the demo's readers, each first by one user alone, then by 20 concurrent connections.
 * Figures: throughput and p50/p99 at 20 users, the error rate (non-2xx, socket errors and timeouts
 * over all requests; it must be 0, or the run fails), and the p99 at 20 users ÷ the p50 of one user
 * measured in the same run (this machine is noisy; a ratio taken side by side is what compares).
 * The per-user report cap is raised for the run (RATE_LIMIT_REPORTS_PER_HOUR), so the 429s do not
 * distort it; the limiter's conditional write still runs with every report, so its cost is measured.
 * BENCH_LOAD_SECONDS sets each concurrent phase's length (default 20).
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
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
  Object.assign(process.env, { RATE_LIMIT_REPORTS_PER_HOUR: '1000000', OFFLINE_RELOAD_HANDLER: 'false', LOG_LEVEL: 'error' });
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
    // Warm every worker the concurrent phases will use (serverless-offline starts one per concurrent call).
    await phase('warm-up: reports', report, USERS, { amount: USERS * 3 });
    await phase('warm-up: dashboard', dashboard, USERS, { amount: USERS * 3 });
    const reportOne = await phase('reports, 1 user', report, 1, { amount: SINGLE_REQUESTS });
    const dashboardOne = await phase('dashboard, 1 user', dashboard, 1, { amount: SINGLE_REQUESTS });
    const reports = await phase(`reports, ${USERS} users`, report, USERS, { duration: SECONDS });
    const dashboards = await phase(`dashboard, ${USERS} users`, dashboard, USERS, { duration: SECONDS });

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
    };
    if (errorRate !== 0) throw new Error(`error_rate ${errorRate} (must be 0): ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
