import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DASHBOARD_FLOW, STOCK_COUNTERS, bulletinFigureRows, type Bulletin, type BulletinSummary } from '@safegrid/shared';
import { ROUNDING_BULLETIN } from '../../shared/test/bulletin-fixture';
import Bulletins from '../src/packageDashboard/pages/bulletins/index';
import BulletinPage from '../src/packageDashboard/pages/bulletin/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import Dashboard from '../src/packageDashboard/pages/index/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, gridworker, setRoute, supervisor } from './hazard-fixtures';

// 2026-11-30 16:30 UTC is already 2026-12-01 in Asia/Shanghai: the month to generate defaults to November.
const NOW = new Date('2026-11-30T16:30:00.000Z');
const timers = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'hrtime', 'performance'] as const;
beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: [...timers] }));
afterEach(() => {
  jest.useRealTimers();
  setRoute(undefined);
  reset();
});

const navigate = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const queries = (sent: Sent[], path: string) => sent.filter((s) => new URL(s.url).pathname === path).map((s) => Object.fromEntries(new URL(s.url).searchParams));

const summary = (month: string, state: 'draft' | 'published', over: Partial<BulletinSummary> = {}): BulletinSummary => ({
  id: `${month}.370911`,
  area: '370911',
  areaName: '示范区',
  month,
  state,
  stateLabel: state === 'draft' ? '草稿' : '已发布',
  version: 1,
  generatedAt: `${month}-28T01:00:00.000Z`,
  generatedBy: 'schedule',
  generatedByName: '系统定时生成',
  ...(state === 'published' ? { publishedAt: `${month}-28T02:00:00.000Z`, publishedBy: 'u-sup', publishedByName: '李监管' } : {}),
  overdueTotal: 3,
  refusedCount: 1,
  ...over,
});
const figures = (area: string, areaName: string, flow: Record<string, number> = {}, stock: Record<string, number> = {}) => ({
  area,
  areaName,
  enterprises: { total: 0, byStatus: {}, byClass: {}, byIndustry: {} },
  flow: { ...Object.fromEntries(DASHBOARD_FLOW.map((k) => [k, 0])), ...flow },
  stock: { ...Object.fromEntries(STOCK_COUNTERS.map((k) => [k, 0])), ...stock },
});
const bulletin = (state: 'draft' | 'published'): Bulletin =>
  ({
    ...summary('2026-11', state),
    figures: {
      ...figures('370911', '示范区', { reported: 16, confirmed: 8, closed: 7, checks: 24 }, { overdue: 3, state_enforcing: 1 }),
      rectificationRate: 0.875,
      children: [
        { ...figures('370911/c2', '西关街道', { reported: 4 }, { overdue: 2 }), rectificationRate: 0.5, rank: 2 },
        { ...figures('370911/c1', '东关街道', { reported: 12 }, { overdue: 1 }), rectificationRate: 1, rank: 1 },
      ],
    },
    overdue: [
      {
        hazardId: 'h1',
        enterpriseId: 'e1',
        enterpriseName: '泰安市安达化工有限公司',
        area: '370911/c1/g1/m1',
        areaName: '一号微网格',
        level: '重大',
        deadline: '2026-11-10',
        daysOverdue: 20,
        latestLetter: { kind: 'supervision_letter', kindLabel: '工作督办函', number: '示范区安委办督办〔2026〕3号', issuedAt: '2026-11-15T01:00:00.000Z' },
      },
    ],
    refused: [{ enterpriseId: 'e1', enterpriseName: '泰安市安达化工有限公司', area: '370911/c1/g1/m1', areaName: '一号微网格', hazardIds: ['h1'], happened: ['收到工作督办函（示范区安委办督办〔2026〕3号）后仍逾期未整改，逾期20天'] }],
  }) as Bulletin;

describe('the 月通报 list', () => {
  test('a supervisor sees drafts and published ones, and generates the chosen month', async () => {
    signIn(supervisor);
    const nav = navigate();
    const sent = stubNetwork({
      'GET /bulletins': { statusCode: 200, data: { bulletins: [summary('2026-11', 'draft'), summary('2026-10', 'published')], canGenerate: true } },
      'POST /bulletins': { statusCode: 200, data: { bulletin: bulletin('draft'), canPublish: true } },
    });
    stubNavigation();
    const { container } = render(<Bulletins />);
    expect(await screen.findByText('示范区 2026年11月')).toBeTruthy();
    expect(queries(sent, '/bulletins')).toEqual([{ area: '370911' }]);
    const states = [...container.querySelectorAll('.bl-state')].map((e) => e.textContent);
    expect(states).toEqual(['草稿', '已发布']);
    // The month picker starts at last month (Asia/Shanghai); change it, then 生成.
    expect(within(container.querySelector('.bl-generate') as HTMLElement).getByText('2026年11月')).toBeTruthy();
    fire(container.querySelector('.bl-month taro-picker-core') ?? container.querySelector('.bl-month'), 'change', '2026-10');
    expect(within(container.querySelector('.bl-generate') as HTMLElement).getByText('2026年10月')).toBeTruthy();
    fireEvent.click(screen.getByText('生成'));
    await waitFor(() => expect(nav).toHaveBeenCalledWith({ url: '/packageDashboard/pages/bulletin/index?id=2026-11.370911' }));
    const post = sent.find((s) => s.method === 'POST')!;
    expect(post.data).toEqual({ area: '370911', month: '2026-10' });
  });

  test('a refused generation shows the API’s message', async () => {
    signIn(supervisor);
    stubNetwork({
      'GET /bulletins': { statusCode: 200, data: { bulletins: [], canGenerate: true } },
      'POST /bulletins': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '该月通报已发布，不能再重新生成' } } },
    });
    stubNavigation();
    render(<Bulletins />);
    expect(await screen.findByText('暂无月通报')).toBeTruthy();
    fireEvent.click(screen.getByText('生成'));
    expect(await screen.findByText('该月通报已发布，不能再重新生成')).toBeTruthy();
  });

  test('a gridworker opens the street above their grid, without 生成', async () => {
    signIn(gridworker);
    const sent = stubNetwork({ 'GET /bulletins': { statusCode: 200, data: { bulletins: [summary('2026-11', 'published', { area: '370911/c1', areaName: '东关街道', id: '2026-11.370911.c1' })], canGenerate: false } } });
    const nav = navigate();
    render(<Bulletins />);
    expect(await screen.findByText('东关街道 2026年11月')).toBeTruthy();
    expect(queries(sent, '/bulletins')).toEqual([{ area: '370911/c1' }]);
    expect(screen.queryByText('生成')).toBeNull();
    fireEvent.click(screen.getByText('东关街道 2026年11月'));
    expect(nav).toHaveBeenCalledWith({ url: '/packageDashboard/pages/bulletin/index?id=2026-11.370911.c1' });
  });

  test('the dashboard links to the area’s 月通报', async () => {
    signIn(supervisor);
    stubNetwork({ 'GET /dashboard': { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务暂时不可用' } } } });
    stubNavigation();
    const nav = navigate();
    render(<Dashboard />);
    fireEvent.click(await screen.findByText('月通报 ›'));
    expect(nav).toHaveBeenCalledWith({ url: '/packageDashboard/pages/bulletins/index?area=370911&name=%E7%A4%BA%E8%8C%83%E5%8C%BA' });
  });

  test('the supervisor home leads to 月通报', async () => {
    signIn(supervisor);
    stubNetwork({ 'GET /me': { statusCode: 200, data: { user: supervisor } } });
    stubNavigation();
    const nav = navigate();
    render(<SupervisorHome />);
    fireEvent.click(await screen.findByText('月通报'));
    expect(nav).toHaveBeenCalledWith({ url: '/packageDashboard/pages/bulletins/index?area=370911&name=%E7%A4%BA%E8%8C%83%E5%8C%BA' });
  });
});

describe('a bulletin', () => {
  test('shows its sections; the supervisor publishes after confirming', async () => {
    signIn(supervisor);
    setRoute({ id: '2026-11.370911' });
    const sent = stubNetwork({
      'GET /bulletins/2026-11.370911': { statusCode: 200, data: { bulletin: bulletin('draft'), canPublish: true } },
      'POST /bulletins/2026-11.370911/publish': { statusCode: 200, data: { bulletin: bulletin('published'), canPublish: false } },
    });
    stubNavigation();
    const modal = jest.spyOn(Taro, 'showModal').mockImplementationOnce((() => Promise.resolve({ confirm: false, cancel: true, errMsg: 'ok' })) as never);
    const { container } = render(<BulletinPage />);
    expect(await screen.findByText('示范区安全生产网格化监管月通报（2026年11月）')).toBeTruthy();
    expect(screen.getByText('87.5%')).toBeTruthy();
    expect([...container.querySelectorAll('.bl-rank-row')].map((r) => r.textContent)).toEqual(['1东关街道12100.0%1', '2西关街道450.0%2']);
    expect(within(container.querySelector('.bl-overdue') as HTMLElement).getByText('逾期 20 天')).toBeTruthy();
    expect(within(container.querySelector('.bl-refused') as HTMLElement).getByText(/后仍逾期未整改/)).toBeTruthy();

    fireEvent.click(screen.getByText('发布'));
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1));
    expect(sent.some((s) => s.method === 'POST')).toBe(false);
    modal.mockImplementationOnce((() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'ok' })) as never);
    fireEvent.click(screen.getByText('发布'));
    expect(await screen.findByText(/已发布$/)).toBeTruthy();
    expect(sent.filter((s) => s.method === 'POST')).toHaveLength(1);
    expect(screen.queryByText('发布')).toBeNull();
  });

  test('reads its figures as its PDF does: the same rows, rates rounded half up to one decimal (issue #21)', async () => {
    signIn(gridworker);
    setRoute({ id: '2026-11.370911' });
    stubNetwork({ 'GET /bulletins/2026-11.370911': { statusCode: 200, data: { bulletin: ROUNDING_BULLETIN, canPublish: false } } });
    const { container } = render(<BulletinPage />);
    await screen.findByText('示范区安全生产网格化监管月通报（2026年11月）');
    // functions/test/bulletin-figures.test.ts finds these same strings in the PDF of this bulletin.
    const rows = [...container.querySelectorAll('.bl-figures .kv')].map((r) => [r.querySelector('.kv-label')!.textContent, r.querySelector('.kv-value')!.textContent]);
    expect(rows).toEqual(bulletinFigureRows(ROUNDING_BULLETIN.figures).map(([k, v]) => [k, String(v)]));
    // 13 of 24 closed: 54.2% (the screen floored it to 54.1% while the PDF said 54.2%); 2 of 13: 15.4% (not 15.3%).
    expect(rows).toContainEqual(['整改率', '54.2%']);
    expect([...container.querySelectorAll('.bl-rank-row')].map((r) => r.textContent)).toEqual(['1东关街道16100.0%0', '2西关街道1415.4%3']);
  });

  test('a reader sees no 发布 and opens the PDF and the Excel', async () => {
    signIn(gridworker);
    setRoute({ id: '2026-11.370911' });
    stubNetwork({
      'GET /bulletins/2026-11.370911': { statusCode: 200, data: { bulletin: bulletin('published'), canPublish: false } },
      'GET /bulletins/2026-11.370911/files': { statusCode: 200, data: { pdfUrl: 'https://s3.test/b/v1.pdf', xlsxUrl: 'https://s3.test/b/v1.xlsx' } },
    });
    stubNavigation();
    const open = jest.spyOn(window, 'open').mockImplementation(() => ({}) as Window);
    render(<BulletinPage />);
    expect(await screen.findByText('下载PDF')).toBeTruthy();
    expect(screen.queryByText('发布')).toBeNull();
    fireEvent.click(screen.getByText('下载PDF'));
    await waitFor(() => expect(open).toHaveBeenCalledWith('https://s3.test/b/v1.pdf', '_blank'));
    fireEvent.click(screen.getByText('下载Excel'));
    await waitFor(() => expect(open).toHaveBeenCalledWith('https://s3.test/b/v1.xlsx', '_blank'));
  });
});
