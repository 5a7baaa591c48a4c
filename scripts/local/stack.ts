/**
 * The whole backend on this machine: DynamoDB Local, s3rver, the table and bucket, the demo
 * district (only into an empty table), and the HTTP API (scripts/local/runner.ts).
 * `npm start` runs it with data kept under .local/; the browser tests run it in memory on free ports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { emfMetrics } from '../../functions/src/adapters/metrics';
import { makeDeps } from '../../functions/src/deps';
import { readConfig } from '../../functions/src/config';
import { getArea } from '../../functions/src/repos/areas';
import { generateDistrict } from '../demo/generate';
import { loadDemoCommitments } from '../demo/commitments';
import { loadDemoHazards } from '../demo/hazards';
import { loadDemoChecks } from '../demo/checks';
import { loadDemoRewards } from '../demo/rewards';
import { loadDemoBulletins } from '../demo/bulletins';
import { loadDistrict } from '../demo/load';
import { type Running, ensureBucket, ensureTable, portIsFree, startDynamo, startS3 } from './services';

export const ROOT = join(__dirname, '..', '..');
export const TABLE_NAME = 'safegrid-local';
export const BUCKET_NAME = 'safegrid-local';

export interface StackPorts {
  dynamo: number;
  s3: number;
  api: number;
}

export interface StackOptions {
  ports: StackPorts;
  /** Where DynamoDB and S3 keep their data; omitted → DynamoDB in memory and S3 in a temp dir. */
  dataDir?: string;
  s3Dir: string;
  /** Rebuild the API when its code changes (npm start); the browser tests run it as built. */
  watch?: boolean;
  say?: (line: string) => void;
}

/** Throws a message naming every port that is already taken. */
export async function checkPorts(ports: Record<string, number>) {
  const taken: string[] = [];
  for (const [name, port] of Object.entries(ports)) if (!(await portIsFree(port))) taken.push(`${name} 端口 ${port}`);
  if (taken.length) {
    throw new Error(`以下端口已被占用：${taken.join('、')}。请关闭占用它们的程序（例如另一个 npm start），或用环境变量换端口（见 README）。`);
  }
}

/** The last lines each child printed, for saying why it died. */
const tails = new WeakMap<ChildProcess, string[]>();
export const lastLines = (child: ChildProcess) => (tails.get(child) ?? []).join('\n');

export function spawnLogged(command: string, args: string[], env: NodeJS.ProcessEnv, prefix: string, say: (l: string) => void): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const tail: string[] = [];
  tails.set(child, tail);
  // Whole lines only: a chunk may end mid-line, and the log check must see each line entire.
  const relay = () => {
    let rest = '';
    return (b: Buffer) => {
      const lines = (rest + b.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines.filter((x) => x.trim())) {
        tail.push(l);
        if (tail.length > 20) tail.shift();
        say(`${prefix} ${l}`);
      }
    };
  };
  child.stdout?.on('data', relay());
  child.stderr?.on('data', relay());
  return child;
}

/** Stops a child and everything it started (it leads its own process group). */
export function killGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000).unref();
  });
}

export async function waitFor(url: string, what: string, timeoutMs: number, isReady: (r: Response) => boolean = (r) => r.ok) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (isReady(await fetch(url))) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what} 在 ${Math.round(timeoutMs / 1000)} 秒内没有就绪（${url}）`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The HTTP API (scripts/local/runner.ts: the deployed bundles, one build, warm handlers) over a
 * table of the running DynamoDB Local; a second one can serve another table (a district set up from
 * nothing, next to the demo).
 */
export async function startApi(options: {
  dynamo: string;
  s3: string;
  ports: Pick<StackPorts, 'api'>;
  tableName: string;
  devLogin: boolean;
  /** Rebuild and serve what changes under functions/ and shared/ (npm start). */
  watch?: boolean;
  say?: (line: string) => void;
}): Promise<{ apiBase: string; child: ChildProcess }> {
  const say = options.say ?? (() => {});
  const apiBase = `http://localhost:${options.ports.api}`;
  const env = {
    STAGE: 'local',
    DEV_LOGIN: String(options.devLogin),
    TABLE_NAME: options.tableName,
    BUCKET_NAME,
    DYNAMODB_ENDPOINT: options.dynamo,
    S3_ENDPOINT: options.s3,
    API_PORT: String(options.ports.api),
    // The census import worker is invoked through the Lambda API, which the runner serves too.
    LAMBDA_ENDPOINT: apiBase,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'cn-north-1',
    NODE_NO_WARNINGS: '1',
    NODE_OPTIONS: '--enable-source-maps',
    // The test runs capture everything the API prints below, once; the functions must not write the file too.
    SAFEGRID_LOG_FILE: '',
  };
  const logFile = process.env.SAFEGRID_LOG_FILE;
  const args = ['scripts/local/runner.ts', ...(options.watch ? ['--watch'] : [])];
  const child = spawnLogged(join(ROOT, 'node_modules', '.bin', 'tsx'), args, env, '   [api]', (l) => {
    if (logFile) appendFileSync(logFile, `${l}\n`);
    if (/"level":"error"|Error:|✖/.test(l)) say(l);
  });
  try {
    // Any answer means it listens (a stack without the demo sign-in answers this one 404).
    await waitFor(`${apiBase}/auth/dev-users`, 'HTTP API', 300_000, (r) => r.status < 500);
  } catch (error) {
    await killGroup(child);
    throw error;
  }
  return { apiBase, child };
}

export interface Stack {
  apiBase: string;
  seeded: boolean;
  /** Where DynamoDB Local and the local S3 listen, for a second API over another table. */
  endpoints: { dynamo: string; s3: string };
  stop(): Promise<void>;
  /** What dies and cannot be brought back (DynamoDB Local, the local S3; the API after RESTARTS tries): the caller stops everything. */
  onFailure(cb: (what: string, lastLines: string) => void): void;
}

/** How often a dead API is started again before the stack gives up on it, within RESTART_WINDOW_MS. */
const RESTARTS = 3;
const RESTART_WINDOW_MS = 10 * 60_000;

/**
 * Watches a child the stack started: when it ends on its own, says so with its last output and
 * starts it again (`restart`), unless it has died RESTARTS times in the window: then `fail`.
 */
export function supervise(what: string, first: ChildProcess, restart: () => Promise<ChildProcess>, say: (l: string) => void, fail: (what: string, lastLines: string) => void) {
  const deaths: number[] = [];
  let stopping = false;
  let current = first;
  const watch = (child: ChildProcess) =>
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const lines = lastLines(child);
      const now = Date.now();
      deaths.push(now);
      while (deaths.length && now - deaths[0]! > RESTART_WINDOW_MS) deaths.shift();
      say(`✖ ${what} 意外退出（${signal ?? `退出码 ${code}`}），最后的输出：\n${lines || '（无）'}`);
      if (deaths.length > RESTARTS) return fail(what, lines);
      say(`   正在重新启动 ${what}（第 ${deaths.length} 次）…`);
      restart().then(
        (child) => ((current = child), watch(child), say(`   ${what} 已重新启动`)),
        (error: Error) => fail(what, error.message),
      );
    });
  watch(first);
  return {
    current: () => current,
    stop: async () => {
      stopping = true;
      await killGroup(current);
    },
  };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const say = options.say ?? (() => {});
  const { ports } = options;
  const started: Running[] = [];
  const supervised: { stop(): Promise<void> }[] = [];
  const failures: ((what: string, lastLines: string) => void)[] = [];
  const fail = (what: string, lines: string) => failures.forEach((cb) => cb(what, lines));
  const stop = async () => {
    await Promise.all(supervised.map((s) => s.stop()));
    await Promise.all(started.map((s) => s.stop()));
  };
  try {
    say(`① DynamoDB Local 启动中（端口 ${ports.dynamo}）…`);
    if (options.dataDir) mkdirSync(join(options.dataDir, 'dynamodb'), { recursive: true });
    // An engine that dies cannot be brought back with its state: it is said, and the caller stops everything.
    const engine = (what: string, running: Running) => {
      started.push(running);
      running.onUnexpectedExit((lines) => {
        say(`✖ ${what} 意外退出，最后的输出：\n${lines || '（无）'}`);
        fail(what, lines);
      });
      return running;
    };
    const dynamo = engine('DynamoDB Local', await startDynamo(ports.dynamo, options.dataDir && join(options.dataDir, 'dynamodb')));
    say(`② 本地 S3（s3rver）启动中（端口 ${ports.s3}）…`);
    mkdirSync(options.s3Dir, { recursive: true });
    const s3 = engine('本地 S3', await startS3(ports.s3, options.s3Dir));

    say(`③ 数据表 ${TABLE_NAME} 与存储桶 ${BUCKET_NAME}…`);
    const table = await ensureTable(dynamo.endpoint, TABLE_NAME);
    await ensureBucket(s3.endpoint, BUCKET_NAME);

    const config = readConfig({ ...process.env, STAGE: 'local', TABLE_NAME, BUCKET_NAME, DYNAMODB_ENDPOINT: dynamo.endpoint, S3_ENDPOINT: s3.endpoint });
    // The demo's history is loaded, not happening: it counts in no business metric.
    const d = { ...makeDeps(config), metrics: emfMetrics(config.stage, () => undefined) };
    const { db } = d;
    const district = generateDistrict();
    const root = district.areas.find((a) => !a.parent)!;
    const seeded = table === 'created' || !(await getArea(db, root.path));
    if (seeded) {
      say('④ 载入演示辖区（首次启动）…');
      const t = Date.now();
      const n = await loadDistrict(db, district);
      const hazards = await loadDemoHazards(d, district);
      const signed = await loadDemoCommitments(d, district);
      const rewards = Object.values(await loadDemoRewards(d, district)).reduce((a, b) => a + (b ?? 0), 0);
      const checks = await loadDemoChecks(d, district);
      const bulletins = await loadDemoBulletins(d, district);
      say(`   已写入 ${n} 条记录、${hazards} 条隐患（含整改过程）、${rewards} 条举报奖励、五色承诺书模板和 ${signed} 份已签承诺书、三份检查表和 ${checks} 次现场检查、${bulletins} 份上月月通报，用时 ${((Date.now() - t) / 1000).toFixed(1)} 秒`);
    } else {
      say('④ 数据表已有数据，保留原数据（删除 .local/ 可重新载入演示辖区）');
    }

    say(`⑤ HTTP API 启动中（端口 ${ports.api}）…`);
    const apiOptions = { dynamo: dynamo.endpoint, s3: s3.endpoint, ports, tableName: TABLE_NAME, devLogin: true, watch: options.watch, say };
    const api = await startApi(apiOptions);
    supervised.push(supervise('HTTP API', api.child, async () => (await startApi(apiOptions)).child, say, fail));
    const { apiBase } = api;
    return { apiBase, seeded, endpoints: { dynamo: dynamo.endpoint, s3: s3.endpoint }, stop, onFailure: (cb) => void failures.push(cb) };
  } catch (error) {
    await stop();
    throw error;
  }
}
