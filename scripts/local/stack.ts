/**
 * The whole backend on this machine: DynamoDB Local, s3rver, the table and bucket, the demo
 * district (only into an empty table), and the HTTP API through `osls offline`.
 * `npm start` runs it with data kept under .local/; the browser tests run it in memory on free ports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
  lambda: number;
}

export interface StackOptions {
  ports: StackPorts;
  /** Where DynamoDB and S3 keep their data; omitted → DynamoDB in memory and S3 in a temp dir. */
  dataDir?: string;
  s3Dir: string;
  say?: (line: string) => void;
}

export interface Stack {
  apiBase: string;
  seeded: boolean;
  stop(): Promise<void>;
}

/** Throws a message naming every port that is already taken. */
export async function checkPorts(ports: Record<string, number>) {
  const taken: string[] = [];
  for (const [name, port] of Object.entries(ports)) if (!(await portIsFree(port))) taken.push(`${name} 端口 ${port}`);
  if (taken.length) {
    throw new Error(`以下端口已被占用：${taken.join('、')}。请关闭占用它们的程序（例如另一个 npm start），或用环境变量换端口（见 README）。`);
  }
}

export function spawnLogged(command: string, args: string[], env: NodeJS.ProcessEnv, prefix: string, say: (l: string) => void): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // Whole lines only: a chunk may end mid-line, and the log check must see each line entire.
  const relay = () => {
    let rest = '';
    return (b: Buffer) => {
      const lines = (rest + b.toString()).split('\n');
      rest = lines.pop() ?? '';
      lines.filter((l) => l.trim()).forEach((l) => say(`${prefix} ${l}`));
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

export async function startStack(options: StackOptions): Promise<Stack> {
  const say = options.say ?? (() => {});
  const { ports } = options;
  const started: Running[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(killGroup));
    await Promise.all(started.map((s) => s.stop()));
  };
  try {
    say(`① DynamoDB Local 启动中（端口 ${ports.dynamo}）…`);
    if (options.dataDir) mkdirSync(join(options.dataDir, 'dynamodb'), { recursive: true });
    const dynamo = await startDynamo(ports.dynamo, options.dataDir && join(options.dataDir, 'dynamodb'));
    started.push(dynamo);
    say(`② 本地 S3（s3rver）启动中（端口 ${ports.s3}）…`);
    mkdirSync(options.s3Dir, { recursive: true });
    const s3 = await startS3(ports.s3, options.s3Dir);
    started.push(s3);

    say(`③ 数据表 ${TABLE_NAME} 与存储桶 ${BUCKET_NAME}…`);
    const table = await ensureTable(dynamo.endpoint, TABLE_NAME);
    await ensureBucket(s3.endpoint, BUCKET_NAME);

    const config = readConfig({ ...process.env, STAGE: 'local', TABLE_NAME, BUCKET_NAME, DYNAMODB_ENDPOINT: dynamo.endpoint, S3_ENDPOINT: s3.endpoint });
    const d = makeDeps(config);
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

    say(`⑤ HTTP API（osls offline）启动中（端口 ${ports.api}）…`);
    const env = {
      STAGE: 'local',
      DEV_LOGIN: 'true',
      TABLE_NAME,
      BUCKET_NAME,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      S3_ENDPOINT: s3.endpoint,
      API_PORT: String(ports.api),
      LAMBDA_PORT: String(ports.lambda),
      LAMBDA_ENDPOINT: `http://127.0.0.1:${ports.lambda}`,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      NODE_NO_WARNINGS: '1',
      // The test runs capture everything the API prints below, once; the functions must not write the file too.
      SAFEGRID_LOG_FILE: '',
    };
    const logFile = process.env.SAFEGRID_LOG_FILE;
    const api = spawnLogged(join(ROOT, 'node_modules', '.bin', 'osls'), ['offline', '--stage', 'local'], env, '   [api]', (l) => {
      if (logFile) appendFileSync(logFile, `${l}\n`);
      if (/"level":"error"|Error:|✖/.test(l)) say(l);
    });
    children.push(api);
    const apiBase = `http://localhost:${ports.api}`;
    // osls bundles every function with esbuild before it listens: minutes on a loaded 2-core machine.
    await waitFor(`${apiBase}/auth/dev-users`, 'HTTP API', 600_000);
    return { apiBase, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
