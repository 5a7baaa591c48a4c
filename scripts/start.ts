/**
 * `npm start`: the whole system on this machine, with a demo district and a sign-in page
 * for every role. Ports can be changed with DYNAMO_PORT, S3_PORT, API_PORT, H5_PORT, DOCS_PORT.
 */
import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import { checkPorts, ROOT, spawnLogged, startStack, supervise, waitFor } from './local/stack';
import { DEMO_USER_IDS } from '../functions/src/usecases/auth';
import type { DevUser } from '@safegrid/shared';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports = { dynamo: port('DYNAMO_PORT', 8000), s3: port('S3_PORT', 4569), api: port('API_PORT', 3000) };
const h5Port = port('H5_PORT', 10086);
const docsPort = port('DOCS_PORT', 3001);
// Not imported from ./openapi: that loads every handler, whose ESM-only middy plain `tsx` cannot require.
const OPENAPI_FILE = join(ROOT, 'docs', 'openapi.json');
const say = (line: string) => console.log(line);

/**
 * Serves docs/openapi.json (the committed file, read per request so `npm run openapi` shows at once)
 * beside the API rather than as a route of it: the document is a development aid, never deployed.
 */
function serveOpenApi(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/openapi.json') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('只有 GET /openapi.json');
      return;
    }
    readFile(OPENAPI_FILE).then(
      (body) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*' }).end(body),
      () => res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('docs/openapi.json 不存在：请运行 npm run openapi'),
    );
  });
  return new Promise((resolve, reject) => server.once('error', reject).listen(docsPort, () => resolve(server)));
}

async function main() {
  say('安全网格 SafeGrid · 本地系统启动\n');
  await checkPorts({ DynamoDB: ports.dynamo, S3: ports.s3, API: ports.api, H5: h5Port, 'API 文档': docsPort });
  const dataDir = join(ROOT, '.local');
  const stack = await startStack({ ports, dataDir, s3Dir: join(dataDir, 's3'), watch: true, say });
  const docs = await serveOpenApi();

  say(`⑥ 小程序 H5 开发版编译中（端口 ${h5Port}，首次约 1 分钟）…`);
  const startH5 = async () =>
    spawnLogged('npm', ['run', 'dev:h5', '-w', 'miniapp'], { H5_PORT: String(h5Port), TARO_APP_API_BASE: stack.apiBase, TARO_APP_DEV_LOGIN: 'true' }, '   [h5]', (l) => {
      if (/\bERROR\b|Error:|✖/.test(l)) say(l);
    });
  const stopAll = async (code: number) => {
    say('\n正在停止…');
    await h5.stop();
    docs.close();
    await stack.stop();
    say('已停止。');
    process.exit(code);
  };
  // A part that dies is named with its last lines and started again; one that keeps dying stops everything, with a non-zero exit.
  const gaveUp = (what: string) => {
    say(`✖ ${what} 多次意外退出，已停止全部服务（最后的输出见上）。请检查后重新 npm start。`);
    void stopAll(1);
  };
  const h5 = supervise('小程序 H5', await startH5(), startH5, say, gaveUp);
  stack.onFailure(gaveUp);
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  await waitFor(`http://localhost:${h5Port}/`, '小程序 H5', 300_000);

  const { users } = (await (await fetch(`${stack.apiBase}/auth/dev-users`)).json()) as { users: DevUser[] };
  say('\n✅ 已就绪\n');
  say(`   小程序（H5）  http://localhost:${h5Port}/   ← 在浏览器打开，在登录页选择下列演示用户之一`);
  say(`   HTTP API      ${stack.apiBase}`);
  say(`   API 文档      http://localhost:${docsPort}/openapi.json   （OpenAPI 3.1，由共享契约生成：npm run openapi）`);
  say(`   DynamoDB      http://127.0.0.1:${ports.dynamo}   数据保存在 .local/（删除它可重新载入演示辖区）`);
  say(`   S3            http://127.0.0.1:${ports.s3}\n`);
  say('   演示用户（每个角色一位；微信开发者工具中用登录码 demo:<编号> 也可登录为该用户）：');
  for (const u of users) say(`   · ${u.roleLabel.padEnd(6, '　')} ${u.name.padEnd(5, '　')} ${u.scopeLabel}（编号 ${u.id}）`);
  if (users.length < DEMO_USER_IDS.length) say('   （部分演示用户不在数据表中：删除 .local/ 后重新 npm start）');
  say('\n按 Ctrl-C 停止全部服务。');
}

main().catch((error) => {
  console.error(`\n❌ 启动失败：${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
