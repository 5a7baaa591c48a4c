/**
 * Load: the local stack (`startStack`: DynamoDB Local, s3rver, the demo district, the
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
 * Then the soak (`osls offline` grew to 8 GB and died after a few hundred requests): 20
 * users for BENCH_SOAK_SECONDS (default 1200), reports, dashboards and hazard lists turn about,
 * sampling every 5 s the resident memory of every process this one started, by part: the API (the
 * runner's primary and workers), DynamoDB Local (its JVM), the S3 server, and the load generator (this
 * process: autocannon and the demo data, not counted in the budget). Figures: soak_peak_rss_mb (the
 * API, DynamoDB Local and S3 together; budget 1,500) and each part's peak, soak_rss_growth_mb (last
 * minute's peak − the first minute's), soak_failed_requests (must be 0), soak_p99_ms (budget 1,000),
 * and where the CPU time went (each part's share, and how many of the machine's cores were busy).
 * Over a budget, the figures are still written, and the run fails.
 */
import autocannon from 'autocannon';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
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
import { type Figures, OverBudget } from './lib';

const USERS = 20;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const SINGLE_REQUESTS = 60;
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 1200);
const SOAK_RSS_BUDGET_MB = 1500;
const SOAK_P99_BUDGET_MS = 1000;

type Part = 'api' | 'dynamodb' | 's3' | 'bench';
type Usage = Record<Part, { rssMb: number; cpuSeconds: number }>;

/**
 * Memory and CPU time of every process under this one, read from /proc, by the part of the stack each belongs to:
 * the API runner and its build (esbuild), DynamoDB Local (its JVM), the S3 server, and the rest (this process,
 * autocannon and the demo generator: the load, not the API).
 */
function usage(): Usage {
  const procs = new Map<number, { parent: number; command: string; rssKb: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      // utime and stime, fields 14 and 15, counted after the command's closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      procs.set(Number(entry), {
        parent: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0),
        command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' '),
        rssKb: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0),
        ticks: Number(stat[11]) + Number(stat[12]),
      });
    } catch {
      // the process ended while we read
    }
  }
  const partOf = (pid: number): Part | undefined => {
    if (pid === process.pid) return 'bench';
    const p = procs.get(pid);
    if (!p || pid <= 1) return undefined;
    if (p.command.includes('runner.ts')) return 'api';
    if (p.command.includes('DynamoDBLocal')) return 'dynamodb';
    if (p.command.includes('s3rver')) return 's3';
    return partOf(p.parent);
  };
  const out: Usage = { api: { rssMb: 0, cpuSeconds: 0 }, dynamodb: { rssMb: 0, cpuSeconds: 0 }, s3: { rssMb: 0, cpuSeconds: 0 }, bench: { rssMb: 0, cpuSeconds: 0 } };
  for (const [pid, p] of procs) {
    const part = partOf(pid);
    if (!part) continue;
    out[part].rssMb += p.rssKb / 1024;
    out[part].cpuSeconds += p.ticks / 100;
  }
  return out;
}

/** What the budget counts: the API's processes, without the load that drives them. */
const stackRssMb = (u: Usage) => Math.round(u.api.rssMb + u.dynamodb.rssMb + u.s3.rssMb);

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
  // Data on disk, as `npm start` keeps it (.local/): the in-memory table grew with every report the soak added.
  const stack = await startStack({ ports, dataDir: join(dir, 'data'), s3Dir: join(dir, 's3'), say: (l) => console.log(l) });
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
    const samples: { at: number; mb: number; usage: Usage }[] = [];
    const soakStart = Date.now();
    const before = usage();
    const sampler = setInterval(() => {
      const u = usage();
      samples.push({ at: Date.now() - soakStart, mb: stackRssMb(u), usage: u });
    }, 5000);
    const soak = await phase(`soak, ${USERS} users, ${SOAK_SECONDS} s`, mixed, USERS, { duration: SOAK_SECONDS }).finally(() => clearInterval(sampler));
    const peakOf = (from: number, to: number) => Math.max(0, ...samples.filter((x) => x.at >= from && x.at < to).map((x) => x.mb));
    const soakPeak = peakOf(0, Infinity);
    const after = usage();
    const parts = ['api', 'dynamodb', 's3', 'bench'] as const;
    const partPeak = Object.fromEntries(parts.map((p) => [p, Math.round(Math.max(0, ...samples.map((x) => x.usage[p].rssMb)))])) as Record<Part, number>;
    const cpu = Object.fromEntries(parts.map((p) => [p, after[p].cpuSeconds - before[p].cpuSeconds])) as Record<Part, number>;
    const cpuTotal = parts.reduce((a, p) => a + cpu[p], 0) || 1;
    console.log(`  soak memory: peak ${soakPeak} MB over ${samples.length} samples; by part ${JSON.stringify(partPeak)} MB`);
    console.log(`  soak CPU: ${parts.map((p) => `${p} ${cpu[p].toFixed(0)} s (${((100 * cpu[p]) / cpuTotal).toFixed(0)}%)`).join(', ')} of ${(SOAK_SECONDS * cpus().length).toFixed(0)} core-seconds`);

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
      soak_api_peak_rss_mb: partPeak.api,
      soak_dynamodb_peak_rss_mb: partPeak.dynamodb,
      soak_s3_peak_rss_mb: partPeak.s3,
      soak_load_generator_peak_rss_mb: partPeak.bench,
      soak_api_cpu_share_ratio: round(cpu.api / cpuTotal),
      soak_dynamodb_cpu_share_ratio: round(cpu.dynamodb / cpuTotal),
      soak_s3_cpu_share_ratio: round(cpu.s3 / cpuTotal),
      soak_load_generator_cpu_share_ratio: round(cpu.bench / cpuTotal),
      soak_busy_cores_ratio: round(cpuTotal / SOAK_SECONDS),
    };
    if (errorRate !== 0 || soak.failed !== 0) throw new Error(`failed requests (must be 0): ${JSON.stringify(figures)}`);
    const breaches = [
      ...(soakPeak > SOAK_RSS_BUDGET_MB ? [`soak_peak_rss_mb ${soakPeak} > ${SOAK_RSS_BUDGET_MB}`] : []),
      ...(soak.p99 > SOAK_P99_BUDGET_MS ? [`soak_p99_ms ${soak.p99} > ${SOAK_P99_BUDGET_MS}`] : []),
    ];
    if (breaches.length) throw new OverBudget(figures, breaches);
    return figures;
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
