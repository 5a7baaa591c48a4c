import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import OwedVisits from '../src/packageGridworker/pages/owed/index';
import CheckDrafts from '../src/packageGridworker/pages/drafts/index';
import GridworkerHome from '../src/packageGridworker/pages/home/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import EnterpriseHome from '../src/packageEnterprise/pages/home/index';
import { reset, signIn, stubNavigation, stubNetwork, stubPlace } from './helpers';
import { setRoute } from './hazard-fixtures';
import { gridworker, keyOf, owner, supervisor, template } from './check-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const owed = {
  enterprises: [
    { id: 'e3', name: '老王烧烤', address: '幸福路8号', area: '370911/c1/g1', riskClass: 'A', period: '2026年11月', distanceM: 1234 },
    { id: 'e1', name: '泰安市安达化工有限公司', address: '东关街道幸福路18号', area: '370911/c1/g1', riskClass: 'B', lastCheckedAt: '2026-08-03T02:00:00.000Z', period: '2026年11–12月', distanceM: 350 },
    { id: 'e2', name: '东关小学', address: '学府路1号', area: '370911/c1/g1', riskClass: '绿', lastCheckedAt: '2026-06-30T17:00:00.000Z', period: '2026年第四季度', distanceM: 80.4 },
  ],
};

test('应检企业: the phone’s position is asked first, and the list comes as the API sorts it, with distances, risk classes and the period', async () => {
  signIn(gridworker);
  stubPlace({ longitude: 117.08912345, latitude: 36.1987 });
  const sent = stubNetwork({ 'GET /checks/owed': { statusCode: 200, data: owed } });
  const navigate = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = render(<OwedVisits />);
  expect(await screen.findByText('老王烧烤')).toBeTruthy();
  expect(Taro.getLocation).toHaveBeenCalledWith({ type: 'wgs84' });
  expect(sent[0]!.url).toBe('http://api.test/checks/owed?lng=117.089123&lat=36.1987');
  // Most overdue first, as returned (not re-sorted by distance).
  expect([...container.querySelectorAll('.ck-owed-name')].map((n) => n.textContent)).toEqual(['老王烧烤', '泰安市安达化工有限公司', '东关小学']);
  expect([...container.querySelectorAll('.ck-distance')].map((n) => n.textContent)).toEqual(['1.2 公里', '350 米', '80 米']);
  expect([...container.querySelectorAll('.ck-risk')].map((n) => n.textContent)).toEqual(['A类', 'B类', '绿色']);
  const first = container.querySelectorAll('.ck-owed')[0] as HTMLElement;
  expect(within(first).getByText('从未检查')).toBeTruthy();
  expect(within(first).getByText('幸福路8号')).toBeTruthy();
  const second = container.querySelectorAll('.ck-owed')[1] as HTMLElement;
  expect(within(second).getByText('上次检查 2026-08-03')).toBeTruthy();
  expect(within(second).getByText('· 本期 2026年11–12月')).toBeTruthy();
  // Asia/Shanghai: 2026-06-30T17:00Z is 1 July there.
  expect(screen.getByText('上次检查 2026-07-01')).toBeTruthy();
  expect(screen.getByText('共 3 家')).toBeTruthy();

  fireEvent.click(screen.getByText('泰安市安达化工有限公司'));
  expect(navigate).toHaveBeenCalledWith({ url: `/packageGridworker/pages/check/index?enterpriseId=e1&name=${encodeURIComponent('泰安市安达化工有限公司')}` });
  fireEvent.click(screen.getByText('检查草稿 ›'));
  expect(navigate).toHaveBeenLastCalledWith({ url: '/packageGridworker/pages/drafts/index' });
});

test('应检企业 without the phone’s position still lists, without distances; a guarantee leader sees this month’s checks of two', async () => {
  signIn({ id: 'u-gl', name: '周包保', grants: [{ role: 'guarantee_leader' as const, roleLabel: '包保责任人' }] });
  jest.spyOn(Taro, 'getLocation').mockRejectedValue({ errMsg: 'getLocation:fail auth deny' });
  const rows = owed.enterprises.map(({ distanceM: _d, ...e }, i) => ({ ...e, period: '2026年11月（每月2次）', checksThisMonth: i === 0 ? 0 : 1, checksPerMonth: 2 }));
  const sent = stubNetwork({ 'GET /checks/owed': { statusCode: 200, data: { enterprises: rows } } });
  const { container } = render(<OwedVisits />);
  expect(await screen.findByText('老王烧烤')).toBeTruthy();
  expect(sent[0]!.url).toBe('http://api.test/checks/owed');
  expect(container.querySelectorAll('.ck-distance')).toHaveLength(0);
  expect(screen.getByText('未获取到位置，不显示距离；打开手机定位后下拉刷新')).toBeTruthy();
  expect(screen.getByText('· 本月已查 0/2 次')).toBeTruthy();
  expect(screen.getAllByText('· 本月已查 1/2 次')).toHaveLength(2);
});

test('应检企业: an empty list says so; a failure can be retried', async () => {
  signIn(gridworker);
  jest.spyOn(Taro, 'getLocation').mockRejectedValue({ errMsg: 'getLocation:fail' });
  let calls = 0;
  stubNetwork({
    'GET /checks/owed': () => {
      calls += 1;
      if (calls === 1) throw new Error('request:fail');
      return { statusCode: 200, data: { enterprises: [] } };
    },
  });
  render(<OwedVisits />);
  expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeTruthy();
  fireEvent.click(screen.getByText('重试'));
  expect(await screen.findByText('本期应检企业已全部检查')).toBeTruthy();
});

/** A saved check, as the check page keeps it. */
function draft(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    userId: 'u-gw',
    createdAt: '2026-11-20T01:00:00.000Z',
    updatedAt: '2026-11-20T02:00:00.000Z',
    enterprise: { id: 'e1', name: '泰安市安达化工有限公司' },
    kind: 'daily',
    template,
    answers: {
      f1: { result: 'fail', photos: [{ id: 'p1', path: 'blob:a', name: 'a.jpg', size: 10, status: 'failed' }, { id: 'p2', path: 'blob:b', name: 'b.jpg', size: 10, status: 'done', key: keyOf(1) }], fixPhotos: [] },
      f2: { value: '1.6', photos: [], fixPhotos: [] },
    },
    summary: '',
    signerName: '',
    ...over,
  };
}

test('检查草稿 lists this user’s saved checks, latest first, with what is answered and the photos to upload; 删除 asks first', async () => {
  signIn(gridworker);
  Taro.setStorageSync('safegrid.checkDraft.01JD00000000000000000000D1', draft('01JD00000000000000000000D1'));
  Taro.setStorageSync(
    'safegrid.checkDraft.01JD00000000000000000000D2',
    draft('01JD00000000000000000000D2', { enterprise: { id: 'e3', name: '老王烧烤' }, kind: 'guarantee', template: undefined, answers: {}, updatedAt: '2026-11-21T09:30:00.000Z' }),
  );
  // Someone else's draft on the same phone is not listed.
  Taro.setStorageSync('safegrid.checkDraft.01JD00000000000000000000D3', draft('01JD00000000000000000000D3', { userId: 'u-other' }));
  const navigate = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const modal = jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: false, cancel: true, errMsg: 'ok' })) as never);
  const { container } = render(<CheckDrafts />);
  expect([...container.querySelectorAll('.ck-draft-name')].map((n) => n.textContent)).toEqual(['老王烧烤', '泰安市安达化工有限公司']);
  const [latest, older] = [...container.querySelectorAll('.ck-draft')] as HTMLElement[];
  expect(within(latest!).getByText('包保检查 · 未选择模板')).toBeTruthy();
  expect(within(latest!).getByText('保存于 2026-11-21 17:30')).toBeTruthy();
  expect(within(latest!).getByText('尚未填写')).toBeTruthy();
  expect(within(older!).getByText('日常巡查 · 工贸企业日常检查表（第 3 版）')).toBeTruthy();
  expect(within(older!).getByText('已填 2/4 项')).toBeTruthy();
  expect(within(older!).getByText('· 1 张照片待上传')).toBeTruthy();

  fireEvent.click(within(older!).getByText('泰安市安达化工有限公司'));
  expect(navigate).toHaveBeenCalledWith({ url: '/packageGridworker/pages/check/index?draft=01JD00000000000000000000D1' });

  // Declined: nothing goes.
  fireEvent.click(within(older!).getByText('删除'));
  await waitFor(() => expect(modal).toHaveBeenCalledTimes(1));
  expect(modal.mock.calls[0]![0]).toMatchObject({ title: '删除草稿', confirmText: '删除' });
  expect(Taro.getStorageSync('safegrid.checkDraft.01JD00000000000000000000D1')).toBeTruthy();
  // Confirmed: the draft is gone from the phone and the list.
  modal.mockImplementation((() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'ok' })) as never);
  await act(async () => {
    fireEvent.click(within(older!).getByText('删除'));
  });
  await waitFor(() => expect(container.querySelectorAll('.ck-draft')).toHaveLength(1));
  expect(Taro.getStorageSync('safegrid.checkDraft.01JD00000000000000000000D1')).toBe('');
  expect(Taro.getStorageSync('safegrid.checkDraft.01JD00000000000000000000D3')).toBeTruthy();
});

test('检查草稿: none saved', () => {
  signIn(gridworker);
  render(<CheckDrafts />);
  expect(screen.getByText('没有检查草稿')).toBeTruthy();
});

test('the homes lead to the checks: 应检企业 for gridworkers and guarantee leaders, 检查覆盖 for supervisors, 企业自查 for owners', async () => {
  stubNavigation();
  const navigate = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);

  signIn(gridworker);
  stubNetwork({ 'GET /gridworker/grids': { statusCode: 200, data: { level: 3, grids: [] } } });
  const gw = render(<GridworkerHome />);
  fireEvent.click(screen.getByText('应检企业'));
  expect(navigate).toHaveBeenLastCalledWith({ url: '/packageGridworker/pages/owed/index' });
  gw.unmount();

  signIn({ id: 'u-gl', name: '周包保', grants: [{ role: 'guarantee_leader' as const, roleLabel: '包保责任人', area: '370911', areaName: '示范区' }] });
  const gl = render(<SupervisorHome />);
  fireEvent.click(screen.getByText('包保检查'));
  expect(navigate).toHaveBeenLastCalledWith({ url: '/packageGridworker/pages/owed/index' });
  expect(screen.queryByText('检查覆盖')).toBeNull();
  gl.unmount();

  signIn(supervisor);
  const sup = render(<SupervisorHome />);
  fireEvent.click(screen.getByText('检查覆盖'));
  expect(navigate).toHaveBeenLastCalledWith({ url: `/packageGridworker/pages/coverage/index?area=370911&name=${encodeURIComponent('示范区')}` });
  expect(screen.queryByText('包保检查')).toBeNull();
  sup.unmount();

  signIn(owner);
  render(<EnterpriseHome />);
  fireEvent.click(screen.getAllByText('企业自查')[1]!);
  expect(navigate).toHaveBeenLastCalledWith({
    url: `/packageGridworker/pages/check/index?enterpriseId=e1&name=${encodeURIComponent('泰安市安达化工有限公司')}&kind=self`,
  });
});
