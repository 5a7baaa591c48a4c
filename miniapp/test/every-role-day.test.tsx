/**
 * Issue #21 item 9, the polish, screen by screen: tags readable on the blue heading, dates kept whole,
 * labels apart from their values, 提交整改材料 said once, the owner's file without the area's path,
 * a way back in H5, and 随手拍's errors going as their fields are fixed. The app's own CSS is loaded
 * into jsdom where a test reads a computed style.
 */
import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HazardView } from '@safegrid/shared';
import HazardDetail from '../src/packageHazard/pages/detail/index';
import HazardReport from '../src/packageHazard/pages/report/index';
import BulletinPage from '../src/packageDashboard/pages/bulletin/index';
import LedgerDetail from '../src/packageLedger/pages/detail/index';
import LedgerList from '../src/packageLedger/pages/list/index';
import { Hero } from '../src/components/Hero';
import { ROUNDING_BULLETIN } from '../../shared/test/bulletin-fixture';
import { reset, signIn, stubNavigation, stubNetwork, stubPlace } from './helpers';
import { fire, gridworker, hazard, LOCATED, owner, publicUser, setRoute, timeline } from './hazard-fixtures';
import { owner as ledgerOwner, history, view } from './ledger-fixtures';

const styles: HTMLStyleElement[] = [];
/** Load stylesheets of the app into the document, as the build would. */
function css(...files: string[]) {
  for (const f of files) {
    const style = document.createElement('style');
    style.textContent = readFileSync(join(__dirname, '../src', f), 'utf8');
    document.head.appendChild(style);
    styles.push(style);
  }
}
afterEach(() => {
  for (const s of styles.splice(0)) s.remove();
  setRoute(undefined);
  delete (globalThis as { fetch?: unknown }).fetch;
  process.env.TARO_ENV = 'h5';
  reset();
});

const got = (h: HazardView) => ({ statusCode: 200, data: { hazard: h, timeline } });
/** A colour as jsdom keeps it (rgb(…)). */
const rgb = (hex: string) => {
  const n = hex.replace('#', '');
  const full = n.length === 3 ? [...n].map((c) => c + c).join('') : n;
  return `rgb(${parseInt(full.slice(0, 2), 16)}, ${parseInt(full.slice(2, 4), 16)}, ${parseInt(full.slice(4, 6), 16)})`;
};
const HERO_BLUE = rgb('#1677ff');

describe('tags on the blue heading', () => {
  test('整改中 (blue) is a white pill with blue text in the hero', async () => {
    css('app.css');
    setRoute({ id: 'h1' });
    signIn(owner);
    stubNetwork({ 'GET /hazards/h1': got(hazard({ state: 'rectifying', stateLabel: '整改中', moves: [] })) });
    const { container } = render(<HazardDetail />);
    await screen.findByText('处理记录');
    const hero = container.querySelector('.hero') as HTMLElement;
    expect(getComputedStyle(hero).backgroundColor).toBe(HERO_BLUE);
    const tag = hero.querySelector('.hz-state') as HTMLElement;
    expect(tag.textContent).toBe('整改中');
    // Before: background #1677ff on the #1677ff hero.
    expect(tag.style.background).not.toBe(HERO_BLUE);
    expect(tag.style.background).toBe(rgb('#ffffff'));
    expect(tag.style.color).toBe(HERO_BLUE);
  });

  test('a D-class (blue) risk tag in the file’s hero is a white pill with blue text', async () => {
    setRoute({ id: 'e1' });
    (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = { id: 'e1' };
    signIn(ledgerOwner);
    stubNetwork({ 'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ riskClass: 'D' }), history } } });
    stubNavigation();
    const { container } = render(<LedgerDetail />);
    await screen.findByText('基本信息');
    const tag = container.querySelector('.hero .risk-tag') as HTMLElement;
    expect(tag.textContent).toBe('D类');
    expect(tag.style.backgroundColor).toBe(rgb('#ffffff'));
    expect((tag.querySelector('.nut-tag-text') as HTMLElement).style.color).toBe(HERO_BLUE);
  });
});

describe('labels and dates', () => {
  test('a label that fills its width (当前执法处置中) keeps a gap before its value', async () => {
    css('app.css');
    setRoute({ id: '2026-11.370911' });
    signIn(gridworker);
    stubNetwork({ 'GET /bulletins/2026-11.370911': { statusCode: 200, data: { bulletin: ROUNDING_BULLETIN, canPublish: false } } });
    const { container } = render(<BulletinPage />);
    await screen.findByText('当前执法处置中');
    const row = [...container.querySelectorAll('.bl-figures .kv')].find((r) => r.textContent?.startsWith('当前执法处置中')) as HTMLElement;
    const label = row.querySelector('.kv-label') as HTMLElement;
    expect(label.nextElementSibling?.textContent).toBe('1');
    // 200px fits seven 28px characters exactly: the value sat against it (当前执法处置中1).
    expect(parseFloat(getComputedStyle(label).marginRight)).toBeGreaterThanOrEqual(16);
  });

  test('dates are never broken inside (2026-12- / 07): kept on one line, and values no longer break anywhere', async () => {
    css('app.css', 'packageHazard/hazard.css');
    setRoute({ id: 'h1' });
    signIn(owner);
    stubNetwork({ 'GET /hazards/h1': got(hazard({ state: 'rectifying', stateLabel: '整改中', deadline: '2099-12-07', moves: [] })) });
    const { container } = render(<HazardDetail />);
    await screen.findByText('处理记录');
    const deadline = screen.getByText('2099-12-07');
    expect(getComputedStyle(deadline).whiteSpace).toBe('nowrap');
    // A value that is a date or a time in any detail row, and the rows' text at large.
    const values = [...container.querySelectorAll('.kv-value')] as HTMLElement[];
    for (const v of values) expect(getComputedStyle(v).wordBreak).not.toBe('break-all');
    for (const cls of ['.hz-event-note', '.hz-desc']) for (const el of container.querySelectorAll(cls)) expect(getComputedStyle(el).wordBreak).not.toBe('break-all');
  });

  test('the stylesheets break long words only where they overflow, never a date at its hyphen', () => {
    for (const f of ['app.css', 'packageHazard/hazard.css', 'packageReward/reward.css', 'packageLedger/ledger.css', 'packageDashboard/dashboard.css', 'packagePrivacy/privacy.css']) {
      expect([f, readFileSync(join(__dirname, '../src', f), 'utf8').includes('break-all')]).toEqual([f, false]);
    }
  });
});

test('the move’s form says 提交整改材料 once: its title, and a button that says 提交 (not 提交：提交整改材料)', async () => {
  setRoute({ id: 'h1' });
  signIn(owner);
  stubNetwork({ 'GET /hazards/h1': got(hazard({ state: 'rectifying', stateLabel: '整改中', moves: ['submitEvidence'] })) });
  stubNavigation();
  const { container } = render(<HazardDetail />);
  await screen.findByText('处理记录');
  fireEvent.click(within(container.querySelector('.hz-moves') as HTMLElement).getByText('提交整改材料'));
  await waitFor(() => expect(container.querySelector('.hz-form-actions')).toBeTruthy());
  expect(container.querySelector('.form-title')!.textContent).toBe('提交整改材料');
  expect(container.querySelector('.hz-form-actions .nut-button')!.textContent).toBe('提交');
  expect(container.textContent).not.toContain('提交：提交');
});

test('the owner’s file names the grid, never the area’s path', async () => {
  (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = { id: 'e1' };
  signIn(ledgerOwner);
  stubNetwork({ 'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable: ['contacts'] }), history } } });
  stubNavigation();
  const { container } = render(<LedgerDetail />);
  await screen.findByText('基本信息');
  const row = [...container.querySelectorAll('.kv')].find((r) => r.querySelector('.kv-label')?.textContent === '所属网格') as HTMLElement;
  expect(row.querySelector('.kv-value')!.textContent).toBe('第一网格');
  expect(container.textContent).not.toMatch(/370911\//);
  delete (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams;
});

describe('a way back in H5', () => {
  const pagesDeep = (n: number) => jest.spyOn(Taro, 'getCurrentPages').mockReturnValue(Array.from({ length: n }, () => ({})) as never);

  test('a page opened from another shows ‹ 返回 in its heading, which goes back', async () => {
    pagesDeep(2);
    const back = jest.spyOn(Taro, 'navigateBack').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
    render(<Hero title="月通报" />);
    fireEvent.click(screen.getByText('返回'));
    expect(back).toHaveBeenCalledTimes(1);
  });

  test('not on the first page, and never in WeChat (its navigation bar has one)', () => {
    pagesDeep(1);
    const first = render(<Hero title="网格员" />);
    expect(screen.queryByText('返回')).toBeNull();
    first.unmount();
    pagesDeep(3);
    process.env.TARO_ENV = 'weapp';
    render(<Hero title="月通报" />);
    expect(screen.queryByText('返回')).toBeNull();
  });

  test('a page without a heading (企业台账) has the bar of its own', async () => {
    pagesDeep(2);
    signIn(gridworker);
    stubNetwork({ 'GET /enterprises': { statusCode: 200, data: { enterprises: [] } } });
    stubNavigation();
    const { container } = render(<LedgerList />);
    expect(container.querySelector('.h5-back-bar')?.textContent).toContain('返回');
  });
});

test('随手拍: a field’s error goes as soon as that field is changed; the others stay until theirs are', async () => {
  stubPlace({ longitude: 117.0891234, latitude: 36.1987654 });
  signIn(publicUser);
  stubNetwork({ 'GET /areas/locate': { statusCode: 200, data: LOCATED } });
  stubNavigation();
  const { container } = render(<HazardReport />);
  await screen.findByText('所属网格：东关社区 · 第一网格 · 一号微网格');
  fireEvent.click(screen.getByText('提交'));
  const description = '隐患描述：请至少写5个字，说明在哪里、有什么隐患';
  expect(await screen.findByText(description)).toBeTruthy();
  expect(screen.getByText('请选择隐患类别')).toBeTruthy();
  expect(screen.getByText('请至少拍摄或选择1张照片')).toBeTruthy();

  fire(container.querySelector('[name="description"]'), 'input', '地下车库消防通道堆满纸箱');
  await waitFor(() => expect(screen.queryByText(description)).toBeNull());
  expect(screen.getByText('请选择隐患类别')).toBeTruthy();
  fireEvent.click(screen.getByText('用电安全'));
  await waitFor(() => expect(screen.queryByText('请选择隐患类别')).toBeNull());
  // The photos were not touched: their error stays.
  expect(screen.getByText('请至少拍摄或选择1张照片')).toBeTruthy();
});
