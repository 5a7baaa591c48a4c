import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import HazardQueue from '../src/packageHazard/pages/queue/index';
import MyHazards from '../src/packageHazard/pages/mine/index';
import HazardList from '../src/packageHazard/pages/list/index';
import PublicHome from '../src/packagePublic/pages/home/index';
import EnterpriseHome from '../src/packageEnterprise/pages/home/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import GridworkerHome from '../src/packageGridworker/pages/home/index';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';
import { enforcer, gridworker, owner, publicUser, setRoute, summary, supervisor, worker } from './hazard-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const navigateTo = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const tabs = (container: HTMLElement) => [...container.querySelectorAll('.hz-tab')].map((t) => [t.querySelector('.hz-tab-label')!.textContent, t.querySelector('.hz-tab-count')!.textContent]);
const descriptions = (container: HTMLElement) => [...container.querySelectorAll('.hz-card-desc')].map((d) => d.textContent);

test("the gridworker's queue: one tab per group with its count; the first with work is open; tap → detail", async () => {
  signIn(gridworker);
  stubNetwork({
    'GET /hazards/queue': {
      statusCode: 200,
      data: {
        groups: [
          { kind: 'triage', label: '待核实', hazards: [summary(1), summary(2, { description: '加油站旁吸烟' })] },
          { kind: 'recheck', label: '待复查', hazards: [summary(3, { state: 'rechecking', stateLabel: '待复查', description: '配电箱已加锁' })] },
          { kind: 'overdue', label: '已逾期', hazards: [] },
        ],
      },
    },
  });
  stubNavigation();
  const go = navigateTo();
  const { container } = render(<HazardQueue />);
  await screen.findByText('加油站旁吸烟');
  expect(screen.getByText('今日任务')).toBeTruthy();
  expect(tabs(container)).toEqual([
    ['待核实', '2'],
    ['待复查', '1'],
    ['已逾期', '0'],
  ]);
  expect(screen.getByText(/共 3 条/)).toBeTruthy();
  expect(descriptions(container)).toEqual(['隐患描述1：楼道堆放杂物堵塞消防通道', '加油站旁吸烟']);
  fireEvent.click(screen.getByText('待复查', { selector: '.hz-tab-label' }));
  expect(descriptions(container)).toEqual(['配电箱已加锁']);
  expect(container.querySelector('.hz-card .hz-state')!.textContent).toBe('待复查');
  fireEvent.click(screen.getByText('配电箱已加锁'));
  expect(go).toHaveBeenCalledWith({ url: '/packageHazard/pages/detail/index?id=h3' });
  fireEvent.click(screen.getByText('已逾期', { selector: '.hz-tab-label' }));
  expect(screen.getByText('没有已逾期的隐患')).toBeTruthy();
});

test('an empty queue says so; an error says what went wrong', async () => {
  signIn(owner);
  stubNetwork({ 'GET /hazards/queue': { statusCode: 200, data: { groups: [] } } });
  stubNavigation();
  const empty = render(<HazardQueue />);
  expect(await screen.findByText('暂无待办')).toBeTruthy();
  expect(screen.getByText('隐患整改')).toBeTruthy();
  empty.unmount();
  reset();

  signIn(owner);
  stubNetwork({ 'GET /hazards/queue': { statusCode: 403, data: { error: { code: 'FORBIDDEN', message: '您没有待办隐患的查看权限' } } } });
  stubNavigation();
  render(<HazardQueue />);
  expect(await screen.findByText('您没有待办隐患的查看权限（下拉可重试）')).toBeTruthy();
});

test('my reports: cards with state, category and date; 加载更多 sends the cursor; pull-down reloads the first page', async () => {
  signIn(publicUser);
  let firstPages = 0;
  const sent = stubNetwork({
    'GET /me/hazards': (s) => {
      if (new URL(s.url).searchParams.get('cursor') === 'c1') {
        return { statusCode: 200, data: { hazards: [summary(3, { description: '第三条', state: 'closed', stateLabel: '已销号' })] } };
      }
      firstPages += 1;
      return {
        statusCode: 200,
        data: {
          hazards: [
            summary(1, { thumbnail: 'https://s3.test/t1.jpg', level: '一般', state: 'rectifying', stateLabel: '整改中', deadline: '2026-11-30' }),
            summary(2, { description: '第二条' }),
          ],
          cursor: 'c1',
        },
      };
    },
  });
  stubNavigation();
  const stop = jest.spyOn(Taro, 'stopPullDownRefresh').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = render(<MyHazards />);
  await screen.findByText('第二条');
  const first = container.querySelector('.hz-card') as HTMLElement;
  expect(within(first).getByText('整改中').getAttribute('style')).toContain('background: rgb(22, 119, 255)');
  expect(within(first).getByText('消防安全 · 一般')).toBeTruthy();
  expect(within(first).getByText('一号微网格 · 2026-11-20')).toBeTruthy();
  expect(first.querySelector('.hz-thumb')!.getAttribute('src')).toBe('https://s3.test/t1.jpg');
  fireEvent.click(screen.getByText('加载更多'));
  await screen.findByText('第三条');
  expect(screen.getByText('已全部加载')).toBeTruthy();
  expect(sent.map((s) => s.url)).toEqual(['http://api.test/me/hazards', 'http://api.test/me/hazards?cursor=c1']);

  await act(async () => {
    (Taro as unknown as { __pullDownRefresh: () => void }).__pullDownRefresh();
  });
  await waitFor(() => expect(stop).toHaveBeenCalled());
  expect(firstPages).toBe(2);
  expect(descriptions(container)).toEqual(['隐患描述1：楼道堆放杂物堵塞消防通道', '第二条']);
});

test("the area list: the user's area, a state filter, and cursor paging", async () => {
  signIn(supervisor);
  setRoute({ state: 'rectifying' });
  const sent = stubNetwork({ 'GET /hazards': { statusCode: 200, data: { hazards: [summary(1, { state: 'rectifying', stateLabel: '整改中', overdue: true, deadline: '2026-11-01' })] } } });
  stubNavigation();
  const { container } = render(<HazardList />);
  await screen.findByText('已逾期');
  expect(screen.getByText('示范区（下拉刷新）')).toBeTruthy();
  expect([...container.querySelectorAll('.hz-state-filter .hz-chip-on')].map((c) => c.textContent)).toEqual(['整改中']);
  expect(sent[0]!.url).toBe('http://api.test/hazards?area=370911&state=rectifying&limit=30');
  fireEvent.click(within(container.querySelector('.hz-state-filter') as HTMLElement).getByText('待核实'));
  await waitFor(() => expect(sent).toHaveLength(2));
  expect(sent[1]!.url).toBe('http://api.test/hazards?area=370911&state=reported&limit=30');
  fireEvent.click(within(container.querySelector('.hz-state-filter') as HTMLElement).getByText('全部'));
  await waitFor(() => expect(sent).toHaveLength(3));
  expect(sent[2]!.url).toBe('http://api.test/hazards?area=370911&limit=30');
});

test('home entries: 随手拍 and 我的举报 for the public; 内部报告 for a worker; 隐患整改 for an owner', async () => {
  signIn(publicUser);
  // The homes' counts (GET /me/counts) are not what this test is about: unanswered, they show none.
  stubNetwork({});
  stubNavigation();
  let go = navigateTo();
  const pub = render(<PublicHome />);
  fireEvent.click(screen.getByText('随手拍'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/report/index' });
  fireEvent.click(screen.getByText('我的举报'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/mine/index' });
  expect(screen.getByText('个人信息')).toBeTruthy();
  pub.unmount();
  reset();

  signIn(worker);
  stubNetwork({});
  stubNavigation();
  go = navigateTo();
  const wk = render(<EnterpriseHome />);
  fireEvent.click(screen.getByText('内部报告'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/report/index?mode=internal' });
  expect(screen.getByText('我的举报')).toBeTruthy();
  expect(screen.queryByText('隐患整改')).toBeNull();
  wk.unmount();
  reset();

  signIn(owner);
  stubNetwork({});
  stubNavigation();
  go = navigateTo();
  render(<EnterpriseHome />);
  fireEvent.click(screen.getByText('隐患整改'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/queue/index' });
  expect(screen.getByText('本企业档案')).toBeTruthy();
  expect(screen.queryByText('内部报告')).toBeNull();
});

test('home entries: 隐患台账 and 执法线索 for enforcement; 今日任务, 巡查上报, 网格隐患 for a gridworker', async () => {
  signIn(enforcer);
  stubNetwork({ 'GET /areas': { statusCode: 200, data: { areas: [] } } });
  stubNavigation();
  let go = navigateTo();
  const sup = render(<SupervisorHome />);
  await screen.findByText('没有下级区域');
  fireEvent.click(screen.getByText('隐患台账'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/list/index?area=370911&name=%E7%A4%BA%E8%8C%83%E5%8C%BA' });
  fireEvent.click(screen.getByText('执法线索'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/queue/index' });
  expect(screen.queryByText('待办')).toBeNull();
  sup.unmount();
  reset();

  signIn(gridworker);
  stubNetwork({ 'GET /gridworker/grids': { statusCode: 200, data: { grids: [] } } });
  stubNavigation();
  go = navigateTo();
  render(<GridworkerHome />);
  await screen.findByText('暂无负责的网格');
  fireEvent.click(screen.getByText('今日任务'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/queue/index' });
  fireEvent.click(screen.getByText('巡查上报'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/report/index' });
  fireEvent.click(screen.getByText('网格隐患'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/list/index' });
});
