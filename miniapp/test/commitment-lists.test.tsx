import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import CommitmentList from '../src/packageCommitment/pages/list/index';
import CommitmentUnsigned from '../src/packageCommitment/pages/unsigned/index';
import CommitmentRates from '../src/packageCommitment/pages/rates/index';
import EnterpriseHome from '../src/packageEnterprise/pages/home/index';
import GridworkerHome from '../src/packageGridworker/pages/home/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import { formatRatio, ratioPercent } from '@safegrid/shared';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';
import { setRoute } from './hazard-fixtures';
import { commitments, gridworker, owner, summary, supervisor } from './commitment-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const navigate = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);

describe('the letters of an enterprise', () => {
  test("the owner's own enterprise by default: this year's owed letter with its colour, and the signed ones", async () => {
    signIn(owner);
    const sent = stubNetwork({ 'GET /enterprises/e1/commitments': { statusCode: 200, data: commitments({ signed: [summary] }) } });
    stubNavigation();
    const go = navigate();
    const { container } = render(<CommitmentList />);
    expect(await screen.findByText('待签署')).toBeTruthy();
    expect(sent[0]!.url).toBe('http://api.test/enterprises/e1/commitments');
    expect(screen.getByText('泰安市安达化工有限公司 · 2026年度')).toBeTruthy();

    const owed = container.querySelector('.cm-owed') as HTMLElement;
    expect(within(owed).getByText('工贸企业安全生产告知承诺书')).toBeTruthy();
    const band = within(owed).getByText('绿色').closest('.cm-band') as HTMLElement;
    expect(band.style.background).toBe('rgb(0, 180, 42)');
    expect(owed.style.borderLeftColor).toBe('rgb(0, 180, 42)');

    const signed = container.querySelector('.cm-signed') as HTMLElement;
    expect(within(signed).getByText('2025年度')).toBeTruthy();
    expect(within(signed).getByText('工贸企业安全生产告知承诺书')).toBeTruthy();
    expect(within(signed).getByText('签署人：赵老板 · 2025-03-02 09:30')).toBeTruthy();
    expect(within(signed).getByText('查看 ›')).toBeTruthy();
    expect(signed.style.borderLeftColor).toBe('rgb(22, 119, 255)');

    fireEvent.click(within(owed).getByText('阅读并签署 ›'));
    expect(go).toHaveBeenLastCalledWith({ url: '/packageCommitment/pages/sign/index?enterpriseId=e1' });
    fireEvent.click(within(signed).getByText('查看 ›'));
    expect(go).toHaveBeenLastCalledWith({ url: `/packageCommitment/pages/signed/index?enterpriseId=e1&key=${encodeURIComponent(summary.key)}` });
  });

  test('a reader who may not sign sees the owed letter as 待企业负责人签署 and cannot open the signing page', async () => {
    signIn(gridworker);
    setRoute({ enterpriseId: 'e9' });
    stubNetwork({
      'GET /enterprises/e9/commitments': { statusCode: 200, data: commitments({ enterprise: { id: 'e9', name: '东岳五金店', industry: '商贸' }, canSign: false }) },
    });
    stubNavigation();
    const go = navigate();
    render(<CommitmentList />);
    expect(await screen.findByText('待企业负责人签署')).toBeTruthy();
    fireEvent.click(screen.getByText('待签署'));
    expect(go).not.toHaveBeenCalled();
  });

  test('nothing owed and this year signed', async () => {
    signIn(owner);
    stubNetwork({ 'GET /enterprises/e1/commitments': { statusCode: 200, data: commitments({ owed: undefined, signed: [{ ...summary, year: 2026 }] }) } });
    stubNavigation();
    render(<CommitmentList />);
    expect(await screen.findByText('✓ 本年度承诺书已签署')).toBeTruthy();
    expect(screen.queryByText('待签署')).toBeNull();
  });
});

describe("the gridworker's unsigned list", () => {
  const unsigned = {
    year: 2026,
    enterprises: [
      { id: 'e7', name: '老王烧烤', address: '幸福路8号', industry: '餐饮', area: '370911/c1/g1/m1', areaName: '一号微网格' },
      { id: 'e8', name: '东岳五金店', address: '泰山大街2号', industry: '商贸', area: '370911/c1/g1/m1', areaName: '一号微网格' },
    ],
  };

  test('lists the grid’s unsigned enterprises; 提醒 sends a reminder and shows 已提醒 with the time; a second one today is refused', async () => {
    signIn(gridworker);
    const sent = stubNetwork({
      'GET /commitments/unsigned': { statusCode: 200, data: unsigned },
      'POST /enterprises/e7/commitment-reminders': { statusCode: 200, data: { delivered: true, sent: 1, remindedAt: '2026-11-23T02:05:00.000Z', message: '已提醒：企业负责人已收到微信提醒' } },
      'POST /enterprises/e8/commitment-reminders': { statusCode: 429, data: { error: { code: 'RATE_LIMITED', message: '今天已经提醒过该企业，请明天再试' } } },
    });
    stubNavigation();
    const { container } = render(<CommitmentUnsigned />);
    expect(await screen.findByText('老王烧烤')).toBeTruthy();
    expect(sent[0]!.url).toBe(`http://api.test/commitments/unsigned?area=${encodeURIComponent('370911/c1/g1/m1')}`);
    expect(screen.getByText('未签署 2 家')).toBeTruthy();
    expect(screen.getByText('一号微网格 · 2026年度')).toBeTruthy();
    const [wang, wu] = [...container.querySelectorAll('.cm-unsigned')] as HTMLElement[];
    expect(within(wang!).getByText('幸福路8号')).toBeTruthy();
    expect(within(wang!).getByText('餐饮 · 一号微网格')).toBeTruthy();

    fireEvent.click(within(wang!).getByText('提醒'));
    // 02:05 UTC is 10:05 in Shanghai.
    expect(await within(wang!).findByText('已提醒 2026-11-23 10:05')).toBeTruthy();
    expect(within(wang!).queryByText('提醒')).toBeNull();
    const reminders = sent.filter((s) => s.method === 'POST');
    expect(reminders.map((s) => s.url)).toEqual(['http://api.test/enterprises/e7/commitment-reminders']);
    expect(reminders[0]!.data).toBeUndefined();

    fireEvent.click(within(wu!).getByText('提醒'));
    expect(await within(wu!).findByText('今日已提醒')).toBeTruthy();
    expect(within(wu!).getByText('今天已经提醒过该企业，请明天再试')).toBeTruthy();
  });

  test('a reminder that cannot reach the owner says why and what to do, not 已提醒, and 提醒 stays for another try', async () => {
    signIn(gridworker);
    const undelivered = '未能送达：企业负责人尚未订阅提醒（或提醒次数已用完）。请电话联系提醒签署，并请其在小程序“隐患整改”中允许接收通知。';
    const sent = stubNetwork({
      'GET /commitments/unsigned': { statusCode: 200, data: unsigned },
      'POST /enterprises/e7/commitment-reminders': { statusCode: 200, data: { delivered: false, sent: 0, message: undelivered } },
    });
    stubNavigation();
    const { container } = render(<CommitmentUnsigned />);
    await screen.findByText('老王烧烤');
    const wang = container.querySelector('.cm-unsigned') as HTMLElement;
    fireEvent.click(within(wang).getByText('提醒'));
    expect(await within(wang).findByText(undelivered)).toBeTruthy();
    expect(within(wang).queryByText(/已提醒/)).toBeNull();
    fireEvent.click(within(wang).getByText('再次提醒'));
    await waitFor(() => expect(sent.filter((s) => s.method === 'POST')).toHaveLength(2));
  });

  test('a gridworker with two grids picks one; a tap on an enterprise opens its letters', async () => {
    signIn(gridworker);
    const sent = stubNetwork({ 'GET /commitments/unsigned': { statusCode: 200, data: unsigned } });
    stubNavigation();
    const go = navigate();
    render(<CommitmentUnsigned />);
    await screen.findByText('老王烧烤');
    fireEvent.click(screen.getByText('二号微网格'));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]!.url).toBe(`http://api.test/commitments/unsigned?area=${encodeURIComponent('370911/c1/g1/m2')}`);
    fireEvent.click(await screen.findByText('老王烧烤'));
    expect(go).toHaveBeenCalledWith({ url: '/packageCommitment/pages/list/index?enterpriseId=e7' });
  });

  test('everyone signed', async () => {
    signIn(gridworker);
    stubNetwork({ 'GET /commitments/unsigned': { statusCode: 200, data: { year: 2026, enterprises: [] } } });
    stubNavigation();
    render(<CommitmentUnsigned />);
    expect(await screen.findByText('全部已签署')).toBeTruthy();
  });
});

describe("the supervisor's signing rates", () => {
  test('percentages per child area and per industry, with bars; a child area opens its own rates', async () => {
    signIn(supervisor);
    setRoute({ area: '370911/c1', name: '东关街道' });
    const sent = stubNetwork({
      'GET /commitments/rates': {
        statusCode: 200,
        data: {
          year: 2026,
          area: '370911/c1',
          areas: [
            { area: '370911/c1/g1', areaName: '第一网格', signed: 3, total: 4 },
            { area: '370911/c1/g2', areaName: '第二网格', signed: 2, total: 3 },
            { area: '370911/c1/g3', areaName: '第三网格', signed: 0, total: 0 },
          ],
          industries: [
            { industry: '餐饮', signed: 1, total: 2 },
            { industry: '工贸', signed: 4, total: 5 },
          ],
        },
      },
    });
    stubNavigation();
    const go = navigate();
    const { container } = render(<CommitmentRates />);
    expect(await screen.findByText('第一网格')).toBeTruthy();
    expect(sent[0]!.url).toBe(`http://api.test/commitments/rates?area=${encodeURIComponent('370911/c1')}`);
    expect(screen.getByText('东关街道 · 2026年度')).toBeTruthy();

    const rows = (table: number) =>
      [...container.querySelectorAll('.cm-rates')[table]!.querySelectorAll('.cm-rate-row:not(.cm-rate-head)')].map((row) => ({
        name: row.querySelector('.cm-rate-name')!.textContent!.replace(' ›', ''),
        count: row.querySelector('.cm-rate-count')!.textContent,
        rate: row.querySelector('.cm-rate-value')!.textContent,
        bar: (row.querySelector('.cm-bar-fill') as HTMLElement).style.width,
      }));
    expect(rows(0)).toEqual([
      { name: '第一网格', count: '3/4', rate: '75.0%', bar: '75%' },
      { name: '第二网格', count: '2/3', rate: '66.7%', bar: '66.7%' },
      { name: '第三网格', count: '0/0', rate: '—', bar: '0%' },
    ]);
    // Industries in the shared order (工贸 before 餐饮).
    expect(rows(1)).toEqual([
      { name: '工贸', count: '4/5', rate: '80.0%', bar: '80%' },
      { name: '餐饮', count: '1/2', rate: '50.0%', bar: '50%' },
    ]);
    // The whole area: 5 of 7.
    expect(screen.getByText('71.4%')).toBeTruthy();
    expect(screen.getByText('已签署 5 家，应签署 7 家')).toBeTruthy();

    fireEvent.click(screen.getByText('第一网格'));
    expect(go).toHaveBeenLastCalledWith({ url: `/packageCommitment/pages/rates/index?area=${encodeURIComponent('370911/c1/g1')}&name=${encodeURIComponent('第一网格')}` });
    fireEvent.click(screen.getByText('查看未签署的 2 家 ›'));
    expect(go).toHaveBeenLastCalledWith({ url: `/packageCommitment/pages/unsigned/index?area=${encodeURIComponent('370911/c1')}&name=${encodeURIComponent('东关街道')}` });
  });

  test('rates read as every rate does (shared/src/percent.ts): one decimal, half up, 100% only when everyone signed', () => {
    expect(formatRatio(3, 4)).toBe('75.0%');
    expect(formatRatio(2, 3)).toBe('66.7%');
    expect(formatRatio(1999, 2000)).toBe('99.9%');
    expect(formatRatio(4, 4)).toBe('100.0%');
    expect(formatRatio(0, 5)).toBe('0.0%');
    expect(formatRatio(0, 0)).toBe('—');
    expect(ratioPercent(0, 0)).toBeUndefined();
  });
});

describe('entry points on the homes', () => {
  test('enterprise owner → 告知承诺', async () => {
    signIn(owner);
    stubNetwork({});
    stubNavigation();
    const go = navigate();
    render(<EnterpriseHome />);
    fireEvent.click(screen.getByText('告知承诺', { selector: '.nut-cell-title, .nut-cell-title *' }));
    expect(go).toHaveBeenCalledWith({ url: '/packageCommitment/pages/list/index?enterpriseId=e1' });
  });

  test('gridworker → 未签承诺', async () => {
    signIn(gridworker);
    stubNetwork({ 'GET /gridworker/grids': { statusCode: 200, data: { grids: [] } } });
    stubNavigation();
    const go = navigate();
    render(<GridworkerHome />);
    fireEvent.click(screen.getByText('未签承诺'));
    expect(go).toHaveBeenCalledWith({ url: '/packageCommitment/pages/unsigned/index' });
    await screen.findByText('暂无负责的网格');
  });

  test('supervisor → 承诺签署率 of their area; enforcement has none', async () => {
    signIn(supervisor);
    stubNetwork({ 'GET /areas': { statusCode: 200, data: { areas: [] } } });
    stubNavigation();
    const go = navigate();
    const first = render(<SupervisorHome />);
    fireEvent.click(screen.getByText('承诺签署率'));
    expect(go).toHaveBeenCalledWith({ url: `/packageCommitment/pages/rates/index?area=${encodeURIComponent('370911/c1')}&name=${encodeURIComponent('东关街道')}` });
    await screen.findByText('没有下级区域');
    first.unmount();

    signIn({ id: 'u-enf', name: '孙执法', grants: [{ role: 'enforcement', roleLabel: '执法人员', area: '370911', areaName: '示范区' }] });
    render(<SupervisorHome />);
    expect(screen.getByText('执法线索')).toBeTruthy();
    expect(screen.queryByText('承诺签署率')).toBeNull();
    await screen.findByText('没有下级区域');
  });
});
