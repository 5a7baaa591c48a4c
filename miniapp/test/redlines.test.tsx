import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { RedLineView } from '@safegrid/shared';
import RedLines from '../src/packageLedger/pages/redlines/index';
import RedLineEditor from '../src/packageLedger/pages/redline/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { ULID, fire, setRoute } from './hazard-fixtures';
import { gridworker, summary, supervisor } from './ledger-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const admin = { id: 'u-adm', name: '管理员', grants: [{ role: 'admin' as const, roleLabel: '管理员', area: '370911', areaName: '示范区' }] };
const streetSupervisor = { id: 'u-sup2', name: '周监管', grants: [{ role: 'supervisor' as const, roleLabel: '监管人员', area: '370911/c1', areaName: '东关街道' }] };

const redLine = (over: Partial<RedLineView> = {}): RedLineView => ({
  id: 'rl-1',
  area: '370911',
  areaName: '示范区',
  title: '粉尘涉爆企业除尘系统',
  factors: ['除尘器未设泄爆装置', '积尘未及时清理'],
  enterprises: [{ id: 'e1', name: '安达化工' }],
  ownerName: '钱主任',
  ownerPhone: '13912345678',
  measures: ['每班次清理积尘并记录'],
  version: 2,
  ...over,
});
const listed = (lines: RedLineView[]) => ({ statusCode: 200, data: { redLines: lines } });
const posts = (sent: Sent[]) => sent.filter((s) => s.method === 'POST').map((s) => s.data as Record<string, unknown>);
const puts = (sent: Sent[]) => sent.filter((s) => s.method === 'PUT').map((s) => s.data);
const input = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`) as HTMLInputElement;
const navigate = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const goBack = () => jest.spyOn(Taro, 'navigateBack').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);

test('the list: its keepers add red lines and edit those of their areas; a red line set above them, and a gridworker, only read', async () => {
  signIn(streetSupervisor);
  setRoute({ area: '370911/c1' });
  stubNetwork({ 'GET /red-lines': listed([redLine(), redLine({ id: 'rl-2', area: '370911/c1', areaName: '东关街道', title: '燃气使用场所' })]) });
  const go = navigate();
  const first = render(<RedLines />);
  await screen.findByText('2. 燃气使用场所');
  const cards = document.querySelectorAll('.redline-card');
  expect(within(cards[0] as HTMLElement).queryByText('编辑')).toBeNull();
  fireEvent.click(within(cards[1] as HTMLElement).getByText('编辑'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageLedger/pages/redline/index?area=370911%2Fc1&name=%E4%B8%9C%E5%85%B3%E8%A1%97%E9%81%93&id=rl-2' });
  fireEvent.click(screen.getByText('新增红线'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageLedger/pages/redline/index?area=370911%2Fc1&name=%E4%B8%9C%E5%85%B3%E8%A1%97%E9%81%93' });
  first.unmount();

  signIn(gridworker);
  setRoute(undefined);
  render(<RedLines />);
  await screen.findByText('2. 燃气使用场所');
  expect(screen.queryByText('新增红线')).toBeNull();
  expect(screen.queryByText('编辑')).toBeNull();
});

test('新增红线: lines added and removed, enterprises picked from the area’s ledger; a blank line is named on the phone; saved once under a ULID', async () => {
  signIn(supervisor);
  setRoute({ area: '370911', name: '示范区' });
  const sent = stubNetwork({
    'GET /enterprises': { statusCode: 200, data: { enterprises: [summary(1, { name: '安达化工' }), summary(2, { name: '鑫达五金' })] } },
    'POST /red-lines': (s) => ({ statusCode: 200, data: { redLine: { ...redLine(), id: (s.data as { id: string }).id, version: 1 } } }),
  });
  const nav = stubNavigation();
  const back = goBack();
  const { container } = render(<RedLineEditor />);
  expect(screen.getByText('新增红线')).toBeTruthy();
  fire(input(container, 'title'), 'input', '粉尘涉爆企业除尘系统');
  fire(input(container, 'factors-1'), 'input', '除尘器未设泄爆装置');
  fireEvent.click(screen.getByText('＋ 添加风险因素'));
  fireEvent.click(screen.getByText('＋ 添加风险因素'));
  fire(input(container, 'factors-2'), 'input', '积尘未及时清理');
  fire(input(container, 'measures-1'), 'input', '每班次清理积尘并记录');
  fire(input(container, 'ownerName'), 'input', '钱主任');
  fire(input(container, 'ownerPhone'), 'input', '13912345678');

  fireEvent.click(screen.getByText('保存'));
  const third = input(container, 'factors-3').closest('.field-row')!.parentElement as HTMLElement;
  expect(within(third).getByText('请填写，或删除此行')).toBeTruthy();
  expect(posts(sent)).toHaveLength(0);
  fireEvent.click(within(third).getByText('删除'));
  expect(input(container, 'factors-3')).toBeNull();

  fireEvent.click(container.querySelector('.picker-enterpriseQ .picker-open')!);
  fire(input(container, 'enterpriseQ'), 'input', '达');
  fireEvent.click(screen.getByText('搜索'));
  fireEvent.click(await screen.findByText('安达化工'));
  fireEvent.click(screen.getByText('鑫达五金'));
  expect(screen.getByText('涉及企业（2 家）')).toBeTruthy();
  expect(new URL(sent[0]!.url).searchParams.get('area')).toBe('370911');

  fireEvent.click(screen.getByText('保存'));
  await waitFor(() => expect(back).toHaveBeenCalled());
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }));
  const [body] = posts(sent);
  expect(body).toEqual({
    id: expect.stringMatching(ULID),
    area: '370911',
    title: '粉尘涉爆企业除尘系统',
    factors: ['除尘器未设泄爆装置', '积尘未及时清理'],
    enterpriseIds: ['e1', 'e2'],
    ownerName: '钱主任',
    ownerPhone: '13912345678',
    measures: ['每班次清理积尘并记录'],
  });
});

test('the API’s field errors show at their line and field; a retry keeps the same id', async () => {
  signIn(supervisor);
  setRoute({ area: '370911', name: '示范区' });
  const sent = stubNetwork({
    'POST /red-lines': {
      statusCode: 400,
      data: { error: { code: 'VALIDATION_FAILED', message: '涉及的企业须在该区域内', fields: { 'measures.0': '管控措施：不能超过300个字符', ownerPhone: '责任人电话：应为11位手机号' } } },
    },
  });
  stubNavigation();
  const { container } = render(<RedLineEditor />);
  fire(input(container, 'title'), 'input', '燃气使用场所');
  fire(input(container, 'factors-1'), 'input', '软管老化');
  fire(input(container, 'measures-1'), 'input', '每月检查');
  fire(input(container, 'ownerName'), 'input', '钱主任');
  fireEvent.click(screen.getByText('保存'));
  const measure = input(container, 'measures-1').closest('.field-row')!.parentElement as HTMLElement;
  expect(await within(measure).findByText('管控措施：不能超过300个字符')).toBeTruthy();
  fireEvent.click(screen.getByText('保存'));
  await waitFor(() => expect(posts(sent)).toHaveLength(2));
  expect(posts(sent)[1]!.id).toBe(posts(sent)[0]!.id);
});

test('编辑红线: only what changed is sent with the version loaded; a masked phone is never sent back; a 409 is said in Chinese with 刷新', async () => {
  signIn(admin);
  setRoute({ area: '370911', name: '示范区', id: 'rl-1' });
  let gets = 0;
  const sent = stubNetwork({
    'GET /red-lines': () => {
      gets += 1;
      // Admins see phones masked.
      return listed([redLine({ ownerPhone: '139****5678', version: gets === 1 ? 2 : 3, title: gets === 1 ? '粉尘涉爆企业除尘系统' : '粉尘涉爆（已更新）' })]);
    },
    'PUT /red-lines/rl-1': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '该红线已被他人修改，请刷新后重新编辑' } } },
  });
  stubNavigation();
  const { container } = render(<RedLineEditor />);
  expect(await screen.findByText('示范区 · 第 2 版')).toBeTruthy();
  expect(input(container, 'factors-2').value).toBe('积尘未及时清理');
  expect(input(container, 'ownerPhone').value).toBe('');
  expect(input(container, 'ownerPhone').getAttribute('placeholder')).toBe('139****5678，不改请留空');
  expect(container.querySelector('.picker-value')!.textContent).toBe('安达化工');

  fireEvent.click(screen.getByText('保存'));
  await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有修改' })));
  expect(puts(sent)).toHaveLength(0);

  fire(input(container, 'title'), 'input', '粉尘涉爆企业除尘与清扫');
  fireEvent.click(container.querySelectorAll('.rl-measures .rl-remove')[0]!);
  fireEvent.click(screen.getByText('＋ 添加管控措施'));
  fire(input(container, 'measures-1'), 'input', '每日清扫');
  fireEvent.click(screen.getByText('保存'));
  expect(await screen.findByText('该红线已被他人修改，请刷新后重新编辑')).toBeTruthy();
  expect(puts(sent)).toEqual([{ version: 2, changes: { title: '粉尘涉爆企业除尘与清扫', measures: ['每日清扫'] } }]);

  fireEvent.click(screen.getByText('刷新（放弃本次修改）'));
  expect(await screen.findByText('示范区 · 第 3 版')).toBeTruthy();
  expect(input(container, 'title').value).toBe('粉尘涉爆（已更新）');
  expect(screen.queryByText('该红线已被他人修改，请刷新后重新编辑')).toBeNull();
});

test('someone who does not keep the area is told so, and nothing is loaded', () => {
  signIn(streetSupervisor);
  setRoute({ area: '370911', name: '示范区', id: 'rl-1' });
  const sent = stubNetwork({});
  render(<RedLineEditor />);
  expect(screen.getByText('只有该区域的监管人员或管理员可以维护十条红线')).toBeTruthy();
  expect(sent).toHaveLength(0);
});
