import Taro from '@tarojs/taro';
import { fireEvent, render, screen } from '@testing-library/react';
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

test('shows the shared schema messages inline and sends nothing when the form is empty', async () => {
  signIn(admin);
  const sent = stubNetwork({ 'GET /users': { statusCode: 200, data: { users: [] } } });
  stubNavigation();
  render(<AdminUsers />);
  await screen.findByText('暂无人员');
  fireEvent.click(screen.getByText('创建人员'));
  expect(await screen.findByText(/^名称：/)).toBeTruthy();
  expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);
});

test('creates a user with a ULID and one grant, and shows the API field errors inline', async () => {
  signIn(admin);
  const sent = stubNetwork({
    'GET /users': { statusCode: 200, data: { users: [] } },
    'POST /users': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '手机号已被使用', fields: { phone: '手机号：已被其他用户使用' } } } },
  });
  stubNavigation();
  const { container } = render(<AdminUsers />);
  await screen.findByText('暂无人员');
  type(container, 'name', '赵新人');
  type(container, 'phone', '13800001111');
  fireEvent.click(screen.getByText('创建人员'));
  expect(await screen.findByText('手机号：已被其他用户使用')).toBeTruthy();
  const post = sent.find((s) => s.method === 'POST');
  expect(post?.data).toMatchObject({ name: '赵新人', phone: '13800001111', grants: [{ role: 'guarantee_leader', area: '370911' }] });
  expect((post?.data as { id: string }).id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
});
