/**
 * npm start watches what it started (the API died without a word and the app showed
 * 网络连接失败): a child that ends on its own is named with its last lines and started again; one
 * that keeps dying makes the stack give up, so `npm start` stops with a non-zero exit.
 */
import { spawnLogged, supervise } from './stack';

const dying = (n: number) => spawnLogged(process.execPath, ['-e', `console.log('第${n}次：端口被占用'); process.exit(3)`], {}, '[t]', () => undefined);

it('says what died with its last lines, starts it again, and gives up after three deaths in the window', async () => {
  const said: string[] = [];
  let starts = 0;
  const failed = new Promise<[string, string]>((resolve) => {
    supervise('测试服务', dying(0), async () => dying(++starts), (l) => said.push(l), (what, lines) => resolve([what, lines]));
  });
  const [what, lines] = await failed;
  expect(what).toBe('测试服务');
  expect(lines).toContain('第3次：端口被占用');
  expect(starts).toBe(3);
  expect(said.filter((l) => l.startsWith('✖ 测试服务 意外退出（退出码 3）'))).toHaveLength(4);
  expect(said.join('\n')).toContain('第0次：端口被占用');
  expect(said).toContain('   正在重新启动 测试服务（第 1 次）…');
});

it('stays quiet when it is stopped on purpose', async () => {
  const said: string[] = [];
  const child = spawnLogged(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {}, '[t]', () => undefined);
  const s = supervise('安静的服务', child, async () => child, (l) => said.push(l), () => said.push('failed'));
  await s.stop();
  await new Promise((r) => setTimeout(r, 200));
  expect(said).toEqual([]);
});
