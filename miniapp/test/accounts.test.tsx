import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Invite from '../src/packageAccount/pages/invite/index';
import Invitations from '../src/packageAccount/pages/invitations/index';
import Workers from '../src/packageAccount/pages/workers/index';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';

const route = (params: Record<string, string>) => ((Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = params);
afterEach(() => {
  delete (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams;
  process.env.TARO_ENV = 'weapp';
  reset();
});
const type = (container: HTMLElement, name: string, value: string) => fireEvent.input(container.querySelector(`[name="${name}"]`)!, { detail: { value }, target: { value } });

const publicUser = { id: 'u-new', name: '微信用户', grants: [{ role: 'public' as const, roleLabel: '公众' }] };
const admin = { id: 'u-adm', name: '管理员甲', grants: [{ role: 'admin' as const, roleLabel: '管理员', area: '370911/s1', areaName: '一街道' }] };
const owner = { id: 'u-own', name: '李老板', grants: [{ role: 'enterprise_owner' as const, roleLabel: '企业负责人', enterpriseId: 'ent-1', enterpriseName: '泰山五金厂' }] };
const ID = '01JCCCCCCCCCCCCCCCCCCCCCCC';
const invitation = (extra: Record<string, unknown> = {}) => ({
  id: ID,
  name: '张敏',
  phone: '135****0001',
  role: 'supervisor',
  roleLabel: '监管人员',
  scopeName: '一街道',
  area: '370911/s1',
  state: 'pending',
  stateLabel: '待接受',
  createdAt: '2026-12-07T02:00:00.000Z',
  createdByName: '管理员甲',
  expiresAt: '2026-12-14T02:00:00.000Z',
  canReissue: true,
  canRevoke: true,
  ...extra,
});
const accepted = { accepted: [{ roleLabel: '监管人员', scopeName: '一街道' }], user: { id: 'u-new', name: '张敏', grants: [{ role: 'supervisor', roleLabel: '监管人员', area: '370911/s1', areaName: '一街道' }] } };

describe('受邀加入', () => {
  test('a scanned code shows what it invites to, and accepting lands on the new role’s home', async () => {
    signIn(publicUser);
    route({ scene: encodeURIComponent(`i=${ID}`) });
    const sent = stubNetwork({
      [`GET /invitations/${ID}/preview`]: { statusCode: 200, data: { roleLabel: '监管人员', scopeName: '一街道', name: '张*', inviterName: '管理员甲', state: 'pending', stateLabel: '待接受', expiresAt: '2026-12-14T02:00:00.000Z', rebind: false } },
      'POST /me/invitations': { statusCode: 200, data: accepted },
    });
    const nav = stubNavigation();
    jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true })) as never);
    render(<Invite />);
    expect(await screen.findByText('一街道 · 监管人员')).toBeTruthy();
    expect(screen.getByText('管理员甲 邀请 张* 成为')).toBeTruthy();
    fireEvent.click(screen.getByText('接受邀请'));
    await waitFor(() => expect(nav.reLaunch).toHaveBeenCalledWith({ url: '/packageSupervisor/pages/home/index' }));
    expect(sent.find((s) => s.method === 'POST')?.data).toEqual({ invitationId: ID });
    expect(Taro.getStorageSync('safegrid.user')).toMatchObject({ name: '张敏' });
  });

  test('a code typed wrong says so under the field', async () => {
    signIn(publicUser);
    route({});
    stubNetwork({ 'POST /me/invitations': { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '邀请码不正确，请核对后重新输入', fields: { code: '邀请码不正确' } } } } });
    stubNavigation();
    const { container } = render(<Invite />);
    type(container, 'inviteCode', 'k7m4-q2xw');
    fireEvent.click(screen.getByText('加入'));
    expect(await screen.findByText('邀请码不正确')).toBeTruthy();
  });

  test('the phone-number path: in H5 the stand-in’s phone code; a rebind brings a new session', async () => {
    process.env.TARO_ENV = 'h5';
    signIn(publicUser);
    route({});
    const sent = stubNetwork({ 'POST /me/invitations': { statusCode: 200, data: { ...accepted, session: { token: 'tok-moved', expiresAt: '2026-12-07T06:00:00.000Z' } } } });
    stubNavigation();
    jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true })) as never);
    const { container } = render(<Invite />);
    type(container, 'standInPhone', '13500000001');
    fireEvent.click(screen.getByText('模拟手机号验证'));
    await waitFor(() => expect(Taro.getStorageSync('safegrid.token')).toBe('tok-moved'));
    expect(sent[0]?.data).toEqual({ phoneCode: 'phone:13500000001' });
  });

  test('opened in H5 before signing in, it sends the person to sign in first and back', async () => {
    process.env.TARO_ENV = 'h5';
    route({ scene: `i%3D${ID}` });
    stubNetwork({});
    const nav = stubNavigation();
    render(<Invite />);
    await waitFor(() => expect(nav.reLaunch).toHaveBeenCalled());
    expect(decodeURIComponent(nav.reLaunch.mock.calls[0][0].url)).toBe(`/pages/index/index?next=/packageAccount/pages/invite/index?scene=i%3D${ID}`);
  });
});

describe('邀请人员', () => {
  test('lists pending invitations, issues a new one and shows its code once', async () => {
    signIn(admin);
    route({ area: '370911/s1', name: '一街道' });
    const sent = stubNetwork({
      'GET /invitations': { statusCode: 200, data: { invitations: [invitation({ name: '赵前' })] } },
      'GET /areas': { statusCode: 200, data: { areas: [] } },
      'POST /invitations': { statusCode: 200, data: { invitation: invitation({ code: 'K7M4Q2XW', qrUrl: 'https://s3.test/invitations/x.png' }) } },
    });
    stubNavigation();
    const { container } = render(<Invitations />);
    expect(await screen.findByText('赵前（135****0001）· 待接受')).toBeTruthy();
    expect(sent[0]?.url).toBe('http://api.test/invitations?area=370911%2Fs1&state=pending');
    type(container, 'name', '张敏');
    type(container, 'phone', '13500000001');
    fireEvent.click(screen.getByText('监管人员'));
    fireEvent.click(screen.getByText('发出邀请'));
    expect(await screen.findByText('K7M4Q2XW')).toBeTruthy();
    const post = sent.find((s) => s.method === 'POST');
    expect(post?.data).toMatchObject({ name: '张敏', phone: '13500000001', grant: { role: 'supervisor', area: '370911/s1' } });
    expect((post?.data as { id: string }).id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  test('shows the shared schema’s field messages, and revokes only after a confirmation', async () => {
    signIn(admin);
    route({ area: '370911/s1', name: '一街道' });
    const sent = stubNetwork({
      'GET /invitations': { statusCode: 200, data: { invitations: [invitation({ name: '赵前' })] } },
      'GET /areas': { statusCode: 200, data: { areas: [] } },
      [`PUT /invitations/${ID}`]: { statusCode: 200, data: { invitation: invitation({ name: '赵前', state: 'revoked', stateLabel: '已撤销', canRevoke: false }) } },
    });
    stubNavigation();
    const modal = jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true })) as never);
    const { container } = render(<Invitations />);
    await screen.findByText('赵前（135****0001）· 待接受');
    type(container, 'phone', '13500000001');
    fireEvent.click(screen.getByText('发出邀请'));
    // The shared schema answers before the network: nothing is sent.
    expect(await screen.findByText('姓名：不能为空')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);
    fireEvent.click(screen.getByText('撤销'));
    expect(await screen.findByText('赵前（135****0001）· 已撤销')).toBeTruthy();
    expect(modal).toHaveBeenCalled();
    expect(sent.find((s) => s.method === 'PUT')?.data).toEqual({ action: 'revoke' });
  });
});

describe('我的员工', () => {
  test('lists the workers and the pending invitations, invites one and removes one after a confirmation', async () => {
    signIn(owner);
    route({});
    const worker = { id: 'u-w1', name: '周员工', phone: '137****2222', grants: [{ role: 'worker', roleLabel: '企业员工', enterpriseId: 'ent-1', enterpriseName: '泰山五金厂' }] };
    const sent = stubNetwork({
      'GET /enterprises/ent-1/workers': { statusCode: 200, data: { workers: [worker], canManage: true } },
      'GET /invitations': { statusCode: 200, data: { invitations: [invitation({ name: '吴新', role: 'worker', roleLabel: '企业员工', scopeName: '泰山五金厂', enterpriseId: 'ent-1' })] } },
      'POST /invitations': { statusCode: 200, data: { invitation: invitation({ name: '郑来', role: 'worker', roleLabel: '企业员工', code: 'AB3CD4EF' }) } },
      'DELETE /enterprises/ent-1/workers/u-w1': { statusCode: 200, data: { user: { ...worker, grants: [{ role: 'public', roleLabel: '公众' }] } } },
    });
    stubNavigation();
    jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true })) as never);
    const { container } = render(<Workers />);
    expect(await screen.findByText('周员工')).toBeTruthy();
    expect(screen.getByText('吴新（135****0001）· 待接受')).toBeTruthy();
    fireEvent.click(screen.getByText('移除'));
    await waitFor(() => expect(screen.queryByText('周员工')).toBeNull());
    type(container, 'name', '郑来');
    type(container, 'phone', '13500000002');
    fireEvent.click(screen.getByText('发出邀请'));
    expect(await screen.findByText('AB3CD4EF')).toBeTruthy();
    expect(sent.find((s) => s.method === 'POST')?.data).toMatchObject({ grant: { role: 'worker', enterpriseId: 'ent-1' } });
  });
});
