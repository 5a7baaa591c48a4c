import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { MyDataResponse, UserView } from '@safegrid/shared';
import MyDataPage from '../src/packagePrivacy/pages/data/index';
import PrivacyPolicy from '../src/packagePrivacy/pages/policy/index';
import { PrivacyPrompt } from '../src/components/PrivacyPrompt';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';

afterEach(reset);

const user: UserView = { id: 'pub-1', name: '公众甲', phone: '13712345678', grants: [{ role: 'public', roleLabel: '公众' }] };
const data: MyDataResponse = {
  generatedAt: '2026-12-01T06:03:00.000Z',
  profile: { id: 'pub-1', name: '公众甲', phone: '13712345678', wechatBound: true, grants: [{ role: 'public', roleLabel: '公众' }] },
  hazards: {
    items: [
      { id: 'h1', createdAt: '2026-11-20T06:03:00.000Z', category: '消防安全', description: '消防通道堵塞', enterpriseName: '测试企业1', state: 'reported', stateLabel: '待核实', anonymous: true, photos: 2, location: { lng: 117.1, lat: 36.2 } },
    ],
    more: false,
  },
  rewards: { items: [{ id: 'h0', createdAt: '2026-11-02T01:00:00.000Z', state: 'paid', stateLabel: '已发放', amountFen: 5000, payouts: [{ kind: 'payout', at: '2026-11-10T01:00:00.000Z', amountFen: 5000, channel: 'cash' }] }], more: true },
  signatures: { items: [], more: false },
  checks: { items: [], more: false, total: 0 },
};

test('我的数据 shows what we hold — the phone in full, the anonymous report, the reward and its payout — and 导出 saves exactly that as JSON', async () => {
  signIn(user);
  const sent = stubNetwork({ 'GET /me/data': { statusCode: 200, data } });
  stubNavigation();
  render(<MyDataPage />);
  expect(await screen.findByText('13712345678')).toBeTruthy();
  expect(screen.getByText('消防安全（匿名）')).toBeTruthy();
  expect(screen.getByText('2026-11-20 14:03 · 测试企业1 · 照片 2 张')).toBeTruthy();
  expect(screen.getByText('50.00 元')).toBeTruthy();
  expect(screen.getByText(/发放 50\.00 元（现金）/)).toBeTruthy();
  expect(screen.getByText(/仅显示最近 100 条/)).toBeTruthy();
  expect(screen.queryByText(/现场检查/)).toBeNull();
  expect(sent.map((s) => `${s.method ?? 'GET'} ${new URL(s.url).pathname}`)).toEqual(['GET /me/data']);

  let saved: Blob | undefined;
  const create = jest.fn((b: Blob) => {
    saved = b;
    return 'blob:my-data';
  });
  Object.assign(URL, { createObjectURL: create, revokeObjectURL: jest.fn() });
  const clicked: string[] = [];
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this.download);
  });
  fireEvent.click(screen.getByText('导出全部（JSON 文件）'));
  await waitFor(() => expect(clicked).toHaveLength(1));
  expect(clicked[0]).toMatch(/^我的数据-\d{4}-\d{2}-\d{2}\.json$/);
  const text = await new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(saved!);
  });
  expect(JSON.parse(text)).toEqual(data);
});

test('我的数据 says why when it cannot load', async () => {
  signIn(user);
  stubNetwork({ 'GET /me/data': { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } } } });
  stubNavigation();
  render(<MyDataPage />);
  expect(await screen.findByText(/请先登录|登录/)).toBeTruthy();
});

test('the policy names who runs it, what is collected, and the rights with the way to use them', () => {
  const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  render(<PrivacyPolicy />);
  for (const heading of ['一、我们是谁', '二、我们收集哪些信息、为什么', '三、匿名举报', '五、保存多久', '六、您的权利', '七、联系我们']) expect(screen.getByText(heading)).toBeTruthy();
  expect(screen.getByText(/查阅、复制：在“我的 → 我的数据”/)).toBeTruthy();
  fireEvent.click(screen.getByText('查看和导出我的数据 →'));
  expect(go).toHaveBeenCalledWith({ url: '/packagePrivacy/pages/data/index' });
});

describe('the privacy prompt', () => {
  it('stays out of the H5 build', () => {
    const { container } = render(<PrivacyPrompt />);
    expect(container.textContent).toBe('');
  });

  it("in WeChat, shows when a private API waits for the user's agreement, and passes on a refusal", () => {
    const env = process.env.TARO_ENV;
    let listener: ((resolve: (o: { event: string; buttonId?: string }) => void) => void) | undefined;
    Object.assign(Taro, { onNeedPrivacyAuthorization: jest.fn((l) => (listener = l)) });
    process.env.TARO_ENV = 'weapp';
    try {
      const { unmount } = render(<PrivacyPrompt />);
      expect(screen.queryByText('隐私保护提示')).toBeNull();
      const resolve = jest.fn();
      act(() => listener!(resolve));
      expect(screen.getByText('隐私保护提示')).toBeTruthy();
      expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' });
      expect(document.getElementById('privacy-agree')).toBeTruthy();
      const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
      fireEvent.click(screen.getByText('查看《安全网格隐私政策》'));
      expect(go).toHaveBeenCalledWith({ url: '/packagePrivacy/pages/policy/index' });
      fireEvent.click(screen.getByText('拒绝'));
      expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' });
      expect(screen.queryByText('隐私保护提示')).toBeNull();
      // Registered once for the app, however many prompts mount.
      unmount();
      render(<PrivacyPrompt />).unmount();
      expect(Taro.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1);
      // No prompt mounted: the waiting call is refused, never left hanging.
      const orphan = jest.fn();
      listener!(orphan);
      expect(orphan).toHaveBeenCalledWith({ event: 'disagree' });
    } finally {
      process.env.TARO_ENV = env;
    }
  });
});
