import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import MyRewards from '../src/packageReward/pages/mine/index';
import PublicHome from '../src/packagePublic/pages/home/index';
import EnterpriseHome from '../src/packageEnterprise/pages/home/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { setRoute } from './hazard-fixtures';
import { mine, publicUser, worker } from './reward-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const navigate = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const lists = (sent: Sent[]) => sent.filter((s) => s.method === 'GET' && new URL(s.url).pathname === '/me/rewards');
const cards = (container: HTMLElement) => [...container.querySelectorAll('.rw-mine')] as HTMLElement[];

const page1 = {
  rewards: [
    mine(1, { amountFen: 150050, paidAt: '2026-11-20T06:03:00.000Z', channel: 'bank' }),
    mine(2, { state: 'paying', amountFen: 5000, channel: 'wechat', paidAt: undefined, awaitingReceipt: true }),
    mine(3, { state: 'proposed', amountFen: undefined, channel: undefined, paidAt: undefined }),
    mine(4, { state: 'ineligible', amountFen: undefined, channel: undefined, paidAt: undefined, reason: '举报人本月或本年度奖励已达上限' }),
  ],
  cursor: 'c2',
  paidFen: 150050,
};

test('the total paid in yuan, each reward with its state and amount, 确认收款 only where WeChat awaits it; 加载更多 sends the cursor', async () => {
  signIn(publicUser);
  const sent = stubNetwork({
    'GET /me/rewards': (s) =>
      new URL(s.url).searchParams.get('cursor') === 'c2'
        ? { statusCode: 200, data: { rewards: [mine(5, { amountFen: 10000 })], paidFen: 160050 } }
        : { statusCode: 200, data: page1 },
  });
  stubNavigation();
  const go = navigate();
  const { container } = render(<MyRewards />);
  expect(await screen.findByText('隐患描述1：楼道堆放杂物堵塞消防通道')).toBeTruthy();
  expect(container.querySelector('.rw-total-value')!.textContent).toBe('1,500.50 元');

  const [paid, paying, proposed, ineligible] = cards(container);
  expect(within(paid!).getByText('已发放')).toBeTruthy();
  expect(within(paid!).getByText('1,500.50 元')).toBeTruthy();
  // 06:03Z is 14:03 in Shanghai.
  expect(within(paid!).getByText('发放时间 2026-11-20 14:03 · 银行转账')).toBeTruthy();
  expect(within(paying!).getByText('发放中')).toBeTruthy();
  expect(within(paying!).getByText('50.00 元')).toBeTruthy();
  expect(within(proposed!).getByText('审核中')).toBeTruthy();
  expect(within(ineligible!).getByText('不予奖励')).toBeTruthy();
  expect(within(ineligible!).getByText('原因：举报人本月或本年度奖励已达上限')).toBeTruthy();
  // Only the one WeChat waits for.
  expect(screen.getAllByText('确认收款')).toHaveLength(1);
  expect(within(paying!).getByText('确认收款')).toBeTruthy();

  fireEvent.click(within(paid!).getByText('隐患描述1：楼道堆放杂物堵塞消防通道'));
  expect(go).toHaveBeenCalledWith({ url: '/packageHazard/pages/detail/index?id=h1' });

  fireEvent.click(screen.getByText('加载更多'));
  expect(await screen.findByText('隐患描述5：楼道堆放杂物堵塞消防通道')).toBeTruthy();
  expect(lists(sent).map((s) => s.url)).toEqual(['http://api.test/me/rewards', 'http://api.test/me/rewards?cursor=c2']);
  expect(cards(container)).toHaveLength(5);
  expect(screen.getByText('已全部加载')).toBeTruthy();
  expect(container.querySelector('.rw-total-value')!.textContent).toBe('1,600.50 元');
});

test('no rewards yet', async () => {
  signIn(worker);
  stubNetwork({ 'GET /me/rewards': { statusCode: 200, data: { rewards: [], paidFen: 0 } } });
  stubNavigation();
  const { container } = render(<MyRewards />);
  expect(await screen.findByText('暂无奖励')).toBeTruthy();
  expect(container.querySelector('.rw-total-value')!.textContent).toBe('0.00 元');
});

test('H5: 确认收款 asks the server for the receipt, then reloads the list a moment later (never the payment status)', async () => {
  signIn(publicUser);
  let gets = 0;
  const sent = stubNetwork({
    'GET /me/rewards': () => {
      gets += 1;
      return gets === 1
        ? { statusCode: 200, data: { ...page1, cursor: undefined } }
        : {
            statusCode: 200,
            data: { rewards: [mine(2, { state: 'paid', amountFen: 5000, channel: 'wechat', paidAt: '2026-11-23T02:05:00.000Z' })], paidFen: 155050 },
          };
    },
    'POST /me/rewards/r2/receipt': { statusCode: 200, data: { mchId: '1900000001', appId: 'wx123', package: 'ABBQO+oYAAABAAAAAAAA' } },
  });
  stubNavigation();
  const { container } = render(<MyRewards />);
  fireEvent.click(await screen.findByText('确认收款'));
  await waitFor(() => expect(lists(sent)).toHaveLength(2), { timeout: 3000 });
  expect(await screen.findByText('发放时间 2026-11-23 10:05 · 微信转账')).toBeTruthy();
  expect(screen.queryByText('确认收款')).toBeNull();
  expect(container.querySelector('.rw-total-value')!.textContent).toBe('1,550.50 元');
  expect(sent.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(['GET /me/rewards', 'POST /me/rewards/r2/receipt', 'GET /me/rewards']);
  expect(sent[1]!.data).toBeUndefined();
});

describe('in WeChat', () => {
  const env = process.env.TARO_ENV;
  beforeEach(() => {
    // NutUI's loading spinner, drawn for weapp inside jsdom, names a style React does not know.
    const original = console.error;
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes('Unsupported style property')) original(...args);
    });
  });
  afterEach(() => {
    process.env.TARO_ENV = env;
    delete (Taro as unknown as { requestMerchantTransfer?: unknown }).requestMerchantTransfer;
  });

  test('确认收款 opens WeChat’s receipt page with mchId, appId and package, then reloads', async () => {
    signIn(publicUser);
    const sent = stubNetwork({
      'GET /me/rewards': { statusCode: 200, data: { ...page1, cursor: undefined } },
      'POST /me/rewards/r2/receipt': { statusCode: 200, data: { mchId: '1900000001', appId: 'wx123', package: 'ABBQO+oYAAABAAAAAAAA' } },
    });
    stubNavigation();
    const transfer = jest.fn((o: { success: () => void }) => o.success());
    (Taro as unknown as { requestMerchantTransfer?: unknown }).requestMerchantTransfer = transfer;
    render(<MyRewards />);
    await screen.findByText('确认收款');
    process.env.TARO_ENV = 'weapp';
    fireEvent.click(screen.getByText('确认收款'));
    await waitFor(() => expect(lists(sent)).toHaveLength(2));
    expect(transfer).toHaveBeenCalledTimes(1);
    expect(transfer.mock.calls[0]![0]).toMatchObject({ mchId: '1900000001', appId: 'wx123', package: 'ABBQO+oYAAABAAAAAAAA' });
    expect(sent.some((s) => s.url.includes('payment-status'))).toBe(false);
  });

  test('an old WeChat without requestMerchantTransfer is told to upgrade', async () => {
    signIn(publicUser);
    stubNetwork({
      'GET /me/rewards': { statusCode: 200, data: { ...page1, cursor: undefined } },
      'POST /me/rewards/r2/receipt': { statusCode: 200, data: { mchId: '1900000001', appId: 'wx123', package: 'p' } },
    });
    stubNavigation();
    const modal = jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'ok' })) as never);
    render(<MyRewards />);
    await screen.findByText('确认收款');
    process.env.TARO_ENV = 'weapp';
    fireEvent.click(screen.getByText('确认收款'));
    await waitFor(() => expect(modal).toHaveBeenCalledWith(expect.objectContaining({ content: '当前微信版本过低，请升级微信后再确认收款' })));
  });
});

describe('entries', () => {
  test('public home → 我的奖励', () => {
    signIn(publicUser);
    stubNetwork({});
    stubNavigation();
    const go = navigate();
    render(<PublicHome />);
    fireEvent.click(screen.getByText('我的奖励'));
    expect(go).toHaveBeenCalledWith({ url: '/packageReward/pages/mine/index' });
  });

  test('worker home → 我的奖励; the owner has none', () => {
    signIn(worker);
    stubNetwork({});
    stubNavigation();
    const go = navigate();
    const first = render(<EnterpriseHome />);
    fireEvent.click(screen.getByText('我的奖励'));
    expect(go).toHaveBeenCalledWith({ url: '/packageReward/pages/mine/index' });
    first.unmount();

    signIn({ id: 'u-own', name: '赵老板', grants: [{ role: 'enterprise_owner', roleLabel: '企业负责人', enterpriseId: 'e1', enterpriseName: '泰安市安达化工有限公司' }] });
    render(<EnterpriseHome />);
    expect(screen.queryByText('我的奖励')).toBeNull();
  });
});
