import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import LedgerList from '../src/packageLedger/pages/list/index';
import { reset, signIn, stubLayout, stubNavigation, stubNetwork } from './helpers';
import { gridworker, summary, supervisor } from './ledger-fixtures';

const setParams = (p?: Record<string, string>) => ((Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = p);
const EXPORTED = 'https://s3.test/exports/ledger-01.xlsx?X-Amz-Signature=abc';

beforeEach(() => stubLayout([600, 84]));
afterEach(() => {
  setParams(undefined);
  process.env.TARO_ENV = 'h5';
  reset();
});

test('weapp: 导出 Excel sends the current filters, toasts the row count and opens the file', async () => {
  process.env.TARO_ENV = 'weapp';
  signIn(gridworker);
  setParams({ due: 'true' });
  const sent = stubNetwork({
    'GET /enterprises': { statusCode: 200, data: { enterprises: [summary(1)] } },
    'POST /enterprises/export': { statusCode: 200, data: { url: EXPORTED, rows: 37 } },
  });
  const nav = stubNavigation();
  const download = jest
    .spyOn(Taro, 'downloadFile')
    .mockImplementation((() => Promise.resolve({ statusCode: 200, tempFilePath: 'wxfile://tmp/ledger.xlsx', errMsg: 'ok' })) as never);
  const openDocument = jest.spyOn(Taro, 'openDocument').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = render(<LedgerList />);
  await screen.findByText('企业1号');

  fireEvent.click(screen.getByText('行业 ▾'));
  fireEvent.click(screen.getByText('危化品'));
  fireEvent.click(screen.getByText('特殊标签 ▾'));
  fireEvent.click(screen.getByText('有限空间'));
  const input = container.querySelector('[name="q"]') as HTMLElement;
  fireEvent.input(input, { detail: { value: '安达' }, target: { value: '安达' } });
  fireEvent.click(screen.getByText('搜索'));
  await waitFor(() => expect(sent.filter((s) => s.method === 'GET')).toHaveLength(4));
  // Gridworkers do not import the census.
  expect(screen.queryByText('导入普查台账')).toBeNull();

  fireEvent.click(screen.getByText('导出 Excel'));
  await waitFor(() => expect(openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/ledger.xlsx', fileType: 'xlsx', showMenu: true }));
  const post = sent.find((s) => s.method === 'POST');
  expect(post?.url).toBe('http://api.test/enterprises/export');
  // Empty filters are left out.
  expect(post?.data).toEqual({ area: '370911/c1/g1', q: '安达', industry: '危化品', tag: '有限空间', due: 'true' });
  expect(download).toHaveBeenCalledWith({ url: EXPORTED });
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已导出 37 家' }));
});

test('H5: a guarantee leader exports their own enterprises; the file opens in a new tab', async () => {
  signIn({ id: 'u-gl', name: '郑包保', grants: [{ role: 'guarantee_leader', roleLabel: '包保责任人', area: '370911', areaName: '示范区' }] });
  setParams({ guaranteeLeaderId: 'u-gl' });
  const sent = stubNetwork({
    'GET /enterprises': { statusCode: 200, data: { enterprises: [summary(1)] } },
    'POST /enterprises/export': { statusCode: 200, data: { url: EXPORTED, rows: 1 } },
  });
  const nav = stubNavigation();
  const open = jest.spyOn(window, 'open').mockReturnValue({} as Window);
  render(<LedgerList />);
  await screen.findByText('企业1号');
  fireEvent.click(screen.getByText('导出 Excel'));
  await waitFor(() => expect(open).toHaveBeenCalledWith(EXPORTED, '_blank'));
  expect(sent.find((s) => s.method === 'POST')?.data).toEqual({ guaranteeLeaderId: 'u-gl' });
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已导出 1 家' }));
});

test('an export error is shown and nothing is opened', async () => {
  signIn(supervisor);
  stubNetwork({
    'GET /enterprises': { statusCode: 200, data: { enterprises: [summary(1)] } },
    'POST /enterprises/export': { statusCode: 403, data: { error: { code: 'FORBIDDEN', message: '无权导出' } } },
  });
  const nav = stubNavigation();
  const open = jest.spyOn(window, 'open').mockReturnValue({} as Window);
  render(<LedgerList />);
  await screen.findByText('企业1号');
  fireEvent.click(screen.getByText('导出 Excel'));
  await waitFor(() => expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '无权导出' })));
  expect(open).not.toHaveBeenCalled();
});

test('supervisors get 导入普查台账 in the list header', async () => {
  signIn(supervisor);
  stubNetwork({ 'GET /enterprises': { statusCode: 200, data: { enterprises: [summary(1)] } } });
  stubNavigation();
  const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  render(<LedgerList />);
  await screen.findByText('企业1号');
  fireEvent.click(screen.getByText('导入普查台账'));
  expect(go).toHaveBeenCalledWith({ url: '/packageLedger/pages/import/index' });
});
