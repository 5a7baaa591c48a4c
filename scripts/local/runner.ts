/**
 * The HTTP API on this machine: every function bundled the way a deploy bundles it
 * (esbuild.config.js), in ONE esbuild build for all of them, served by a few Node worker processes
 * that keep each handler warm, as Lambda's containers do. Requests become API Gateway HTTP API (payload 2.0) events by the
 * routes of the shared contract, an unknown path goes to `notFound`, and the Lambda Invoke API the
 * census import uses (`LAMBDA_ENDPOINT`) is served on the same port.
 *
 * It replaces `osls offline` (serverless-offline + serverless-esbuild), which held one esbuild build
 * context per function (8 GB with 94 functions), rebuilt all of them on any file write under the
 * checkout, reloaded handlers per request and grew to 6–10 GB until it died.
 *
 * Run as its own process (`tsx scripts/local/runner.ts`) with the stage's environment; `--watch`
 * rebuilds when a file under functions/src or shared/src changes and serves the new bundles at once.
 */
import { randomUUID } from 'node:crypto';
import cluster from 'node:cluster';
import { readdirSync, rmSync, watch } from 'node:fs';
import { availableParallelism } from 'node:os';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { join } from 'node:path';
import { type BuildOptions, build as esbuild, stop as stopEsbuild } from 'esbuild';
import { api, type RouteName } from '@safegrid/shared';

const ROOT = join(__dirname, '..', '..');
const HANDLERS = join(ROOT, 'functions', 'src', 'handlers');

interface Route {
  name: string;
  method: string;
  template: string;
  pattern: RegExp;
  params: string[];
  /** Literal path segments: the more, the more specific (API Gateway prefers /hazards/queue to /hazards/{id}). */
  literals: number;
}

export function routesOf(contract: typeof api): Route[] {
  return (Object.entries(contract) as [RouteName, (typeof api)[RouteName]][]).map(([name, r]) => {
    const params: string[] = [];
    const source = r.path
      .split('/')
      .map((segment) => {
        const m = /^\{(\w+)\}$/.exec(segment);
        if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        params.push(m[1]!);
        return '([^/]+)';
      })
      .join('/');
    return { name, method: r.method, template: r.path, pattern: new RegExp(`^${source}$`), params, literals: r.path.split('/').filter((s) => s && !s.startsWith('{')).length };
  });
}

/** The route a request takes: the most specific match of its method and path. */
export function match(routes: Route[], method: string, path: string): { route: Route; pathParameters: Record<string, string> } | undefined {
  const found = routes
    .filter((r) => r.method === method)
    .map((route) => ({ route, m: route.pattern.exec(path) }))
    .filter((x): x is { route: Route; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => b.route.literals - a.route.literals)[0];
  if (!found) return undefined;
  return { route: found.route, pathParameters: Object.fromEntries(found.route.params.map((p, i) => [p, decodeURIComponent(found.m[i + 1]!)])) };
}

/** Rebuilds when a file under functions/src or shared/src changes: once per burst of writes, never two at a time. */
function watchSources(build: () => Promise<boolean>, say: (line: string) => void) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => (await build()) && say('   API 已重新构建'));
    }, 300);
  };
  for (const dir of [join(ROOT, 'functions', 'src'), join(ROOT, 'shared', 'src')]) watch(dir, { recursive: true }, changed);
}

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode?: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean } | undefined>;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent',
  'access-control-allow-methods': 'OPTIONS,GET,POST,PUT,PATCH,DELETE',
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What Lambda hands a function beside its event: enough for our stack (request id, time left). */
const lambdaContext = (name: string) => ({
  awsRequestId: randomUUID(),
  functionName: `safegrid-local-${name}`,
  // No timeout locally: a slow first call on a loaded machine should finish (deployed functions keep theirs).
  getRemainingTimeInMillis: () => 15 * 60_000,
});

/**
 * One build of every function, then esbuild's service is stopped. An incremental context (esbuild's own watch)
 * rebuilds no faster here (≈ 5 s against ≈ 6 s: linking 94 bundles is the work) and its service kept ≈ 2 GB
 * resident between builds; a stopped service holds nothing.
 */
async function buildAll(outdir: string, say: (line: string) => void): Promise<boolean> {
  const names = readdirSync(HANDLERS)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3));
  const { exclude: _e, ...bundling } = require(join(ROOT, 'esbuild.config.js'))() as BuildOptions & Record<string, unknown>;
  try {
    const entryPoints = Object.fromEntries(names.map((n) => [n, join(HANDLERS, `${n}.ts`)]));
    // Node prints the original file and line from the map alone; the sources themselves are on this disk.
    await esbuild({ ...bundling, entryPoints, outdir, sourcesContent: false, logLevel: 'silent' });
    return true;
  } catch (error) {
    const errors = (error as { errors?: { text: string }[] }).errors;
    say(`✖ 构建失败：${errors ? errors.map((e) => e.text).join('；') : (error as Error).message}`);
    return false;
  } finally {
    await stopEsbuild();
  }
}

/** The HTTP server of one worker: each function's bundle loaded on its first request and kept warm until a rebuild. */
async function serveHandlers(options: { port: number; outdir: string; generation: () => number; say: (line: string) => void }) {
  const { say } = options;
  const loaded = new Map<string, { generation: number; handler: Handler }>();
  const handlerOf = (name: string): Handler => {
    const generation = options.generation();
    const have = loaded.get(name);
    if (have && have.generation === generation) return have.handler;
    const file = require.resolve(join(options.outdir, `${name}.js`));
    delete require.cache[file];
    const handler = (require(file) as { handler: Handler }).handler;
    loaded.set(name, { generation, handler });
    return handler;
  };
  const routes = routesOf(api);
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return void res.writeHead(204, CORS).end();
    const body = await readBody(req);

    // The Lambda Invoke API (the census import worker, started by startImport).
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    if (invoke && method === 'POST') {
      const name = decodeURIComponent(invoke[1]!).split('-').pop()!;
      const run = () => handlerOf(name)(JSON.parse(body.toString('utf8') || '{}'), lambdaContext(name));
      if (req.headers['x-amz-invocation-type'] === 'Event') {
        res.writeHead(202).end();
        run().catch((error: Error) => say(`✖ ${name}: ${error.message}`));
        return;
      }
      const result = await run();
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null));
    }

    const found = match(routes, method, url.pathname);
    const name = found?.route.name ?? 'notFound';
    const query = Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k).join(',')]));
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]));
    const event = {
      version: '2.0',
      routeKey: found ? `${method} ${found.route.template}` : '$default',
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(found && found.route.params.length ? { pathParameters: found.pathParameters } : {}),
      ...(body.length ? { body: body.toString('utf8') } : {}),
      isBase64Encoded: false,
      requestContext: {
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '', userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey: found ? `${method} ${found.route.template}` : '$default',
        stage: '$default',
        timeEpoch: Date.now(),
      },
    };
    const result = (await handlerOf(name)(event, lambdaContext(name))) ?? {};
    const out = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    res.writeHead(result.statusCode ?? 200, { ...CORS, ...(result.headers ?? {}) }).end(out);
  };

  const server = createServer((req, res) => {
    serve(req, res).catch((error: Error) => {
      say(`✖ ${req.method} ${req.url}: ${error.stack ?? error.message}`);
      if (!res.headersSent) res.writeHead(502, { ...CORS, 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'INTERNAL', message: '本地 API 出错，请查看终端' } }));
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, resolve));
}

/**
 * How many processes serve requests. One Node process saturated one core while DynamoDB Local used half of the
 * other (the soak: 59 % and 36 % of the CPU time, 1.6 of 2 cores busy); two share the port as cluster workers.
 */
const WORKERS = Number(process.env.API_WORKERS ?? Math.min(2, availableParallelism()));

/**
 * The primary builds (and with --watch rebuilds) the bundles and keeps WORKERS workers serving them: a worker
 * that dies is said and replaced; after a rebuild each loads a function's new bundle on its next request.
 */
async function primary(port: number, outdir: string, watchFiles: boolean) {
  const say = (l: string) => console.log(l);
  let generation = 1;
  let leaving = false;
  const leave = () => {
    leaving = true;
    rmSync(outdir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', leave);
  process.on('SIGINT', leave);
  if (!(await buildAll(outdir, say))) process.exit(1);
  if (watchFiles) {
    watchSources(async () => {
      if (!(await buildAll(outdir, say))) return false;
      generation++;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.send({ generation });
      return true;
    }, say);
  }
  const fork = () => cluster.fork({ API_GENERATION: String(generation) });
  cluster.on('exit', (worker, code, signal) => {
    if (leaving) return;
    say(`✖ API 工作进程 ${worker.process.pid} 意外退出（${signal ?? `退出码 ${code}`}），正在重新启动`);
    fork();
  });
  let listening = 0;
  cluster.on('listening', () => ++listening === WORKERS && say(`HTTP API listening on ${port} (${WORKERS} workers)`));
  for (let i = 0; i < WORKERS; i++) fork();
}

function worker(port: number, outdir: string) {
  let generation = Number(process.env.API_GENERATION);
  process.on('message', (m: { generation?: number }) => m.generation && (generation = m.generation));
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
  // Lambda fails the invocation on these; here they are said loudly and the API goes on serving the others.
  process.on('unhandledRejection', (reason) => console.error(`✖ unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
  process.on('uncaughtException', (error) => console.error(`✖ uncaught exception: ${error.stack ?? error.message}`));
  serveHandlers({ port, outdir, generation: () => generation, say: (l) => console.log(l) }).catch((error: Error) => {
    console.error(`✖ ${error.stack ?? error.message}`);
    process.exit(1);
  });
}

if (require.main === module || cluster.isWorker) {
  const port = Number(process.env.API_PORT ?? 3000);
  // A folder of its own per port: two runners (npm start and a test run, or the browser tests' two APIs) never share
  // bundles. Not under .esbuild/, which `osls package` empties: a package run beside npm start took its handlers away.
  const outdir = join(ROOT, '.local', 'api', String(port));
  if (cluster.isPrimary) {
    primary(port, outdir, process.argv.includes('--watch')).catch((error: Error) => {
      console.error(`✖ ${error.stack ?? error.message}`);
      process.exit(1);
    });
  } else {
    worker(port, outdir);
  }
}
