/**
 * The HTTP API on this machine: every function bundled the way a deploy bundles it
 * (esbuild.config.js), in ONE esbuild build for all of them, served by one Node process that keeps
 * each handler warm, as Lambda does. Requests become API Gateway HTTP API (payload 2.0) events by the
 * routes of the shared contract, an unknown path goes to `notFound`, and the Lambda Invoke API the
 * census import uses (`LAMBDA_ENDPOINT`) is served on the same port.
 *
 * It replaces `osls offline` (serverless-offline + serverless-esbuild), which held one esbuild build
 * context per function (8 GB with 94 functions), rebuilt all of them on any file write under the
 * checkout, reloaded handlers per request and grew to 6–10 GB until it died (issue #21).
 *
 * Run as its own process (`tsx scripts/local/runner.ts`) with the stage's environment; `--watch`
 * rebuilds what changed under functions/src and shared/src and serves the new bundles at once.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { join } from 'node:path';
import { type BuildOptions, type Plugin, context } from 'esbuild';
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

export async function startRunner(options: { port: number; watch?: boolean; outdir: string; say?: (line: string) => void }) {
  const say = options.say ?? ((l: string) => console.log(l));
  const names = readdirSync(HANDLERS)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3));
  const { exclude: _e, ...bundling } = require(join(ROOT, 'esbuild.config.js'))() as BuildOptions & Record<string, unknown>;
  let generation = 0;
  const loaded = new Map<string, { generation: number; handler: Handler }>();
  const rebuilt: Plugin = {
    name: 'safegrid-rebuilt',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length) return say(`✖ 构建失败：${result.errors.map((e) => e.text).join('；')}`);
        // Bundles written anew: the next request of each function loads its new bundle.
        generation++;
        if (generation > 1) say('   API 已重新构建');
      });
    },
  };
  const ctx = await context({
    ...bundling,
    entryPoints: Object.fromEntries(names.map((n) => [n, join(HANDLERS, `${n}.ts`)])),
    outdir: options.outdir,
    logLevel: 'silent',
    plugins: [rebuilt],
  });
  await ctx.rebuild();
  if (options.watch) await ctx.watch();

  const handlerOf = (name: string): Handler => {
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
  return {
    async stop() {
      await new Promise((r) => server.close(r));
      await ctx.dispose();
    },
  };
}

if (require.main === module) {
  const port = Number(process.env.API_PORT ?? 3000);
  // A folder of its own per port: two runners (npm start and a test run, or the browser tests' two APIs) never share
  // bundles. Not under .esbuild/, which `osls package` empties: a package run beside npm start took its handlers away.
  const outdir = join(ROOT, '.local', 'api', String(port));
  const leave = () => {
    rmSync(outdir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', leave);
  process.on('SIGINT', leave);
  // Lambda fails the invocation on these; here they are said loudly and the API goes on serving the others.
  process.on('unhandledRejection', (reason) => console.error(`✖ unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
  process.on('uncaughtException', (error) => console.error(`✖ uncaught exception: ${error.stack ?? error.message}`));
  startRunner({ port, watch: process.argv.includes('--watch'), outdir })
    .then(() => console.log(`HTTP API listening on ${port}`))
    .catch((error: Error) => {
      console.error(`✖ ${error.stack ?? error.message}`);
      process.exit(1);
    });
}
