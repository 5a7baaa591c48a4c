import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import RewardPayouts from '../src/packageReward/pages/payouts/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, setRoute } from './hazard-fixtures';
import { thisMonth } from '../src/lib/time';
import { streetSupervisor, supervisor } from './reward-fixtures';

// 2026-11-23 10:00 in Asia/Shanghai.
const NOW = new Date('2026-11-23T02:00:00.000Z');
const timers = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'hrtime', 'performance'] as const;
beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: [...timers] }));
afterEach(() => {
  jest.useRealTimers();
  setRoute(undefined);
  reset();
});

const lists = (sent: Sent[]) => sent.filter((s) => s.method === 'GET' && new URL(s.url).pathname === '/payouts').map((s) => Object.fromEntries(new URL(s.url).searchParams));
const picker = (container: HTMLElement, name: 'from' | 'to') => container.querySelector(`.rw-month-${name} taro-picker-core`) ?? container.querySelector(`.rw-month-${name}`);

const payouts = {
  payouts: [
    {
      rewardId: 'r1',
      kind: 'payout' as const,
      at: '2026-11-20T06:03:00.000Z',
      area: '370911/c1/g1/m1',
      areaName: '一号微网格',
      reporterName: '赵公众',
      amountFen: 150050,
      channel: 'bank' as const,
      voucherNo: 'BK20261120001',
      byName: '李监管',
    },
    {
      rewardId: 'r2',
      kind: 'payout' as const,
      at: '2026-11-21T02:00:00.000Z',
      area: '370911/c1/g2',
      reporterName: '钱员工',
      amountFen: 5000,
      channel: 'cash' as const,
      voucherNo: 'SJ-0001',
      byName: '李监管',
    },
    {
      rewardId: 'r2',
      kind: 'reversal' as const,
      at: '2026-11-22T02:00:00.000Z',
      area: '370911/c1/g2',
      reporterName: '钱员工',
      amountFen: -5000,
      channel: 'cash' as const,
      voucherNo: 'SJ-0001',
      byName: '王监管',
    },
  ],
  totalFen: 150050,
};

test('this month by default: payouts and reversals (below zero, in red), the total in yuan; tap → the reward', async () => {
  signIn(supervisor);
  const sent = stubNetwork({ 'GET /payouts': { statusCode: 200, data: payouts } });
  stubNavigation();
  const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = render(<RewardPayouts />);
  expect(await screen.findByText('赵公众')).toBeTruthy();
  expect(lists(sent)).toEqual([{ from: '2026-11', to: '2026-11' }]);
  expect(screen.getByText('示范区 · 2026-11')).toBeTruthy();
  expect(container.querySelector('.rw-total-fen')!.textContent).toBe('1,500.50 元');
  expect(screen.getByText('发放 2 笔，冲正 1 笔')).toBeTruthy();

  const rows = [...container.querySelectorAll('.rw-payout')] as HTMLElement[];
  expect(rows.map((r) => r.querySelector('.rw-amount')!.textContent)).toEqual(['1,500.50 元', '50.00 元', '-50.00 元']);
  expect(rows.map((r) => r.querySelector('.rw-amount')!.classList.contains('rw-neg'))).toEqual([false, false, true]);
  expect(within(rows[0]!).getByText('2026-11-20 14:03 · 银行转账 · 凭证 BK20261120001')).toBeTruthy();
  expect(within(rows[0]!).getByText('一号微网格 · 经办 李监管')).toBeTruthy();
  expect(within(rows[2]!).getByText('钱员工（冲正）')).toBeTruthy();
  expect(within(rows[2]!).getByText('370911/c1/g2 · 经办 王监管')).toBeTruthy();

  fireEvent.click(within(rows[0]!).getByText('赵公众'));
  expect(go).toHaveBeenCalledWith({ url: '/packageReward/pages/detail/index?id=r1' });
});

test('a month range and an area are sent as chosen; a range that ends before it starts is not', async () => {
  signIn(streetSupervisor);
  const sent = stubNetwork({ 'GET /payouts': { statusCode: 200, data: { payouts: [], totalFen: 0 } } });
  stubNavigation();
  const { container } = render(<RewardPayouts />);
  expect(await screen.findByText('该期间没有发放记录')).toBeTruthy();
  fire(picker(container, 'from'), 'change', '2026-09');
  await waitFor(() => expect(lists(sent)).toHaveLength(2));
  fireEvent.click(screen.getByText('东关街道'));
  await waitFor(() => expect(lists(sent)).toHaveLength(3));
  expect(lists(sent)).toEqual([
    { from: '2026-11', to: '2026-11' },
    { from: '2026-09', to: '2026-11' },
    { area: '370911/c1', from: '2026-09', to: '2026-11' },
  ]);
  expect(await screen.findByText('东关街道 · 2026-09 至 2026-11')).toBeTruthy();

  fire(picker(container, 'to'), 'change', '2026-08');
  expect(await screen.findByText('起始月份不能晚于截止月份')).toBeTruthy();
  expect(lists(sent)).toHaveLength(3);
});

test('导出Excel sends the same range and area and opens the file', async () => {
  signIn(supervisor);
  setRoute({ area: '370911/c1' });
  const sent = stubNetwork({
    'GET /payouts': { statusCode: 200, data: payouts },
    'POST /payouts/export': { statusCode: 200, data: { url: 'https://s3.test/exports/payouts.xlsx?sig=1', rows: 3 } },
  });
  const nav = stubNavigation();
  const open = jest.fn(() => ({}) as Window);
  jest.spyOn(window, 'open').mockImplementation(open as never);
  render(<RewardPayouts />);
  await screen.findByText('赵公众');
  fireEvent.click(screen.getByText('导出Excel'));
  await waitFor(() => expect(open).toHaveBeenCalledWith('https://s3.test/exports/payouts.xlsx?sig=1', '_blank'));
  expect(sent.filter((s) => s.method === 'POST').map((s) => s.data)).toEqual([{ area: '370911/c1', from: '2026-11', to: '2026-11' }]);
  expect(lists(sent)).toEqual([{ area: '370911/c1', from: '2026-11', to: '2026-11' }]);
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已导出 3 条' }));
});

test('nothing to export', async () => {
  signIn(supervisor);
  stubNetwork({
    'GET /payouts': { statusCode: 200, data: { payouts: [], totalFen: 0 } },
    'POST /payouts/export': { statusCode: 200, data: { url: 'https://s3.test/x.xlsx', rows: 0 } },
  });
  const nav = stubNavigation();
  const open = jest.spyOn(window, 'open').mockImplementation((() => ({})) as never);
  render(<RewardPayouts />);
  await screen.findByText('该期间没有发放记录');
  fireEvent.click(screen.getByText('导出Excel'));
  await waitFor(() => expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有发放记录' })));
  expect(open).not.toHaveBeenCalled();
});

test('this month is Shanghai’s: 16:00 UTC on the last day of November is already December', () => {
  expect(thisMonth(new Date('2026-11-30T15:59:00.000Z'))).toBe('2026-11');
  expect(thisMonth(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12');
});
