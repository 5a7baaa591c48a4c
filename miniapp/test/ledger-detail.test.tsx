import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import LedgerDetail from '../src/packageLedger/pages/detail/index';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';
import { department, gridworker, history, view } from './ledger-fixtures';

beforeEach(() => {
  (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = { id: 'e1' };
});
afterEach(() => {
  delete (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams;
  reset();
});

test('shows every field with its label, the contacts and the history, and no 编辑 when nothing is editable', async () => {
  signIn(department);
  const sent = stubNetwork({ 'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable: [] }), history } } });
  stubNavigation();
  const { container } = render(<LedgerDetail />);
  expect(await screen.findByText('基本信息')).toBeTruthy();
  expect(container.querySelector('.hero-title')?.textContent).toBe('泰安市安达化工有限公司');
  expect(sent[0]?.url).toBe('http://api.test/enterprises/e1');
  expect(screen.getByText('统一社会信用代码')).toBeTruthy();
  expect(screen.getByText('所属网格')).toBeTruthy();
  expect(screen.getByText('第一网格')).toBeTruthy();
  expect(screen.getByText('重大危险源、有限空间')).toBeTruthy();
  expect(screen.getByText('包保责任人')).toBeTruthy();
  expect(screen.getByText('郑包保')).toBeTruthy();
  // Phones as the API sent them (masked for this role).
  expect(screen.getByText('周安全 · 安全员 · 139****0001')).toBeTruthy();
  expect(screen.getByText('吴联系 13800000002')).toBeTruthy();
  // History: who, when, what changed old → new, and the kind.
  expect(screen.getByText(/^修改 · 王网格 · 2026-11-20 \d\d:03$/)).toBeTruthy();
  expect(screen.getByText('从业人数：100 → 120')).toBeTruthy();
  expect(screen.getByText(/^导入 · 管理员甲 · /)).toBeTruthy();
  expect(screen.queryByText('编辑')).toBeNull();
  expect(screen.queryByText('核实无变化')).toBeNull();
});

test('a gridworker sees 编辑 and verifies with {version, changes: {}, verified: true}', async () => {
  signIn(gridworker);
  const editable = ['name', 'address', 'contacts', 'employees'];
  const sent = stubNetwork({
    'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable, updateDue: true }), history } },
    'PUT /enterprises/e1': {
      statusCode: 200,
      data: {
        enterprise: view({ editable, version: 4, updateDue: false }),
        history: [{ at: '2026-11-23T01:00:00.000Z', byId: 'u-gw', byName: '王网格', kind: 'verify', changes: [] }, ...history],
      },
    },
  });
  const nav = stubNavigation();
  const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  render(<LedgerDetail />);
  expect(await screen.findByText('编辑')).toBeTruthy();
  expect(screen.getByText('本档案已超过30天未核实，请尽快完成月度更新。')).toBeTruthy();

  fireEvent.click(screen.getByText('核实无变化'));
  expect(await screen.findByText(/^核实 · 王网格 · /)).toBeTruthy();
  const put = sent.find((s) => s.method === 'PUT');
  expect(put?.data).toEqual({ version: 3, changes: {}, verified: true });
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已核实' }));
  await waitFor(() => expect(screen.queryByText('本档案已超过30天未核实，请尽快完成月度更新。')).toBeNull());

  fireEvent.click(screen.getByText('编辑'));
  expect(go).toHaveBeenCalledWith({ url: '/packageLedger/pages/edit/index?id=e1' });
});

test('an enterprise owner with editable fields sees 编辑 but not 核实无变化', async () => {
  signIn({ id: 'u-own', name: '赵老板', grants: [{ role: 'enterprise_owner', roleLabel: '企业负责人', enterpriseId: 'e1' }] });
  stubNetwork({ 'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable: ['contacts'] }), history: [] } } });
  stubNavigation();
  render(<LedgerDetail />);
  expect(await screen.findByText('编辑')).toBeTruthy();
  expect(screen.queryByText('核实无变化')).toBeNull();
  expect(screen.getByText('暂无变更记录')).toBeTruthy();
});

test("开始检查 on the file: the gridworker of its grid starts a site check as 应检企业 does; no one else sees it", async () => {
  signIn(gridworker);
  stubNetwork({ 'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable: ['name'], area: '370911/c1/g1/m1' }), history } } });
  stubNavigation();
  const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const first = render(<LedgerDetail />);
  fireEvent.click(await screen.findByText('开始检查'));
  expect(go).toHaveBeenCalledWith({ url: `/packageGridworker/pages/check/index?enterpriseId=e1&name=${encodeURIComponent('泰安市安达化工有限公司')}` });
  first.unmount();
  reset();

  // A gridworker reading a file outside their grid (none should reach it, but the button follows the grant), and a department: no 开始检查.
  for (const who of [{ ...gridworker, grants: [{ ...gridworker.grants[0]!, area: '370911/c1/g2' }] }, department]) {
    (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = { id: 'e1' };
    signIn(who);
    stubNetwork({ 'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable: [] }), history } } });
    stubNavigation();
    const { unmount } = render(<LedgerDetail />);
    expect(await screen.findByText('基本信息')).toBeTruthy();
    expect(screen.queryByText('开始检查')).toBeNull();
    unmount();
    reset();
  }
});
