import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import RewardQueue from '../src/packageReward/pages/queue/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import AdminHome from '../src/packageAdmin/pages/home/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { setRoute } from './hazard-fixtures';
import { row, streetSupervisor, supervisor } from './reward-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const navigate = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const lists = (sent: Sent[]) => sent.filter((s) => s.method === 'GET' && new URL(s.url).pathname === '/rewards').map((s) => Object.fromEntries(new URL(s.url).searchParams));
const chip = (label: string) => screen.getByText(label, { selector: '.rw-chip *, .rw-chip' });

test('待审核 by default: each card with reporter, amount in yuan, description, area and time; tap → detail', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /rewards': {
      statusCode: 200,
      data: { rewards: [row(1), row(2, { reporterName: '钱员工', source: 'worker', level: '重大', proposedFen: 100000, areaName: undefined, area: '370911/c2/g1' })] },
    },
  });
  stubNavigation();
  const go = navigate();
  const { container } = render(<RewardQueue />);
  expect(await screen.findByText('赵公众')).toBeTruthy();
  expect(lists(sent)).toEqual([{ area: '370911', state: 'proposed', limit: '20' }]);
  expect(screen.getByText('示范区 · 待审核（下拉刷新）')).toBeTruthy();
  const [first, second] = [...container.querySelectorAll('.rw-row')] as HTMLElement[];
  expect(within(first!).getByText('50.00 元')).toBeTruthy();
  expect(within(first!).getByText('隐患描述1：楼道堆放杂物堵塞消防通道')).toBeTruthy();
  expect(within(first!).getByText('一号微网格 · 一般隐患 · 举报于 2026-11-20 14:03')).toBeTruthy();
  expect(within(second!).getByText('钱员工')).toBeTruthy();
  expect(within(second!).getByText('1,000.00 元')).toBeTruthy();
  expect(within(second!).getByText('370911/c2/g1 · 重大隐患 · 举报于 2026-11-20 14:03')).toBeTruthy();
  // One area held: no area chips.
  expect(container.querySelector('.rw-areas')).toBeNull();

  fireEvent.click(within(second!).getByText('钱员工'));
  expect(go).toHaveBeenCalledWith({ url: '/packageReward/pages/detail/index?id=r2' });
});

test('a state chip sends that state; 加载更多 sends the cursor with it', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /rewards': (s) => {
      const q = new URL(s.url).searchParams;
      if (q.get('state') !== 'paid') return { statusCode: 200, data: { rewards: [] } };
      return q.get('cursor')
        ? { statusCode: 200, data: { rewards: [row(3, { state: 'paid', amountFen: 8000, reporterName: '孙三' })] } }
        : { statusCode: 200, data: { rewards: [row(2, { state: 'paid', amountFen: 6000 })], cursor: 'next' } };
    },
  });
  stubNavigation();
  render(<RewardQueue />);
  expect(await screen.findByText('没有待审核的奖励')).toBeTruthy();
  // Every state has its chip, in the order they are worked through.
  expect([...document.querySelectorAll('.rw-chip')].map((c) => c.textContent)).toEqual(['待审核', '待复核', '待发放', '发放中', '发放失败', '已发放', '不予奖励', '已驳回', '已冲正']);
  fireEvent.click(chip('已发放'));
  // The amount approved, not the rule's.
  expect(await screen.findByText('60.00 元')).toBeTruthy();
  fireEvent.click(screen.getByText('加载更多'));
  expect(await screen.findByText('孙三')).toBeTruthy();
  expect(lists(sent)).toEqual([
    { area: '370911', state: 'proposed', limit: '20' },
    { area: '370911', state: 'paid', limit: '20' },
    { area: '370911', state: 'paid', cursor: 'next', limit: '20' },
  ]);
  fireEvent.click(chip('待复核'));
  await waitFor(() => expect(lists(sent).at(-1)).toEqual({ area: '370911', state: 'awaiting_second', limit: '20' }));
});

test('?state= opens on that state; a supervisor with two areas sees one at a time and may switch', async () => {
  signIn(streetSupervisor);
  setRoute({ state: 'approved' });
  const sent = stubNetwork({ 'GET /rewards': { statusCode: 200, data: { rewards: [row(1, { state: 'approved', amountFen: 5000 })] } } });
  stubNavigation();
  render(<RewardQueue />);
  await screen.findByText('赵公众');
  expect(screen.getByText('东关街道 · 待发放（下拉刷新）')).toBeTruthy();
  fireEvent.click(screen.getByText('西关街道'));
  await waitFor(() => expect(lists(sent)).toHaveLength(2));
  expect(lists(sent)).toEqual([
    { area: '370911/c1', state: 'approved', limit: '20' },
    { area: '370911/c2', state: 'approved', limit: '20' },
  ]);
  expect(await screen.findByText('西关街道 · 待发放（下拉刷新）')).toBeTruthy();
});

describe('entries', () => {
  test('a district supervisor: 奖励审核, 发放台账 and 奖励规则', async () => {
    signIn(supervisor);
    stubNetwork({ 'GET /areas': { statusCode: 200, data: { areas: [] } } });
    stubNavigation();
    const go = navigate();
    render(<SupervisorHome />);
    fireEvent.click(screen.getByText('奖励审核'));
    expect(go).toHaveBeenLastCalledWith({ url: '/packageReward/pages/queue/index' });
    fireEvent.click(screen.getByText('发放台账'));
    expect(go).toHaveBeenLastCalledWith({ url: '/packageReward/pages/payouts/index' });
    fireEvent.click(screen.getByText('奖励规则'));
    expect(go).toHaveBeenLastCalledWith({ url: '/packageReward/pages/rules/index' });
    await screen.findByText('没有下级区域');
  });

  test('a street supervisor has no 奖励规则; a department none of the reward entries', async () => {
    signIn(streetSupervisor);
    stubNetwork({ 'GET /areas': { statusCode: 200, data: { areas: [] } } });
    stubNavigation();
    const first = render(<SupervisorHome />);
    expect(screen.getByText('奖励审核')).toBeTruthy();
    expect(screen.queryByText('奖励规则')).toBeNull();
    first.unmount();

    signIn({ id: 'u-dep', name: '吴部门', grants: [{ role: 'department', roleLabel: '行业部门', area: '370911', areaName: '示范区' }] });
    render(<SupervisorHome />);
    expect(screen.queryByText('奖励审核')).toBeNull();
    expect(screen.queryByText('发放台账')).toBeNull();
    expect(screen.queryByText('奖励规则')).toBeNull();
    await screen.findByText('没有下级区域');
  });

  test('a district admin → 奖励规则', async () => {
    signIn({ id: 'u-adm', name: '管理员', grants: [{ role: 'admin', roleLabel: '管理员', area: '370911', areaName: '示范区' }] });
    stubNetwork({ 'GET /areas': { statusCode: 200, data: { areas: [] } } });
    stubNavigation();
    const go = navigate();
    render(<AdminHome />);
    fireEvent.click(screen.getByText('奖励规则'));
    expect(go).toHaveBeenCalledWith({ url: '/packageReward/pages/rules/index' });
    await screen.findByText('没有下级区域');
  });
});
