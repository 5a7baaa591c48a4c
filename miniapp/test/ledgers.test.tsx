/**
 * The ledgers' screens (#9): 导出Excel on the hazard list and the reward queue, and the check and
 * commitment ledgers — their filters, their rows opening the record, their export. Only the
 * network (Taro.request), navigation and the document viewer are stubbed.
 */
import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { CheckLedgerRow, CommitmentLedgerRow } from '@safegrid/shared';
import HazardList from '../src/packageHazard/pages/list/index';
import RewardQueue from '../src/packageReward/pages/queue/index';
import CheckLedger from '../src/packageGridworker/pages/checks/index';
import CommitmentLedger from '../src/packageCommitment/pages/ledger/index';
import CheckCoverage from '../src/packageGridworker/pages/coverage/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, gridworker, setRoute, summary, supervisor } from './hazard-fixtures';
import { row, streetSupervisor } from './reward-fixtures';

const FILE = 'https://s3.test/exports/u-sup/01.xlsx?X-Amz-Signature=abc';
const navigate = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const posts = (sent: Sent[], path: string) => sent.filter((s) => s.method === 'POST' && new URL(s.url).pathname === path).map((s) => s.data);
const gets = (sent: Sent[], path: string) => sent.filter((s) => s.method === 'GET' && new URL(s.url).pathname === path).map((s) => Object.fromEntries(new URL(s.url).searchParams));
const thisMonth = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
const thisYear = Number(thisMonth.slice(0, 4));

afterEach(() => {
  setRoute(undefined);
  process.env.TARO_ENV = 'h5';
  reset();
});

function check(i: number, over: Partial<CheckLedgerRow> = {}): CheckLedgerRow {
  return {
    id: `01CHECK${String(i).padStart(19, '0')}`,
    enterpriseId: `e${i}`,
    enterpriseName: `企业${i}号`,
    area: '370911/c1/g1/m1',
    areaName: '一号微网格',
    kind: 'daily',
    kindLabel: '日常巡查',
    templateName: '燃气使用场所检查表',
    inspectorName: '王网格',
    failedCount: 0,
    submittedAt: '2026-11-20T06:03:00.000Z',
    ...over,
  };
}

function signed(i: number, over: Partial<CommitmentLedgerRow> = {}): CommitmentLedgerRow {
  return {
    enterpriseId: `e${i}`,
    enterpriseName: `企业${i}号`,
    industry: '工贸',
    area: '370911/c1/g1/m1',
    areaName: '一号微网格',
    key: `${thisYear}-01TPL0000000000000000000000-v1`,
    year: thisYear,
    title: '工贸企业安全生产告知承诺书',
    colour: '蓝',
    templateVersion: 1,
    signerName: '赵老板',
    signedAt: '2026-11-20T06:03:00.000Z',
    hazardCount: 0,
    hash: 'a'.repeat(64),
    ...over,
  };
}

test('hazard list: 导出Excel sends the list’s own filters and opens the workbook', async () => {
  signIn(supervisor);
  setRoute({ area: '370911/c1', name: '东关街道' });
  const sent = stubNetwork({
    'GET /hazards': { statusCode: 200, data: { hazards: [summary(1)] } },
    'POST /hazards/export': { statusCode: 200, data: { url: FILE, rows: 12 } },
  });
  const nav = stubNavigation();
  const open = jest.spyOn(window, 'open').mockReturnValue({} as Window);
  render(<HazardList />);
  await waitFor(() => expect(gets(sent, '/hazards')).toHaveLength(1));
  fireEvent.click(screen.getByText('整改中'));
  await waitFor(() => expect(gets(sent, '/hazards')).toHaveLength(2));
  fireEvent.click(screen.getByText('导出Excel'));
  await waitFor(() => expect(open).toHaveBeenCalledWith(FILE, '_blank'));
  expect(posts(sent, '/hazards/export')).toEqual([{ area: '370911/c1', state: 'rectifying' }]);
  expect(gets(sent, '/hazards')[1]).toEqual({ area: '370911/c1', state: 'rectifying', limit: '30' });
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已导出 12 条' }));
});

test('hazard list in weapp: the workbook is downloaded and opened in WeChat’s viewer; a refusal is told and nothing opens', async () => {
  process.env.TARO_ENV = 'weapp';
  signIn(gridworker);
  let refuse = false;
  stubNetwork({
    'GET /hazards': { statusCode: 200, data: { hazards: [summary(1)] } },
    'POST /hazards/export': () =>
      refuse ? { statusCode: 403, data: { error: { code: 'FORBIDDEN', message: '该区域不在您的管辖范围内' } } } : { statusCode: 200, data: { url: FILE, rows: 3 } },
  });
  const nav = stubNavigation();
  const modal = jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true })) as never);
  const download = jest.spyOn(Taro, 'downloadFile').mockImplementation((() => Promise.resolve({ statusCode: 200, tempFilePath: 'wxfile://tmp/h.xlsx', errMsg: 'ok' })) as never);
  const openDocument = jest.spyOn(Taro, 'openDocument').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  render(<HazardList />);
  fireEvent.click(await screen.findByText('导出Excel'));
  await waitFor(() => expect(openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/h.xlsx', fileType: 'xlsx', showMenu: true }));
  expect(download).toHaveBeenCalledWith({ url: FILE });
  refuse = true;
  fireEvent.click(screen.getByText('导出Excel'));
  await waitFor(() => expect(nav.showToast.mock.calls.length + modal.mock.calls.length).toBeGreaterThanOrEqual(2));
  const told = [...nav.showToast.mock.calls, ...modal.mock.calls].map((c) => JSON.stringify(c[0]));
  expect(told.some((t) => t.includes('该区域不在您的管辖范围内'))).toBe(true);
  expect(openDocument).toHaveBeenCalledTimes(1);
});

test('reward queue: 导出Excel exports the area and state on screen; an empty one says so and opens nothing', async () => {
  signIn(streetSupervisor);
  const sent = stubNetwork({
    'GET /rewards': { statusCode: 200, data: { rewards: [row(1)] } },
    'POST /rewards/export': (s) => ({ statusCode: 200, data: (s.data as { state: string }).state === 'paid' ? { url: FILE, rows: 0 } : { url: FILE, rows: 4 } }),
  });
  const nav = stubNavigation();
  const open = jest.spyOn(window, 'open').mockReturnValue({} as Window);
  render(<RewardQueue />);
  await screen.findByText('赵公众');
  fireEvent.click(screen.getByText('导出Excel'));
  await waitFor(() => expect(open).toHaveBeenCalledWith(FILE, '_blank'));
  expect(posts(sent, '/rewards/export')).toEqual([{ area: '370911/c1', state: 'proposed' }]);
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已导出 4 条' }));

  fireEvent.click(screen.getByText('已发放', { selector: '.rw-chip *, .rw-chip' }));
  await waitFor(() => expect(gets(sent, '/rewards').at(-1)).toMatchObject({ state: 'paid' }));
  fireEvent.click(screen.getByText('导出Excel'));
  await waitFor(() => expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有已发放的奖励' })));
  expect(posts(sent, '/rewards/export')[1]).toEqual({ area: '370911/c1', state: 'paid' });
  expect(open).toHaveBeenCalledTimes(1);
});

test('check ledger: this month’s checks, filtered by kind, result and month; tap → the record; export with the same filters', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /checks': (s) => {
      const q = Object.fromEntries(new URL(s.url).searchParams);
      if (q.cursor) return { statusCode: 200, data: { from: q.from, to: q.to, checks: [check(3)] } };
      return { statusCode: 200, data: { from: q.from, to: q.to, checks: [check(1, { failedCount: 2 }), check(2, { kind: 'special', kindLabel: '专项检查' })], cursor: 'c2' } };
    },
    'POST /checks/export': { statusCode: 200, data: { url: FILE, rows: 3 } },
  });
  const nav = stubNavigation();
  const go = navigate();
  const open = jest.spyOn(window, 'open').mockReturnValue({} as Window);
  const { container } = render(<CheckLedger />);
  expect(await screen.findByText('企业1号')).toBeTruthy();
  expect(screen.getByText('2 项不符合')).toBeTruthy();
  expect(screen.getByText('专项检查 · 燃气使用场所检查表')).toBeTruthy();
  expect(screen.getAllByText('2026-11-20 14:03 · 王网格 · 一号微网格')).toHaveLength(2);
  expect(gets(sent, '/checks')).toEqual([{ from: thisMonth, to: thisMonth, limit: '30' }]);

  fireEvent.click(screen.getByText('加载更多'));
  expect(await screen.findByText('企业3号')).toBeTruthy();
  expect(gets(sent, '/checks')[1]).toMatchObject({ cursor: 'c2' });
  expect(screen.getByText('已全部加载')).toBeTruthy();

  fireEvent.click(screen.getByText('企业1号'));
  expect(go).toHaveBeenLastCalledWith({ url: `/packageGridworker/pages/record/index?id=${check(1).id}` });

  fireEvent.click(screen.getByText('专项检查', { selector: '.ck-chip *, .ck-chip' }));
  fireEvent.click(screen.getByText('有不符合项'));
  fire(container.querySelector('.ck-month taro-picker-core') ?? container.querySelector('.ck-month'), 'change', '2026-09');
  await waitFor(() => expect(gets(sent, '/checks').at(-1)).toEqual({ from: '2026-09', to: '2026-09', kind: 'special', result: 'failed', limit: '30' }));
  fireEvent.click(screen.getByText('导出Excel'));
  await waitFor(() => expect(open).toHaveBeenCalledWith(FILE, '_blank'));
  expect(posts(sent, '/checks/export')).toEqual([{ from: '2026-09', to: '2026-09', kind: 'special', result: 'failed' }]);
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已导出 3 条' }));
});

test('check ledger: a refusal shows the API’s message; an empty month says so', async () => {
  signIn(gridworker);
  let refuse = true;
  stubNetwork({
    'GET /checks': () =>
      refuse ? { statusCode: 403, data: { error: { code: 'FORBIDDEN', message: '该区域不在您的管辖范围内' } } } : { statusCode: 200, data: { from: thisMonth, to: thisMonth, checks: [] } },
  });
  stubNavigation();
  const { unmount } = render(<CheckLedger />);
  expect(await screen.findByText('该区域不在您的管辖范围内（下拉可重试）')).toBeTruthy();
  unmount();
  refuse = false;
  render(<CheckLedger />);
  expect(await screen.findByText('没有符合条件的检查记录')).toBeTruthy();
});

test('coverage links to the check ledger of the same area', async () => {
  signIn(supervisor);
  setRoute({ area: '370911/c1', name: '东关街道' });
  stubNetwork({ 'GET /checks/coverage': { statusCode: 200, data: { area: '370911/c1', areas: [], gridworkers: [], blindSpots: [] } } });
  stubNavigation();
  const go = navigate();
  render(<CheckCoverage />);
  fireEvent.click(await screen.findByText('检查台账（每一次检查，可导出Excel） ›'));
  expect(go).toHaveBeenLastCalledWith({ url: `/packageGridworker/pages/checks/index?area=${encodeURIComponent('370911/c1')}&name=${encodeURIComponent('东关街道')}` });
});

test('commitment ledger: the signed letters of the year, by industry and year; tap → the signed letter; export', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /commitments': (s) => {
      const q = Object.fromEntries(new URL(s.url).searchParams);
      return { statusCode: 200, data: { year: Number(q.year), commitments: q.industry === '危化品' ? [] : [signed(1), signed(2, { hazardCount: 2, industry: '商贸' })] } };
    },
    'POST /commitments/export': { statusCode: 200, data: { url: FILE, rows: 2 } },
  });
  const nav = stubNavigation();
  const go = navigate();
  const open = jest.spyOn(window, 'open').mockReturnValue({} as Window);
  render(<CommitmentLedger />);
  expect(await screen.findByText('企业1号')).toBeTruthy();
  expect(screen.getAllByText('工贸企业安全生产告知承诺书（蓝色，第 1 版）')).toHaveLength(2);
  expect(screen.getByText('赵老板 签署于 2026-11-20 14:03 · 一号微网格 · 自查 2 项不符合')).toBeTruthy();
  expect(gets(sent, '/commitments')).toEqual([{ year: String(thisYear), limit: '30' }]);

  fireEvent.click(screen.getByText('企业2号'));
  expect(go).toHaveBeenLastCalledWith({ url: `/packageCommitment/pages/signed/index?enterpriseId=e2&key=${encodeURIComponent(signed(2).key)}` });

  fireEvent.click(screen.getByText('导出Excel'));
  await waitFor(() => expect(open).toHaveBeenCalledWith(FILE, '_blank'));
  expect(posts(sent, '/commitments/export')).toEqual([{ year: thisYear }]);
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已导出 2 份' }));

  fireEvent.click(screen.getByText(`${thisYear - 1}年度`));
  fireEvent.click(screen.getByText('危化品'));
  expect(await screen.findByText('没有已签署的承诺书')).toBeTruthy();
  expect(gets(sent, '/commitments').at(-1)).toEqual({ year: String(thisYear - 1), industry: '危化品', limit: '30' });
});
