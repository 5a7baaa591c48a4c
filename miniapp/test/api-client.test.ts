import Taro from '@tarojs/taro';
import { ApiError, call } from '../src/api/client';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';

afterEach(reset);

const admin = { id: 'u-admin', name: '管理员甲', grants: [{ role: 'admin' as const, roleLabel: '管理员', area: '370911' }] };

test('turns the API error body into an ApiError with code, message and fields', async () => {
  signIn(admin);
  stubNetwork({
    'POST /areas': {
      statusCode: 409,
      data: { error: { code: 'CONFLICT', message: '编码已被使用', fields: { code: '编码：已存在' } } },
    },
  });
  const error = await call('createArea', { body: { parent: '370911', code: 'c9', name: '新社区', level: 'community' } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ code: 'CONFLICT', message: '编码已被使用', fields: { code: '编码：已存在' }, status: 409 });
});

test('a 200 whose body is not an object (cut off, or not JSON) is an error, never data for the page', async () => {
  signIn(admin);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  stubNetwork({ 'GET /hazards/queue': { statusCode: 200, data: '{"groups":[{"kind"' } });
  const error = await call('hazardQueue').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ code: 'BAD_RESPONSE', message: '服务返回的数据不完整，请稍后重试', status: 200 });
});

test('a 200 the contract does not describe (a list missing) is an error naming the route and path, with no values logged', async () => {
  signIn(admin);
  const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const enterprise = { id: 'e1', name: '泰安某某机械有限公司', industry: '工贸' };
  stubNetwork({ 'GET /enterprises/e1/commitments': { statusCode: 200, data: { enterprise, year: 2026, canSign: true } } });
  const error = await call('enterpriseCommitments', { params: { id: 'e1' } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ code: 'BAD_RESPONSE', message: '服务返回的数据不完整，请稍后重试', status: 200 });
  expect(log).toHaveBeenCalledTimes(1);
  const line = String(log.mock.calls[0]?.[0]);
  expect(line).toContain('enterpriseCommitments');
  expect(line).toContain('signed');
  expect(line).not.toContain(enterprise.name);
});

test('a complete reply comes back as the contract parses it', async () => {
  signIn(admin);
  const enterprise = { id: 'e1', name: '泰安某某机械有限公司', industry: '工贸' };
  stubNetwork({ 'GET /enterprises/e1/commitments': { statusCode: 200, data: { enterprise, year: 2026, signed: [], canSign: true } } });
  await expect(call('enterpriseCommitments', { params: { id: 'e1' } })).resolves.toEqual({ enterprise, year: 2026, signed: [], canSign: true });
});

test('refuses a body that fails the shared schema, with its Chinese field messages, without calling the network', async () => {
  signIn(admin);
  const sent = stubNetwork({});
  const error = await call('createInvitation', {
    body: { id: 'not-a-ulid', name: '', phone: '12345', grant: { role: 'supervisor', area: 'x y' } },
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  const apiError = error as ApiError;
  expect(apiError.code).toBe('VALIDATION_FAILED');
  expect(apiError.fields?.id).toContain('ULID');
  expect(apiError.fields?.phone).toBe('手机号：应为11位手机号');
  expect(apiError.fields?.['grant.area']).toContain('区域编号格式不正确');
  expect(apiError.fields?.name).toMatch(/^姓名：/);
  expect(sent).toHaveLength(0);
  expect(Taro.request).not.toHaveBeenCalled();
});

test('sends the token and the query, and returns the response', async () => {
  signIn(admin, 'tok-admin');
  const sent = stubNetwork({
    'GET /areas': { statusCode: 200, data: { areas: [{ path: '370911/c1', code: 'c1', name: '城关街道', level: 'street' }] } },
  });
  const res = await call('listAreas', { query: { parent: '370911' } });
  expect(res.areas[0]?.name).toBe('城关街道');
  expect(sent[0]?.url).toBe('http://api.test/areas?parent=370911');
  expect(sent[0]?.method).toBe('GET');
  expect(sent[0]?.header?.Authorization).toBe('Bearer tok-admin');
});

test('a 401 clears the session and returns to sign-in', async () => {
  signIn(admin);
  stubNetwork({ 'GET /me': { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' } } } });
  const nav = stubNavigation();
  await expect(call('me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  expect(Taro.getStorageSync('safegrid.token')).toBe('');
  expect(nav.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
});

test('a failed connection becomes a NETWORK ApiError', async () => {
  jest.spyOn(Taro, 'request').mockImplementation((() => Promise.reject(new Error('request:fail'))) as never);
  await expect(call('devUsers')).rejects.toMatchObject({ code: 'NETWORK' });
});
