/**
 * Empty states show pictures we ship (issue #21 item 8): NutUI's Empty loaded its pictures from a CDN
 * (storage.360buyimg.com), broken offline. Every `Empty` from '@nutui/nutui-react-taro' is ours
 * (babel.config.js; test/shims/nutui.js here), with small PNGs the build inlines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen } from '@testing-library/react';
import { Empty } from '@nutui/nutui-react-taro';
import BulletinPage from '../src/packageDashboard/pages/bulletin/index';
import { reset, signIn, stubNetwork } from './helpers';
import { gridworker, setRoute } from './hazard-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const pictures = (root: ParentNode) => [...root.querySelectorAll('.nut-empty taro-image-core, .nut-empty img')].map((i) => i.getAttribute('src') ?? '');

test('each status shows its own picture, inlined from the package: no http, no CDN', () => {
  const { container } = render(
    <>
      <Empty title="暂无数据" />
      <Empty status="error" title="加载失败" description="网络不可用" />
      <Empty status="network" size="small" title="网络异常" />
    </>,
  );
  const srcs = pictures(container);
  expect(srcs).toHaveLength(3);
  expect(new Set(srcs).size).toBe(3);
  for (const src of srcs) {
    expect(src).toMatch(/^data:image\/png;base64,/);
    expect(src).not.toMatch(/https?:|360buyimg/);
  }
  // The same markup NutUI's CSS styles.
  expect(container.querySelector('.nut-empty .nut-empty-small')).toBeTruthy();
  expect(screen.getByText('网络不可用').className).toBe('nut-empty-description');
});

test('a screen’s empty state (a bulletin that failed to load) shows the shipped picture', async () => {
  signIn(gridworker);
  setRoute({ id: '2026-11.370911' });
  stubNetwork({ 'GET /bulletins/2026-11.370911': { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务暂时不可用' } } } });
  const { container } = render(<BulletinPage />);
  expect(await screen.findByText('加载失败')).toBeTruthy();
  const [src] = pictures(container);
  expect(src).toMatch(/^data:image\/png;base64,/);
});

test('the pictures are small PNGs, and nothing in the app names NutUI’s CDN', () => {
  const dir = join(__dirname, '../src/assets/empty');
  for (const name of ['empty', 'error', 'network']) {
    const bytes = readFileSync(join(dir, `${name}.png`));
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // Under Taro's 2 KB inlining limit (and far under WeChat's 200 KB image check).
    expect(bytes.length).toBeLessThanOrEqual(2 * 1024);
  }
  const babel = readFileSync(join(__dirname, '../babel.config.js'), 'utf8');
  expect(babel).toMatch(/Empty: path\.join\(__dirname, 'src\/components\/Empty'\)/);
});
