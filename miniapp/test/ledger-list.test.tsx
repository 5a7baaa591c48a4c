import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import LedgerList from '../src/packageLedger/pages/list/index';
import { reset, signIn, stubLayout, stubNavigation, stubNetwork, type Sent } from './helpers';
import { gridworker, summary } from './ledger-fixtures';

const setParams = (p?: Record<string, string>) => ((Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = p);
// The list area under the header is 600 px high, a row 84 px.
beforeEach(() => stubLayout([600, 84]));
afterEach(() => {
  setParams(undefined);
  reset();
});

const query = (s: Sent | undefined) => Object.fromEntries(new URL(s!.url).searchParams);

test('renders each row with its code, industry, coloured risk class, status and due badge', async () => {
  signIn(gridworker);
  setParams({ area: encodeURIComponent('370911/c1/g1'), name: encodeURIComponent('第一网格') });
  const sent = stubNetwork({
    'GET /enterprises': {
      statusCode: 200,
      data: {
        enterprises: [
          summary(1, { name: '安达化工', uscc: '91370900MA3C5XXX0X', industry: '危化品', riskClass: 'A', updateDue: true }),
          summary(2, { name: '老王烧烤', kind: '个体工商户', industry: '餐饮', riskClass: 'D', status: '停业' }),
        ],
      },
    },
  });
  stubNavigation();
  const { container } = render(<LedgerList />);
  expect(await screen.findByText('安达化工')).toBeTruthy();
  expect(screen.getByText('91370900MA3C5XXX0X')).toBeTruthy();
  expect(screen.getByText('无统一社会信用代码')).toBeTruthy();
  expect(screen.getByText('危化品 · 在营')).toBeTruthy();
  expect(screen.getByText('餐饮 · 停业')).toBeTruthy();
  expect(screen.getAllByText('待更新')).toHaveLength(1);
  // A red, D blue.
  const a = container.querySelector('.risk-A') as HTMLElement;
  const d = container.querySelector('.risk-D') as HTMLElement;
  expect(a.textContent).toBe('A类');
  expect(a.style.background || a.style.backgroundColor).toMatch(/#f53f3f|rgb\(245, 63, 63\)/);
  expect(d.style.background || d.style.backgroundColor).toMatch(/#1677ff|rgb\(22, 119, 255\)/);
  expect(screen.getByText('第一网格')).toBeTruthy();
  expect(query(sent[0])).toEqual({ area: '370911/c1/g1', limit: '50' });
});

test('sends the search, the filters and due=true as the query', async () => {
  signIn(gridworker);
  setParams({ due: 'true' });
  const sent = stubNetwork({ 'GET /enterprises': { statusCode: 200, data: { enterprises: [summary(1)] } } });
  stubNavigation();
  const { container } = render(<LedgerList />);
  await screen.findByText('企业1号');
  // The default area is the user's first area grant; the page query asked for due files.
  expect(query(sent[0])).toEqual({ area: '370911/c1/g1', due: 'true', limit: '50' });

  fireEvent.click(screen.getByText('行业 ▾'));
  fireEvent.click(screen.getByText('危化品'));
  await waitFor(() => expect(sent).toHaveLength(2));
  fireEvent.click(screen.getByText('风险等级 ▾'));
  fireEvent.click(screen.getByText('A类'));
  await waitFor(() => expect(sent).toHaveLength(3));
  fireEvent.click(screen.getByText('特殊标签 ▾'));
  fireEvent.click(screen.getByText('有限空间'));
  await waitFor(() => expect(sent).toHaveLength(4));
  fireEvent.click(screen.getByText('经营状态 ▾'));
  fireEvent.click(screen.getByText('停业'));
  await waitFor(() => expect(sent).toHaveLength(5));

  const input = container.querySelector('[name="q"]') as HTMLElement;
  fireEvent.input(input, { detail: { value: '安达' }, target: { value: '安达' } });
  fireEvent.click(screen.getByText('搜索'));
  await waitFor(() => expect(sent).toHaveLength(6));
  expect(query(sent[5])).toEqual({
    area: '370911/c1/g1',
    q: '安达',
    industry: '危化品',
    riskClass: 'A',
    tag: '有限空间',
    status: '停业',
    due: 'true',
    limit: '50',
  });

  // Tapping 待月度更新 again drops the filter.
  fireEvent.click(screen.getByText('✓ 待月度更新'));
  await waitFor(() => expect(sent).toHaveLength(7));
  expect(query(sent[6]).due).toBeUndefined();
});

test('scrolling to the end loads the next page with the cursor, and stops when there is none', async () => {
  signIn(gridworker);
  const first = Array.from({ length: 50 }, (_, i) => summary(i + 1));
  const second = Array.from({ length: 20 }, (_, i) => summary(i + 51));
  const sent = stubNetwork({
    'GET /enterprises': (s) =>
      new URL(s.url).searchParams.get('cursor') === 'page-2'
        ? { statusCode: 200, data: { enterprises: second } }
        : { statusCode: 200, data: { enterprises: first, cursor: 'page-2' } },
  });
  stubNavigation();
  const { container } = render(<LedgerList />);
  expect(await screen.findByText('企业1号')).toBeTruthy();
  expect(screen.getByText('已加载 50 家，上滑加载更多')).toBeTruthy();

  // Scrolled to within the threshold of the end: 50 rows of 84 px in a 600 px view.
  const scroller = container.querySelector('.ledger-list') as HTMLElement;
  Object.defineProperty(scroller, 'scrollHeight', { value: 50 * 84, configurable: true });
  Object.defineProperty(scroller, 'offsetHeight', { value: 600, configurable: true });
  Object.defineProperty(scroller, 'scrollTop', { value: 50 * 84 - 600, configurable: true });
  fireEvent.scroll(scroller);
  await screen.findByText('已加载 70 家');
  expect(query(sent[1])).toMatchObject({ cursor: 'page-2' });
  expect(sent).toHaveLength(2);
  expect(screen.getByText('已全部加载')).toBeTruthy();
});

test('the 加载更多 link sends the cursor too', async () => {
  signIn(gridworker);
  const sent = stubNetwork({
    'GET /enterprises': (s) =>
      new URL(s.url).searchParams.get('cursor')
        ? { statusCode: 200, data: { enterprises: [summary(2)] } }
        : { statusCode: 200, data: { enterprises: [summary(1)], cursor: 'c-abc' } },
  });
  stubNavigation();
  render(<LedgerList />);
  await screen.findByText('企业1号');
  fireEvent.click(screen.getByText('加载更多'));
  expect(await screen.findByText('企业2号')).toBeTruthy();
  expect(query(sent[1])).toEqual({ area: '370911/c1/g1', cursor: 'c-abc', limit: '50' });
});

test('a row opens the detail page', async () => {
  signIn(gridworker);
  stubNetwork({ 'GET /enterprises': { statusCode: 200, data: { enterprises: [summary(7)] } } });
  stubNavigation();
  const nav = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  render(<LedgerList />);
  fireEvent.click(await screen.findByText('企业7号'));
  expect(nav).toHaveBeenCalledWith({ url: '/packageLedger/pages/detail/index?id=e7' });
});
