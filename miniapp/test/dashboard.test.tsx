import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DASHBOARD_FLOW, STOCK_COUNTERS, type ResponseOf } from '@safegrid/shared';
import Dashboard from '../src/packageDashboard/pages/index/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import AdminHome from '../src/packageAdmin/pages/home/index';
import GridworkerHome from '../src/packageGridworker/pages/home/index';
import { formatPercent } from '@safegrid/shared';
import { barWidth, periodRange, rangeError, trendChart } from '../src/packageDashboard/lib';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, setRoute } from './hazard-fixtures';
import { streetSupervisor, supervisor } from './reward-fixtures';

// 2026-11-30 16:30 UTC is already 2026-12-01 00:30 in Asia/Shanghai: 本月 is December.
const NOW = new Date('2026-11-30T16:30:00.000Z');
const timers = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'hrtime', 'performance'] as const;
beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: [...timers] }));
afterEach(() => {
  jest.useRealTimers();
  setRoute(undefined);
  reset();
});

type Data = ResponseOf<'dashboard'>;
type Area = Data['areas'][number];
type Child = Area['children'][number];

const navigate = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const queries = (sent: Sent[]) => sent.filter((s) => new URL(s.url).pathname === '/dashboard').map((s) => Object.fromEntries(new URL(s.url).searchParams));
const picker = (container: HTMLElement, name: 'from' | 'to') => container.querySelector(`.db-month-${name} taro-picker-core`) ?? container.querySelector(`.db-month-${name}`);
const text = (root: ParentNode, selector: string) => root.querySelector(selector)?.textContent;

function figures(area: string, areaName: string, flow: Partial<Area['flow']> = {}, stock: Partial<Area['stock']> = {}, rectificationRate?: number, enterprises: Area['enterprises'] = { total: 0, byStatus: {}, byClass: {}, byIndustry: {} }) {
  return {
    area,
    areaName,
    enterprises,
    flow: { ...(Object.fromEntries(DASHBOARD_FLOW.map((k) => [k, 0])) as Area['flow']), ...flow },
    stock: { ...(Object.fromEntries(STOCK_COUNTERS.map((k) => [k, 0])) as Area['stock']), ...stock },
    ...(rectificationRate === undefined ? {} : { rectificationRate }),
  };
}
const child = (rank: number, code: string, name: string, flow: Partial<Area['flow']>, overdue: number, rate?: number): Child => ({
  ...figures(`370911/${code}`, name, flow, { overdue }, rate),
  rank,
});

// Sent out of order: the page shows them by rank.
const children: Child[] = [
  child(2, 'c2', '西关街道', { reported: 4, checks: 9 }, 1, 0.75),
  child(4, 'c4', '新区街道', { reported: 0, checks: 0 }, 0),
  child(1, 'c1', '东关街道', { reported: 10, checks: 12 }, 0, 1),
  child(3, 'c3', '北集坡街道', { reported: 2, checks: 3 }, 2, 0.5),
];
const district: Area = {
  ...figures(
    '370911',
    '示范区',
    {
      reported: 16,
      reported_public: 5,
      reported_worker: 1,
      reported_gridworker: 6,
      reported_supervisor: 1,
      reported_site_check: 2,
      reported_self_check: 1,
      confirmed: 8,
      confirmed_general: 7,
      confirmed_major: 1,
      closed: 7,
      on_spot: 2,
      checks: 24,
      check_failed_items: 11,
      commitments_signed: 13,
      rewards_paid: 4,
      reward_fen_paid: 123450,
      risk_letters: 3,
      supervision_letters: 2,
      enforcement_clues: 1,
      enforced: 1,
    },
    { state_reported: 2, state_rectifying: 5, state_closed: 30, overdue: 3 },
    0.875,
    { total: 3000, byStatus: { 在营: 2950, 停业: 50 }, byClass: { A: 150, B: 600, C: 1350, D: 900 }, byIndustry: { 工贸: 1200, 餐饮: 600, 商贸: 300 } },
  ),
  trend: [{ month: '2026-12', reported: 16, confirmed: 8, closed: 7, checks: 24 }],
  children,
};
const reply = (areas: Area[] = [district]) => ({ statusCode: 200, data: { from: '2026-12', to: '2026-12', areas } });

test('本月 in Asia/Shanghai for the supervisor’s area: the headline figures, the stock by state, the children by rank with bars', async () => {
  signIn(supervisor);
  const sent = stubNetwork({ 'GET /dashboard': reply() });
  stubNavigation();
  const { container } = render(<Dashboard />);
  expect(await screen.findByText('87.5%')).toBeTruthy();
  expect(queries(sent)).toEqual([{ area: '370911', from: '2026-12', to: '2026-12' }]);
  expect(screen.getByText('示范区 · 2026-12')).toBeTruthy();
  expect(sent[0]!.header?.Authorization).toBe('Bearer token-1');

  const value = (name: string) => text(container, `.db-stat-${name} .db-stat-value`);
  expect([value('reported'), value('confirmed'), value('closed'), value('overdue'), value('rate'), value('on_spot')]).toEqual(['16', '8', '7', '3', '87.5%', '2']);
  expect(container.querySelector('.db-stat-overdue .db-stat-value')!.classList.contains('db-bad')).toBe(true);
  expect([value('general'), value('major')]).toEqual(['7', '1']);
  expect(within(container.querySelector('.db-stat-source-public') as HTMLElement).getByText('群众随手拍')).toBeTruthy();
  expect(['public', 'worker', 'gridworker', 'supervisor', 'site_check', 'self_check'].map((s) => value(`source-${s}`))).toEqual(['5', '1', '6', '1', '2', '1']);
  expect([value('checks'), value('check_failed_items'), value('commitments')]).toEqual(['24', '11', '13']);
  expect([value('risk_letters'), value('supervision_letters'), value('enforcement_clues'), value('enforced')]).toEqual(['3', '2', '1', '1']);
  // The businesses now: only the statuses, classes and industries present.
  expect([value('enterprises'), value('status-在营'), value('status-停业'), value('class-A'), value('class-D')]).toEqual(['3000', '2950', '50', '150', '900']);
  expect(container.querySelector('.db-stat-status-注销')).toBeNull();
  expect(text(container, '.db-stat-class-B .db-stat-label')).toBe('B类风险');
  expect(value('rewards_paid')).toBe('4');
  expect(value('reward_fen_paid')).toBe('1,234.50 元');
  expect(container.querySelector('.db-stat-rewards_reversed')).toBeNull();
  expect([value('state-reported'), value('state-rectifying'), value('state-closed'), value('state-enforcing')]).toEqual(['2', '5', '30', '0']);
  expect(text(container, '.db-stat-state-rectifying .db-stat-label')).toBe('整改中 ›');

  // 月度趋势, drawn by uCharts on the canvas: the month, the legend and the bars' values.
  const drawn = () => (container.querySelector('canvas#db-trend-0') as unknown as { __ink: { calls: unknown[][] } }).__ink.calls.filter((c) => c[0] === 'fillText').map((c) => String(c[1]));
  await waitFor(() => expect(drawn()).toEqual(expect.arrayContaining(['26年12月', '上报', '确认', '整改完成', '检查', '16', '24'])));

  const rows = [...container.querySelectorAll('.db-child')] as HTMLElement[];
  expect(
    rows.map((r) => [r.querySelector('.db-rank')!.textContent, text(r, '.db-child-name'), text(r, '.db-child-reported'), text(r, '.db-child-rate'), text(r, '.db-child-overdue'), text(r, '.db-child-checks')]),
  ).toEqual([
    ['1', '东关街道', '10', '100.0%', '0', '12'],
    ['2', '西关街道', '4', '75.0%', '1', '9'],
    ['3', '北集坡街道', '2', '50.0%', '2', '3'],
    ['4', '新区街道', '0', '—', '0', '0'],
  ]);
  // The first three are highlighted, the fourth is not.
  expect(rows.map((r) => r.classList.contains('db-top'))).toEqual([true, true, true, false]);
  expect(rows[0]!.classList.contains('db-top-1')).toBe(true);
  expect(screen.getByText('下级区域排名（4）')).toBeTruthy();

  const bars = (name: string) =>
    [...container.querySelectorAll(`.db-bars-${name} .db-bar-row`)].map((r) => [text(r, '.db-bar-label'), (r.querySelector('.db-bar-fill') as HTMLElement).style.width, text(r, '.db-bar-value')]);
  expect(bars('rate')).toEqual([
    ['东关街道', '100%', '100.0%'],
    ['西关街道', '75%', '75.0%'],
    ['北集坡街道', '50%', '50.0%'],
    ['新区街道', '0%', '—'],
  ]);
  expect(bars('industry')).toEqual([
    ['工贸', '100%', '1200'],
    ['餐饮', '50%', '600'],
    ['商贸', '25%', '300'],
  ]);
  // 上报: the most first, each as a share of the most.
  expect(bars('reported')).toEqual([
    ['东关街道', '100%', '10'],
    ['西关街道', '40%', '4'],
    ['北集坡街道', '20%', '2'],
    ['新区街道', '0%', '0'],
  ]);
});

test('a child drills down to its own dashboard; the links lead to the hazard records (by area, and by state)', async () => {
  signIn(supervisor);
  stubNetwork({ 'GET /dashboard': reply() });
  stubNavigation();
  const go = navigate();
  const { container } = render(<Dashboard />);
  await screen.findByText('87.5%');

  fireEvent.click(screen.getByText('西关街道', { selector: '.db-child-name' }));
  expect(go).toHaveBeenLastCalledWith({ url: `/packageDashboard/pages/index/index?area=${encodeURIComponent('370911/c2')}&name=${encodeURIComponent('西关街道')}` });

  // 月度趋势, drawn by uCharts on the canvas: the month, the legend and the bars' values.
  const drawn = () => (container.querySelector('canvas#db-trend-0') as unknown as { __ink: { calls: unknown[][] } }).__ink.calls.filter((c) => c[0] === 'fillText').map((c) => String(c[1]));
  await waitFor(() => expect(drawn()).toEqual(expect.arrayContaining(['26年12月', '上报', '确认', '整改完成', '检查', '16', '24'])));

  const rows = [...container.querySelectorAll('.db-child')] as HTMLElement[];
  fireEvent.click(within(rows[2]!).getByText('台账'));
  // Only the records, not the drill-down as well.
  expect(go).toHaveBeenCalledTimes(2);
  expect(go).toHaveBeenLastCalledWith({ url: `/packageHazard/pages/list/index?area=${encodeURIComponent('370911/c3')}&name=${encodeURIComponent('北集坡街道')}` });

  fireEvent.click(screen.getByText('隐患台账 ›'));
  expect(go).toHaveBeenLastCalledWith({ url: `/packageHazard/pages/list/index?area=370911&name=${encodeURIComponent('示范区')}` });
  fireEvent.click(screen.getByText('整改中 ›'));
  expect(go).toHaveBeenLastCalledWith({ url: `/packageHazard/pages/list/index?area=370911&name=${encodeURIComponent('示范区')}&state=rectifying` });
});

test('the area of the page’s query, with its name; 本季度 and 本年 send their first month; a custom range sends its months', async () => {
  signIn(supervisor);
  setRoute({ area: encodeURIComponent('370911/c1'), name: encodeURIComponent('东关街道') });
  const sent = stubNetwork({ 'GET /dashboard': () => ({ statusCode: 200, data: { ...reply().data, areas: [{ ...figures('370911/c1', '东关街道'), trend: [], children: [] }] } }) });
  stubNavigation();
  const { container } = render(<Dashboard />);
  expect(await screen.findByText('没有下级区域')).toBeTruthy();
  expect(screen.getByText('东关街道 · 2026-12')).toBeTruthy();
  expect(screen.getByText('该期间没有上报隐患，也没有检查记录')).toBeTruthy();
  // Nothing confirmed: no rate.
  expect(text(container, '.db-stat-rate .db-stat-value')).toBe('—');

  fireEvent.click(screen.getByText('本年'));
  await waitFor(() => expect(queries(sent)).toHaveLength(2));
  fireEvent.click(screen.getByText('本季度'));
  await waitFor(() => expect(queries(sent)).toHaveLength(3));
  expect(await screen.findByText('东关街道 · 2026-10 至 2026-12')).toBeTruthy();

  // 自定义 starts from what was shown; each month picked is sent.
  fireEvent.click(screen.getByText('自定义'));
  expect(text(container, '.db-month-from .db-month-value')).toBe('2026-10');
  fire(picker(container, 'from'), 'change', '2026-03');
  await waitFor(() => expect(queries(sent)).toHaveLength(4));
  expect(queries(sent)).toEqual([
    { area: '370911/c1', from: '2026-12', to: '2026-12' },
    { area: '370911/c1', from: '2026-01', to: '2026-12' },
    { area: '370911/c1', from: '2026-10', to: '2026-12' },
    { area: '370911/c1', from: '2026-03', to: '2026-12' },
  ]);

  // A range that ends before it starts, or longer than three years, is not sent.
  fire(picker(container, 'to'), 'change', '2026-02');
  expect(await screen.findByText('起始月份不能晚于截止月份')).toBeTruthy();
  fire(picker(container, 'to'), 'change', '2029-12');
  expect(await screen.findByText('一次最多统计36个月')).toBeTruthy();
  expect(queries(sent)).toHaveLength(4);
  // The figures shown were of another range: they are taken away.
  expect(container.querySelector('.db-figures')).toBeNull();
}, 30_000);

test('a street supervisor with two streets picks one', async () => {
  signIn(streetSupervisor);
  const sent = stubNetwork({ 'GET /dashboard': reply() });
  stubNavigation();
  render(<Dashboard />);
  await screen.findByText('87.5%');
  fireEvent.click(screen.getByText('西关街道', { selector: '.choice *' }));
  await waitFor(() => expect(queries(sent)).toHaveLength(2));
  expect(queries(sent).map((q) => q.area)).toEqual(['370911/c1', '370911/c2']);
});

test('a 403 shows the API’s message; 重试 asks again', async () => {
  signIn(supervisor);
  let calls = 0;
  const sent = stubNetwork({
    'GET /dashboard': () => (++calls === 1 ? { statusCode: 403, data: { error: { code: 'FORBIDDEN', message: '无权查看该区域的统计' } } } : reply()),
  });
  stubNavigation();
  render(<Dashboard />);
  expect(await screen.findByText('无权查看该区域的统计')).toBeTruthy();
  expect(screen.getByText('加载失败')).toBeTruthy();
  expect(screen.queryByText('加载中…')).toBeNull();
  fireEvent.click(screen.getByText('重试'));
  expect(await screen.findByText('87.5%')).toBeTruthy();
  expect(screen.queryByText('无权查看该区域的统计')).toBeNull();
  expect(queries(sent)).toHaveLength(2);
});

test('loading, then nothing to show', async () => {
  signIn(supervisor);
  stubNetwork({ 'GET /dashboard': reply([]) });
  stubNavigation();
  render(<Dashboard />);
  expect(screen.getByText('加载中…')).toBeTruthy();
  expect(await screen.findByText('暂无数据')).toBeTruthy();
});

test('periods and figures: Shanghai months, rates rounded down, bars as a share of the largest', () => {
  // The trend chart: bars up to six months, lines beyond; the year named at the start and in January.
  const month = (m: string, reported = 0) => ({ month: m, reported, confirmed: 0, closed: 0, checks: 0 });
  const quarter = trendChart([month('2026-11', 3), month('2026-12'), month('2027-01', 5)]);
  expect(quarter).toMatchObject({ type: 'column', categories: ['26年11月', '12月', '27年1月'] });
  expect(quarter.series.map((s) => [s.name, s.data])).toEqual([
    ['上报', [3, 0, 5]],
    ['确认', [0, 0, 0]],
    ['整改完成', [0, 0, 0]],
    ['检查', [0, 0, 0]],
  ]);
  expect(trendChart(['01', '02', '03', '04', '05', '06', '07'].map((m) => month(`2026-${m}`))).type).toBe('line');
  expect(periodRange('month', NOW)).toEqual({ from: '2026-12', to: '2026-12' });
  expect(periodRange('quarter', NOW)).toEqual({ from: '2026-10', to: '2026-12' });
  expect(periodRange('year', NOW)).toEqual({ from: '2026-01', to: '2026-12' });
  const may = new Date('2026-05-10T04:00:00.000Z');
  expect(periodRange('quarter', may)).toEqual({ from: '2026-04', to: '2026-05' });
  expect(periodRange('month', new Date('2026-11-30T15:59:00.000Z'))).toEqual({ from: '2026-11', to: '2026-11' });
  expect(rangeError('2026-01', '2026-12')).toBe('');
  expect(rangeError('2024-01', '2026-12')).toBe('');
  expect(rangeError('2023-12', '2026-12')).toBe('一次最多统计36个月');
  // The one shared rounding (shared/test/percent.test.ts): one decimal, half up.
  expect(formatPercent(0.875)).toBe('87.5%');
  expect(formatPercent(0.29)).toBe('29.0%');
  expect(formatPercent(0.9999)).toBe('99.9%');
  expect(formatPercent(1)).toBe('100.0%');
  expect(formatPercent(0)).toBe('0.0%');
  expect(formatPercent(undefined)).toBe('—');
  expect(barWidth(3, 9)).toBe('33.3%');
  expect(barWidth(0, 0)).toBe('0%');
});

describe('the 数据看板 entries on the homes', () => {
  test('supervisors, departments and enforcement, of their first area; not guarantee leaders (the API’s readers)', async () => {
    stubNetwork({ 'GET /areas': { statusCode: 200, data: { areas: [] } } });
    stubNavigation();
    const go = navigate();
    for (const role of ['supervisor', 'department', 'enforcement'] as const) {
      signIn({ id: `u-${role}`, name: '某人', grants: [{ role, roleLabel: role, area: '370911', areaName: '示范区' }] });
      const home = render(<SupervisorHome />);
      fireEvent.click(screen.getByText('数据看板'));
      expect(go).toHaveBeenLastCalledWith({ url: `/packageDashboard/pages/index/index?area=370911&name=${encodeURIComponent('示范区')}` });
      await screen.findByText('没有下级区域');
      home.unmount();
    }
    for (const role of ['guarantee_leader'] as const) {
      signIn({ id: `u-${role}`, name: '某人', grants: [{ role, roleLabel: role, area: '370911', areaName: '示范区' }] });
      const home = render(<SupervisorHome />);
      expect(screen.queryByText('数据看板')).toBeNull();
      await screen.findByText('没有下级区域');
      home.unmount();
    }
  });

  test('an admin, of their area; a gridworker, of their grids', async () => {
    stubNetwork({ 'GET /areas': { statusCode: 200, data: { areas: [] } }, 'GET /gridworker/grids': { statusCode: 200, data: { level: 1, grids: [] } } });
    stubNavigation();
    const go = navigate();
    signIn({ id: 'u-adm', name: '管理员', grants: [{ role: 'admin', roleLabel: '管理员', area: '370911', areaName: '示范区' }] });
    const admin = render(<AdminHome />);
    fireEvent.click(screen.getByText('数据看板'));
    expect(go).toHaveBeenLastCalledWith({ url: `/packageDashboard/pages/index/index?area=370911&name=${encodeURIComponent('示范区')}` });
    await screen.findByText('没有下级区域');
    admin.unmount();

    signIn({ id: 'u-gw', name: '王网格', grants: [{ role: 'gridworker', roleLabel: '网格员', area: '370911/c1/g1', areaName: '第一网格' }] });
    render(<GridworkerHome />);
    fireEvent.click(screen.getByText('数据看板'));
    expect(go).toHaveBeenLastCalledWith({ url: '/packageDashboard/pages/index/index' });
    await screen.findByText('暂无负责的网格');
  });
});
