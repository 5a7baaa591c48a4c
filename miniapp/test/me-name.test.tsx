import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Me from '../src/pages/me/index';
import EditName from '../src/packageAccount/pages/name/index';
import { getUser } from '../src/lib/session';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';

afterEach(reset);

const type = (container: HTMLElement, name: string, value: string) => fireEvent.input(container.querySelector(`[name="${name}"]`)!, { detail: { value }, target: { value } });
const publicUser = { id: 'u-pub', name: '微信用户', grants: [{ role: 'public' as const, roleLabel: '公众' }] };

test('我的 → 姓名 opens 修改姓名; saving sends {name} to PUT /me and the session user follows', async () => {
  signIn(publicUser);
  stubNetwork({ 'GET /me': { statusCode: 200, data: { user: publicUser } } });
  stubNavigation();
  const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const me = render(<Me />);
  fireEvent.click(await screen.findByText('姓名'));
  expect(go).toHaveBeenCalledWith({ url: '/packageAccount/pages/name/index' });
  me.unmount();

  const sent = stubNetwork({ 'PUT /me': (req) => ({ statusCode: 200, data: { user: { ...publicUser, name: String((req.data as { name: string }).name).trim() } } }) });
  const back = jest.spyOn(Taro, 'navigateBack').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = render(<EditName />);
  // 微信用户 is WeChat's placeholder, not a name to edit.
  expect(container.querySelector('[name="name"]')!.getAttribute('value') ?? '').toBe('');
  fireEvent.click(screen.getByText('保存'));
  // The shared schema answers before the network, naming 姓名.
  expect(await screen.findByText(/姓名/, { selector: '.field-error *' })).toBeTruthy();
  expect(sent).toHaveLength(0);

  type(container, 'name', '张三丰');
  fireEvent.click(screen.getByText('保存'));
  await waitFor(() => expect(back).toHaveBeenCalled());
  expect(sent.map((s) => [s.method, s.data])).toEqual([['PUT', { name: '张三丰' }]]);
  expect(getUser()?.name).toBe('张三丰');
});
