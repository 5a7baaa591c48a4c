import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import GridworkerHome from '../src/packageGridworker/pages/home/index';
import EnterpriseHome from '../src/packageEnterprise/pages/home/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import PublicHome from '../src/packagePublic/pages/home/index';
import { forgetNotices } from '../src/lib/notify';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';
import { enforcer, gridworker, owner, publicUser, supervisor, worker } from './hazard-fixtures';
import { NOTICES } from './notice-fixtures';

afterEach(() => {
  forgetNotices();
  process.env.TARO_ENV = 'h5';
  reset();
});

const navigateTo = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
/** The count drawn on the entry titled `title`, or undefined when it shows none. */
const badgeOf = (title: string) => screen.getAllByText(title).map((t) => t.closest('.entry')).find(Boolean)?.querySelector('.count-badge')?.textContent ?? undefined;
const counts = (c: Record<string, number>) => ({ 'GET /me/counts': { statusCode: 200, data: { counts: c, notices: NOTICES } } });

test('the gridworker home: 今日任务 counts what waits (待核实 + 待复查 + 已逾期) from one request; its tap asks for new reports and rechecks, then opens the queue', async () => {
  process.env.TARO_ENV = 'weapp';
  signIn(gridworker);
  const sent = stubNetwork({ 'GET /gridworker/grids': { statusCode: 200, data: { grids: [] } }, ...counts({ triage: 3, recheck: 1, overdue: 2 }), 'POST /me/subscriptions': { statusCode: 200, data: { notices: NOTICES } } });
  stubNavigation();
  const go = navigateTo();
  const dialog = jest.spyOn(Taro, 'requestSubscribeMessage').mockImplementation((() => Promise.resolve({ errMsg: 'ok', 'tpl-new-report': 'accept', 'tpl-recheck': 'reject' })) as never);
  render(<GridworkerHome />);
  await waitFor(() => expect(badgeOf('今日任务')).toBe('6'));
  expect(sent.filter((s) => new URL(s.url).pathname === '/me/counts')).toHaveLength(1);
  expect(badgeOf('巡查上报')).toBeUndefined();
  fireEvent.click(screen.getByText('今日任务'));
  expect(dialog).toHaveBeenCalledWith({ tmplIds: ['tpl-new-report', 'tpl-recheck'] });
  await waitFor(() => expect(go).toHaveBeenCalledWith({ url: '/packageHazard/pages/queue/index' }));
  await waitFor(() => expect(sent.filter((s) => s.method === 'POST').map((s) => s.data)).toEqual([{ id: expect.any(String), accepted: ['newReport'] }]));
});

test('the owner home: 隐患整改 counts plans and rectifications, 告知承诺 the letter to sign; nothing to do shows no count', async () => {
  signIn(owner);
  stubNetwork(counts({ plan: 1, rectify: 2, unsignedLetters: 1 }));
  stubNavigation();
  const go = navigateTo();
  const first = render(<EnterpriseHome />);
  await waitFor(() => expect(badgeOf('隐患整改')).toBe('3'));
  expect(badgeOf('告知承诺')).toBe('1');
  // In H5 there is no dialog: the tap opens the queue at once.
  fireEvent.click(screen.getByText('隐患整改'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/queue/index' });
  first.unmount();

  reset();
  signIn(owner);
  stubNetwork(counts({ plan: 0, rectify: 0, unsignedLetters: 0 }));
  render(<EnterpriseHome />);
  await screen.findByText('隐患整改');
  await waitFor(() => expect(document.querySelectorAll('.count-badge')).toHaveLength(0));
});

test('a worker and the public: their reports still being handled and rewards to confirm; the counts failing leaves the entries working', async () => {
  signIn(worker);
  stubNetwork(counts({ myOpenReports: 2, rewardsToConfirm: 1 }));
  const wk = render(<EnterpriseHome />);
  await waitFor(() => expect(badgeOf('我的举报')).toBe('2'));
  expect(badgeOf('我的奖励')).toBe('1');
  wk.unmount();

  reset();
  signIn(publicUser);
  stubNetwork(counts({ myOpenReports: 120 }));
  const pub = render(<PublicHome />);
  await waitFor(() => expect(badgeOf('我的举报')).toBe('99+'));
  expect(badgeOf('我的奖励')).toBeUndefined();
  pub.unmount();

  reset();
  signIn(publicUser);
  stubNetwork({ 'GET /me/counts': { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务出错' } } } });
  stubNavigation();
  const go = navigateTo();
  render(<PublicHome />);
  fireEvent.click(screen.getByText('我的举报'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageHazard/pages/mine/index' });
  expect(document.querySelectorAll('.count-badge')).toHaveLength(0);
});

test('enforcement: 执法线索 counts the clues and its tap asks to be told of new ones; a supervisor: 待办 and 奖励审核', async () => {
  process.env.TARO_ENV = 'weapp';
  signIn(enforcer);
  stubNetwork({ 'GET /areas': { statusCode: 200, data: { areas: [] } }, ...counts({ clues: 4 }), 'POST /me/subscriptions': { statusCode: 200, data: { notices: NOTICES } } });
  stubNavigation();
  const go = navigateTo();
  const dialog = jest.spyOn(Taro, 'requestSubscribeMessage').mockImplementation((() => Promise.resolve({ errMsg: 'ok', 'tpl-clue': 'accept' })) as never);
  const enf = render(<SupervisorHome />);
  await waitFor(() => expect(badgeOf('执法线索')).toBe('4'));
  fireEvent.click(screen.getByText('执法线索'));
  expect(dialog).toHaveBeenCalledWith({ tmplIds: ['tpl-clue'] });
  await waitFor(() => expect(go).toHaveBeenCalledWith({ url: '/packageHazard/pages/queue/index' }));
  enf.unmount();

  reset();
  forgetNotices();
  process.env.TARO_ENV = 'h5';
  signIn(supervisor);
  stubNetwork({ 'GET /areas': { statusCode: 200, data: { areas: [] } }, ...counts({ triage: 5, recheck: 0, overdue: 2, rewardsToReview: 3 }) });
  render(<SupervisorHome />);
  await waitFor(() => expect(badgeOf('待办')).toBe('7'));
  expect(badgeOf('奖励审核')).toBe('3');
});
