import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import CheckRecord from '../src/packageGridworker/pages/record/index';
import CheckCoverage from '../src/packageGridworker/pages/coverage/index';
import { reset, signIn, stubNetwork } from './helpers';
import { setRoute } from './hazard-fixtures';
import { checkView, gridworker, supervisor } from './check-fixtures';

const ID = '01JD7CHECK0000000000000001';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const item = (id: string) => document.getElementById(`ck-item-${id}`)!;

test('检查记录: who, where and what — every item with its result, the failed one marked with its note and photos, the hazards, the signature', async () => {
  signIn(gridworker);
  setRoute({ id: ID });
  const sent = stubNetwork({ [`GET /checks/${ID}`]: { statusCode: 200, data: { check: checkView() } } });
  const navigate = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = render(<CheckRecord />);
  expect(await screen.findByText('检查信息')).toBeTruthy();
  expect(sent[0]!.url).toBe(`http://api.test/checks/${ID}`);
  expect(screen.getByText('日常巡查 · 2026-11-20 10:30')).toBeTruthy();
  expect(screen.getByText('不符合 1 项')).toBeTruthy();
  expect(screen.getByText('工贸企业日常检查表（第 3 版）')).toBeTruthy();
  expect(screen.getByText('王网格')).toBeTruthy();
  expect(screen.getByText('2026-11-20 10:05')).toBeTruthy();
  expect(screen.getByText('距企业 892 米')).toBeTruthy();
  expect(screen.getByText('企业登记位置有误')).toBeTruthy();

  // The failed item stands out, with its note, photos and the fix on the spot.
  expect(item('f1').className).toContain('ck-item-failing');
  expect(within(item('f1')).getByText('不符合')).toBeTruthy();
  expect(within(item('f1')).getByText('情况说明：二楼灭火器已过期')).toBeTruthy();
  expect(within(item('f1')).getByText('✓ 已当场整改')).toBeTruthy();
  expect([...item('f1').querySelectorAll('.photo-img')].map((img) => img.getAttribute('src'))).toEqual(['https://s3.test/f1.jpg', 'https://s3.test/f1-fix.jpg']);
  // The others as answered.
  expect(item('f2').className).not.toContain('ck-item-failing');
  expect(within(item('f2')).getByText('1.6 米（符合）')).toBeTruthy();
  expect(within(item('m1')).getByText('不适用')).toBeTruthy();
  expect(within(item('m2')).getByText('照片 1 张')).toBeTruthy();
  expect(container.querySelectorAll('.ck-item-failing')).toHaveLength(1);

  expect(screen.getByText('整体情况良好，灭火器已当场更换')).toBeTruthy();
  expect(screen.getByText('赵老板')).toBeTruthy();
  expect(container.querySelector('.ck-signature-view .ck-signature-img')!.getAttribute('src')).toBe('https://s3.test/signature.png');

  expect(screen.getByText('不符合项已生成 1 条隐患，交办整改：')).toBeTruthy();
  fireEvent.click(screen.getByText('查看隐患 1 ›'));
  expect(navigate).toHaveBeenCalledWith({ url: '/packageHazard/pages/detail/index?id=h9' });
});

test('检查记录: 下载PDF opens the printable record; a failure says so', async () => {
  signIn(gridworker);
  setRoute({ id: ID });
  let pdfCalls = 0;
  stubNetwork({
    [`GET /checks/${ID}`]: { statusCode: 200, data: { check: checkView({ hazardIds: [], failedCount: 0 }) } },
    [`GET /checks/${ID}/pdf`]: () => {
      pdfCalls += 1;
      if (pdfCalls === 1) throw new Error('request:fail');
      return { statusCode: 200, data: { url: 'https://s3.test/checks/c1.pdf?sig=1', expiresAt: '2026-11-20T03:00:00.000Z' } };
    },
  });
  const open = jest.spyOn(window, 'open').mockImplementation(() => ({}) as Window);
  render(<CheckRecord />);
  expect(await screen.findByText('全部符合')).toBeTruthy();
  expect(screen.queryByText(/查看隐患/)).toBeNull();
  fireEvent.click(screen.getByText('下载PDF'));
  expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeTruthy();
  fireEvent.click(screen.getByText('下载PDF'));
  await waitFor(() => expect(open).toHaveBeenCalledWith('https://s3.test/checks/c1.pdf?sig=1', '_blank'));
  expect(screen.queryByText('网络连接失败，请检查网络后重试')).toBeNull();
});

const coverage = {
  area: '370911',
  areas: [
    { area: '370911/c1', areaName: '东关街道', total: 4, covered: 3 },
    { area: '370911/c2', areaName: '西关街道', total: 3, covered: 2 },
    { area: '370911/c3', areaName: '开发区', total: 0, covered: 0 },
  ],
  gridworkers: [
    { userId: 'u-gw', name: '王网格', total: 5, covered: 5 },
    { userId: 'u-gw2', name: '钱网格', total: 2, covered: 0 },
  ],
  blindSpots: [
    { id: 'e3', name: '老王烧烤', area: '370911/c1/g1', riskClass: 'A', period: '2026年11月' },
    { id: 'e5', name: '西关五金店', area: '370911/c2/g1', riskClass: 'C', lastCheckedAt: '2026-05-02T02:00:00.000Z', period: '2026年第四季度' },
  ],
};

test('检查覆盖: covered of owed by child area and by gridworker in percent, the blind spots; a child area opens its own coverage', async () => {
  signIn(supervisor);
  setRoute({ area: '370911', name: '示范区' });
  const sent = stubNetwork({ 'GET /checks/coverage': { statusCode: 200, data: coverage } });
  const navigate = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = render(<CheckCoverage />);
  expect(await screen.findByText('东关街道')).toBeTruthy();
  expect(sent[0]!.url).toBe('http://api.test/checks/coverage?area=370911');
  expect(screen.getByText('示范区 · 本期应检企业的检查情况')).toBeTruthy();
  // The whole: 5 of 7.
  expect(container.querySelector('.ck-total-value')!.textContent).toBe('71.4%');
  expect(screen.getByText('已检查 5 家，应检查 7 家')).toBeTruthy();
  const rows = [...container.querySelectorAll('.ck-rate-row:not(.ck-rate-head)')] as HTMLElement[];
  expect(rows.map((r) => [r.querySelector('.ck-rate-name')!.textContent, r.querySelector('.ck-rate-count')!.textContent, r.querySelector('.ck-rate-value')!.textContent])).toEqual([
    ['东关街道 ›', '3/4', '75.0%'],
    ['西关街道 ›', '2/3', '66.7%'],
    ['开发区 ›', '0/0', '—'],
    ['王网格', '5/5', '100.0%'],
    ['钱网格', '0/2', '0.0%'],
  ]);
  expect((rows[0]!.querySelector('.ck-bar-fill') as HTMLElement).style.width).toBe('75%');
  expect(screen.getByText('检查盲区（2 家）')).toBeTruthy();
  const blind = [...container.querySelectorAll('.ck-blind')] as HTMLElement[];
  expect(within(blind[0]!).getByText('从未检查')).toBeTruthy();
  expect(within(blind[1]!).getByText('上次检查 2026-05-02')).toBeTruthy();
  expect(within(blind[1]!).getByText('C类')).toBeTruthy();

  fireEvent.click(screen.getByText('西关街道'));
  expect(navigate).toHaveBeenCalledWith({ url: `/packageGridworker/pages/coverage/index?area=${encodeURIComponent('370911/c2')}&name=${encodeURIComponent('西关街道')}` });
  fireEvent.click(screen.getByText('老王烧烤'));
  expect(navigate).toHaveBeenLastCalledWith({ url: '/packageLedger/pages/detail/index?id=e3' });
});

test('检查覆盖 of a drilled-into area: its name from the query, nothing below it, no blind spots', async () => {
  signIn(supervisor);
  setRoute({ area: encodeURIComponent('370911/c2'), name: encodeURIComponent('西关街道') });
  const sent = stubNetwork({ 'GET /checks/coverage': { statusCode: 200, data: { area: '370911/c2', areas: [], gridworkers: [], blindSpots: [] } } });
  render(<CheckCoverage />);
  expect(await screen.findByText('没有下级区域')).toBeTruthy();
  expect(sent[0]!.url).toBe(`http://api.test/checks/coverage?area=${encodeURIComponent('370911/c2')}`);
  expect(screen.getByText('西关街道 · 本期应检企业的检查情况')).toBeTruthy();
  expect(screen.getByText('没有检查盲区')).toBeTruthy();
  expect(screen.getByText('暂无网格员')).toBeTruthy();
});
