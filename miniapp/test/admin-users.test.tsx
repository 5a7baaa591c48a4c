import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import AdminUsers from '../src/packageAdmin/pages/users/index';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';

const admin = { id: 'u-adm', name: '管理员甲', grants: [{ role: 'admin' as const, roleLabel: '管理员', area: '370911', areaName: '示范区' }] };
const listed = {
  id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
  name: '王网格',
  phone: '138****5678',
  grants: [{ role: 'gridworker' as const, roleLabel: '网格员', area: '370911/c1/g1', areaName: '第一网格' }],
};

beforeEach(() => {
  (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = { area: '370911', name: '示范区' };
});
afterEach(() => {
  delete (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams;
  reset();
});

function type(container: HTMLElement, name: string, value: string): void {
  const input = container.querySelector(`[name="${name}"]`);
  if (!input) throw new Error(`no input named ${name}`);
  fireEvent.input(input, { detail: { value }, target: { value } });
}

test('lists the users of the area', async () => {
  signIn(admin);
  const sent = stubNetwork({ 'GET /users': { statusCode: 200, data: { users: [listed] } } });
  stubNavigation();
  render(<AdminUsers />);
  expect(await screen.findByText('王网格（138****5678）')).toBeTruthy();
  expect(sent[0]?.url).toBe('http://api.test/users?area=370911');
});

const invitation = {
  id: '01JBBBBBBBBBBBBBBBBBBBBBBB',
  name: '王网格',
  phone: '139****0000',
  role: 'gridworker' as const,
  roleLabel: '网格员',
  scopeName: '第一网格',
  area: '370911/c1/g1',
  forUserId: listed.id,
  state: 'pending' as const,
  stateLabel: '待找回',
  createdAt: '2026-12-07T02:00:00.000Z',
  createdByName: '管理员甲',
  expiresAt: '2026-12-14T02:00:00.000Z',
  code: 'K7M4Q2XW',
  canReissue: true,
  canRevoke: true,
};

test('finds people by name or phone digits, and invites new ones instead of creating accounts', async () => {
  signIn(admin);
  const sent = stubNetwork({ 'GET /users': { statusCode: 200, data: { users: [listed] } } });
  const navigate = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve()) as never);
  stubNavigation();
  const { container } = render(<AdminUsers />);
  await screen.findByText('王网格（138****5678）');
  type(container, 'userQ', '5678');
  fireEvent.click(screen.getByText('搜索'));
  await waitFor(() => expect(sent.at(-1)?.url).toBe('http://api.test/users?area=370911&q=5678'));
  expect(screen.queryByText('创建人员')).toBeNull();
  fireEvent.click(screen.getByText('邀请人员'));
  expect(navigate).toHaveBeenCalledWith({ url: '/packageAccount/pages/invitations/index?area=370911&name=%E7%A4%BA%E8%8C%83%E5%8C%BA' });
});

test('edits a person’s roles in place: the gridworker’s grid stays with 指定网格员', async () => {
  signIn(admin);
  const updated = { ...listed, grants: [...listed.grants, { role: 'guarantee_leader' as const, roleLabel: '包保责任人', area: '370911', areaName: '示范区' }] };
  const sent = stubNetwork({
    'GET /users': { statusCode: 200, data: { users: [listed] } },
    'GET /areas': { statusCode: 200, data: { areas: [] } },
    [`PUT /users/${listed.id}/grants`]: { statusCode: 200, data: { user: updated } },
  });
  stubNavigation();
  render(<AdminUsers />);
  fireEvent.click(await screen.findByText('王网格（138****5678）'));
  expect(screen.getByText('网格员的网格在“指定网格员”中更换。')).toBeTruthy();
  fireEvent.click(screen.getByText('添加该角色'));
  fireEvent.click(screen.getByText('保存角色'));
  await waitFor(() => expect(sent.find((s) => s.method === 'PUT')?.data).toEqual({ grants: [{ role: 'guarantee_leader', area: '370911' }] }));
});

test('deactivates after a confirmation, and rebinds by an invitation whose code is shown once', async () => {
  signIn(admin);
  const sent = stubNetwork({
    'GET /users': { statusCode: 200, data: { users: [listed] } },
    'GET /areas': { statusCode: 200, data: { areas: [] } },
    [`PUT /users/${listed.id}/status`]: { statusCode: 200, data: { user: { ...listed, deactivatedAt: '2026-12-07T03:00:00.000Z' } } },
    'POST /invitations': { statusCode: 200, data: { invitation } },
  });
  stubNavigation();
  jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true, cancel: false })) as never);
  const { container } = render(<AdminUsers />);
  fireEvent.click(await screen.findByText('王网格（138****5678）'));
  fireEvent.click(screen.getByText('停用账号'));
  expect(await screen.findByText('王网格（138****5678） · 已停用')).toBeTruthy();
  expect(sent.find((s) => s.url.endsWith('/status'))?.data).toEqual({ active: false });
  fireEvent.click(screen.getByText('王网格（138****5678） · 已停用'));
  fireEvent.click(screen.getByText('王网格（138****5678） · 已停用'));
  type(container, 'rebindPhone', '13900000000');
  fireEvent.click(screen.getByText('发出找回邀请'));
  expect(await screen.findByText('K7M4Q2XW')).toBeTruthy();
  const post = sent.find((s) => s.method === 'POST');
  expect(post?.data).toMatchObject({ phone: '13900000000', userId: listed.id });
});
