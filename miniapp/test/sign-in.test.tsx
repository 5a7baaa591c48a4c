import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import SignIn from '../src/pages/index/index';
import { reset, stubNavigation, stubNetwork } from './helpers';

const users = [
  { id: 'u-gw', name: '王网格', role: 'gridworker', roleLabel: '网格员', scopeLabel: '第一网格' },
  { id: 'u-sup', name: '李监管', role: 'supervisor', roleLabel: '监管人员', scopeLabel: '城关街道' },
  { id: 'u-pub', name: '赵公众', role: 'public', roleLabel: '公众', scopeLabel: '本人' },
];
const session = {
  token: 'tok-gw',
  expiresAt: '2026-12-01T00:00:00.000Z',
  user: { id: 'u-gw', name: '王网格', grants: [{ role: 'gridworker', roleLabel: '网格员', area: '370911/c1/g1', areaName: '第一网格' }] },
};

afterEach(reset);

test('lists the demo users by role label and signs in as the one tapped', async () => {
  const sent = stubNetwork({
    'GET /auth/dev-users': { statusCode: 200, data: { users } },
    'POST /auth/dev': { statusCode: 200, data: session },
  });
  const nav = stubNavigation();

  render(<SignIn />);
  expect(await screen.findByText('王网格')).toBeTruthy();
  expect(screen.getByText('李监管')).toBeTruthy();
  expect(screen.getByText('赵公众')).toBeTruthy();
  expect(screen.getByText('城关街道')).toBeTruthy();
  expect(screen.getAllByText('监管人员').length).toBeGreaterThan(0);
  expect(Taro.getStorageSync('safegrid.token')).toBe('');

  fireEvent.click(screen.getByText('王网格'));

  await waitFor(() => expect(nav.reLaunch).toHaveBeenCalledWith({ url: '/packageGridworker/pages/home/index' }));
  const login = sent.find((s) => s.url.endsWith('/auth/dev'));
  expect(login?.method).toBe('POST');
  expect(login?.url).toBe('http://api.test/auth/dev');
  expect(login?.data).toEqual({ userId: 'u-gw' });
  expect(Taro.getStorageSync('safegrid.token')).toBe('tok-gw');
  expect(Taro.getStorageSync('safegrid.user')).toMatchObject({ id: 'u-gw', name: '王网格' });
});

test('shows the API message when the demo users cannot be loaded', async () => {
  stubNetwork({
    'GET /auth/dev-users': { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务暂时出现问题' } } },
  });
  stubNavigation();
  render(<SignIn />);
  expect(await screen.findByText('服务暂时出现问题')).toBeTruthy();
});

describe('in H5, against the local WeChat stand-in', () => {
  beforeEach(() => (process.env.TARO_ENV = 'h5'));
  afterEach(() => (process.env.TARO_ENV = 'weapp'));

  test('a district without the demo sign-in shows only the stand-in, which signs in by the code typed', async () => {
    const sent = stubNetwork({
      'GET /auth/dev-users': { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '该接口不存在' } } },
      'POST /auth/wechat': { statusCode: 200, data: session },
    });
    const nav = stubNavigation();
    const { container } = render(<SignIn />);
    await waitFor(() => expect(screen.queryByText('选择演示账号登录')).toBeNull());
    expect(screen.queryByText('该接口不存在')).toBeNull();
    const input = container.querySelector('[name="standInCode"]')!;
    fireEvent.input(input, { detail: { value: 'zhang-min' }, target: { value: 'zhang-min' } });
    fireEvent.click(screen.getByText('模拟微信登录'));
    await waitFor(() => expect(nav.reLaunch).toHaveBeenCalledWith({ url: '/packageGridworker/pages/home/index' }));
    expect(sent.find((s) => s.url.endsWith('/auth/wechat'))?.data).toEqual({ code: 'zhang-min' });
  });

  test('受邀加入 signs in and goes on to accept the invitation', async () => {
    stubNetwork({ 'GET /auth/dev-users': { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '该接口不存在' } } }, 'POST /auth/wechat': { statusCode: 200, data: session } });
    const nav = stubNavigation();
    const { container } = render(<SignIn />);
    fireEvent.input(container.querySelector('[name="standInCode"]')!, { detail: { value: 'li-owner' }, target: { value: 'li-owner' } });
    fireEvent.click(screen.getByText('受邀加入（工作人员、企业人员）'));
    await waitFor(() => expect(nav.reLaunch).toHaveBeenCalledWith({ url: '/packageAccount/pages/invite/index' }));
  });

  test('refuses to sign in without a code, sending nothing', async () => {
    const sent = stubNetwork({ 'GET /auth/dev-users': { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '该接口不存在' } } } });
    stubNavigation();
    jest.spyOn(Taro, 'showToast').mockImplementation((() => Promise.resolve()) as never);
    render(<SignIn />);
    fireEvent.click(screen.getByText('模拟微信登录'));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请输入模拟登录码' })));
    expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);
  });
});

test('a stored session goes straight on to the home page', async () => {
  Taro.setStorageSync('safegrid.token', 'tok');
  Taro.setStorageSync('safegrid.user', session.user);
  const sent = stubNetwork({});
  const nav = stubNavigation();
  render(<SignIn />);
  await waitFor(() => expect(nav.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' }));
  expect(sent).toHaveLength(0);
});
