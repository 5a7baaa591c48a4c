import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DEFAULT_ASSESSMENT_WEIGHTS, type ResponseOf } from '@safegrid/shared';
import AssessmentPage from '../src/packageDashboard/pages/assessment/index';
import WeightsPage from '../src/packageDashboard/pages/weights/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, setRoute } from './hazard-fixtures';
import { supervisor } from './reward-fixtures';

// 2026-11-30 16:30 UTC is already 2026-12-01 00:30 in Asia/Shanghai: 本月 is December.
const NOW = new Date('2026-11-30T16:30:00.000Z');
const timers = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'hrtime', 'performance'] as const;
beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: [...timers] }));
afterEach(() => {
  jest.useRealTimers();
  setRoute(undefined);
  reset();
});

type Data = ResponseOf<'listAssessments'>;
const metrics = { months: 1, visits: 9, enterprises: 10, covered: 8, hazardsFound: 3, rechecks: 4, rechecksOnTime: 3, overdue: 1, fileUpdates: 7 };
const data = (levelOfFirst: 1 | 2 | 3 = 2): Data => ({
  area: '370911',
  areaName: '示范区',
  from: '2026-12',
  to: '2026-12',
  weights: DEFAULT_ASSESSMENT_WEIGHTS,
  gridworkers: [
    { userId: 'gw-1', name: '王网格', microgrids: [{ path: '370911/s1/c1/g1/m1', name: '一网格1号微网格' }], level: levelOfFirst, metrics, coverageRate: 0.8, score: 88.5, suggestedLevel: 1 },
    { userId: 'gw-2', name: '赵网格', microgrids: [{ path: '370911/s1/c1/g1/m2', name: '一网格2号微网格' }], level: 3, metrics: { ...metrics, overdue: 0 }, coverageRate: 0.8, score: 52, suggestedLevel: 3 },
  ],
  guaranteeLeaders: [{ userId: 'gl-1', name: '包保张', enterprises: 3, checksDone: 4, checksOwed: 6, shortfall: 2 }],
});
const ok = (body: unknown) => ({ statusCode: 200, data: body });
const paths = (sent: Sent[]) => sent.map((s) => `${s.method ?? 'GET'} ${new URL(s.url).pathname}`);
const queries = (sent: Sent[]) => sent.filter((s) => new URL(s.url).pathname === '/assessments').map((s) => Object.fromEntries(new URL(s.url).searchParams));
const row = (id: string) => document.querySelector(`.as-row-${id}`) as HTMLElement;

describe('网格员考核', () => {
  test('rows by score with their metrics, the current and the suggested level, the guarantee leaders; the period changes the months', async () => {
    signIn(supervisor);
    const sent = stubNetwork({ 'GET /assessments': ok(data()) });
    stubNavigation();
    render(<AssessmentPage />);
    expect(await screen.findByText('王网格')).toBeTruthy();
    expect(queries(sent)[0]).toEqual({ area: '370911', from: '2026-12', to: '2026-12' });
    const first = within(row('gw-1'));
    expect(first.getByText('88.5')).toBeTruthy();
    expect(first.getByText('一网格1号微网格')).toBeTruthy();
    expect(first.getByText('覆盖 8/10')).toBeTruthy();
    expect(first.getByText('80.0%')).toBeTruthy();
    expect(first.getByText('3/4')).toBeTruthy();
    expect(first.getByText('当前：二级')).toBeTruthy();
    expect(first.getByText('建议：一级')).toBeTruthy();
    expect(first.getByText('设为一级')).toBeTruthy();
    // Where the score agrees with the level, nothing to set.
    expect(within(row('gw-2')).queryByText(/^设为/)).toBeNull();
    expect([...document.querySelectorAll('.as-rank')].map((e) => e.textContent)).toEqual(['1', '2']);
    const leader = document.querySelector('.as-leader-gl-1') as HTMLElement;
    expect(within(leader).getByText('4/6')).toBeTruthy();
    expect(within(leader).getByText('2').className).toContain('db-bad');

    fireEvent.click(screen.getByText('本季度'));
    await waitFor(() => expect(queries(sent)).toHaveLength(2));
    expect(queries(sent)[1]).toEqual({ area: '370911', from: '2026-10', to: '2026-12' });
    fireEvent.click(screen.getByText('本年'));
    await waitFor(() => expect(queries(sent)[2]).toEqual({ area: '370911', from: '2026-01', to: '2026-12' }));
  });

  test('设为一级 asks first; confirmed, it sets the level and reloads; declined, nothing is sent', async () => {
    signIn(supervisor);
    let gets = 0;
    const sent = stubNetwork({
      'GET /assessments': () => ok(data(++gets === 1 ? 2 : 1)),
      'PUT /users/gw-1/gridworker-level': ok({ user: { id: 'gw-1', name: '王网格', grants: [], gridworkerLevel: 1 } }),
    });
    const nav = stubNavigation();
    const modal = jest
      .spyOn(Taro, 'showModal')
      .mockImplementationOnce((() => Promise.resolve({ confirm: false, cancel: true, errMsg: 'ok' })) as never)
      .mockImplementationOnce((() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'ok' })) as never);
    render(<AssessmentPage />);
    fireEvent.click(await screen.findByText('设为一级'));
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1));
    expect(modal.mock.calls[0]![0]).toMatchObject({ content: '将王网格由二级调整为一级（一级网格员）？' });
    expect(paths(sent).filter((p) => p.startsWith('PUT'))).toEqual([]);

    fireEvent.click(screen.getByText('设为一级'));
    await waitFor(() => expect(within(row('gw-1')).getByText('当前：一级')).toBeTruthy());
    const put = sent.find((s) => s.method === 'PUT')!;
    expect(put.data).toEqual({ level: 1 });
    expect(paths(sent)).toEqual(['GET /assessments', 'PUT /users/gw-1/gridworker-level', 'GET /assessments']);
    expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已调整' }));
    expect(within(row('gw-1')).queryByText('设为一级')).toBeNull();
  });

  test('a gridworker sees their own row: no level to set, no guarantee leaders', async () => {
    signIn({ id: 'gw-1', name: '王网格', grants: [{ role: 'gridworker', roleLabel: '网格员', area: '370911/s1/c1/g1/m1', areaName: '一网格1号微网格' }] });
    const sent = stubNetwork({ 'GET /assessments': ok({ ...data(), gridworkers: [data().gridworkers[0]!], guaranteeLeaders: [] }) });
    stubNavigation();
    render(<AssessmentPage />);
    expect(await screen.findByText('建议：一级')).toBeTruthy();
    expect(queries(sent)[0]!.area).toBe('370911/s1/c1/g1/m1');
    expect(screen.queryByText('设为一级')).toBeNull();
    expect(screen.queryByText(/包保责任人/)).toBeNull();
  });

  test('the API’s refusal is shown with a retry', async () => {
    signIn(supervisor);
    stubNetwork({ 'GET /assessments': { statusCode: 403, data: { error: { code: 'FORBIDDEN', message: '该区域不在您的管辖范围内' } } } });
    stubNavigation();
    render(<AssessmentPage />);
    expect(await screen.findByText('该区域不在您的管辖范围内')).toBeTruthy();
    expect(screen.getByText('重试')).toBeTruthy();
  });

  test('the supervisor home leads to it', async () => {
    stubNetwork({ 'GET /areas': ok({ areas: [] }) });
    stubNavigation();
    const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
    signIn(supervisor);
    render(<SupervisorHome />);
    fireEvent.click(screen.getByText('网格员考核'));
    expect(go).toHaveBeenLastCalledWith({ url: `/packageDashboard/pages/assessment/index?area=370911&name=${encodeURIComponent('示范区')}` });
    await screen.findByText('没有下级区域');
  });
});

describe('考核权重', () => {
  const loaded = (version: number, weights = DEFAULT_ASSESSMENT_WEIGHTS) => ok({ district: '370911', weights, version });
  const input = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`) as HTMLInputElement;

  test('points that do not add up to 100 are shown and refused on the phone; fixed, they are saved with the version loaded', async () => {
    signIn(supervisor);
    const saved = { ...DEFAULT_ASSESSMENT_WEIGHTS, points: { ...DEFAULT_ASSESSMENT_WEIGHTS.points, visits: 40, updates: 5 } };
    const sent = stubNetwork({ 'GET /assessment-weights': loaded(0), 'PUT /assessment-weights': loaded(1, saved) });
    const nav = stubNavigation();
    const { container } = render(<WeightsPage />);
    expect(await screen.findByText('示范区 · 默认设置（尚未保存）')).toBeTruthy();
    expect(input(container, 'points.visits').value).toBe('30');
    expect(screen.getByText('合计 100 分')).toBeTruthy();
    fire(input(container, 'points.visits'), 'input', '40');
    expect(screen.getByText('合计 110 分，应为100分')).toBeTruthy();
    fireEvent.click(screen.getByText('保存设置'));
    expect(await screen.findByText('各项权重：五项权重合计应为100分，请调整后保存')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'PUT')).toEqual([]);

    fire(input(container, 'points.updates'), 'input', '5');
    expect(screen.getByText('合计 100 分')).toBeTruthy();
    fireEvent.click(screen.getByText('保存设置'));
    expect(await screen.findByText('示范区 · 第 1 版')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'PUT').map((s) => s.data)).toEqual([{ district: '370911', weights: saved, version: 0 }]);
    expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }));
  });

  test('409: someone saved first — the message is shown and the weights reloaded', async () => {
    signIn(supervisor);
    let gets = 0;
    const sent = stubNetwork({
      'GET /assessment-weights': () => (++gets === 1 ? loaded(2) : loaded(3, { ...DEFAULT_ASSESSMENT_WEIGHTS, recheckWithinDays: 5 })),
      'PUT /assessment-weights': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '考核权重已被他人修改，请刷新后重新设置' } } },
    });
    stubNavigation();
    const { container } = render(<WeightsPage />);
    await screen.findByText('示范区 · 第 2 版');
    fireEvent.click(screen.getByText('保存设置'));
    expect(await screen.findByText('考核权重已被他人修改，请刷新后重新设置（已刷新为最新设置，请核对后再保存）')).toBeTruthy();
    expect(await screen.findByText('示范区 · 第 3 版')).toBeTruthy();
    expect(input(container, 'recheckWithinDays').value).toBe('5');
    expect(paths(sent)).toEqual(['GET /assessment-weights', 'PUT /assessment-weights', 'GET /assessment-weights']);
  });

  test('the API’s field errors show at their fields', async () => {
    signIn(supervisor);
    stubNetwork({
      'GET /assessment-weights': loaded(1),
      'PUT /assessment-weights': { statusCode: 400, data: { error: { code: 'VALIDATION_FAILED', message: '请检查', fields: { 'weights.level1From': '一级分数线：应高于二级分数线' } } } },
    });
    stubNavigation();
    render(<WeightsPage />);
    await screen.findByText('示范区 · 第 1 版');
    fireEvent.click(screen.getByText('保存设置'));
    expect(await screen.findByText('一级分数线：应高于二级分数线')).toBeTruthy();
  });
});
