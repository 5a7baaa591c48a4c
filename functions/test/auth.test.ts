import { readConfig } from '../src/config';
import { deps, overrideDeps } from '../src/deps';
import { handler as bindPhone } from '../src/handlers/bindPhone';
import { handler as devLogin } from '../src/handlers/devLogin';
import { handler as devUsers } from '../src/handlers/devUsers';
import { handler as me } from '../src/handlers/me';
import { handler as updateMe } from '../src/handlers/updateMe';
import { handler as wechatLogin } from '../src/handlers/wechatLogin';
import { expectNothingWritten, fixtureDistrict, invoke, setupTable, snapshot, tokenFor, userById } from './support';

// The fixture plus users under the demo ids the sign-in page offers.
const district = fixtureDistrict();
district.users.push(
  { ...userById('gw-1'), id: 'gw-001' },
  { ...userById('admin-d'), id: 'demo-admin' },
  { ...userById('owner-1'), id: 'demo-owner' },
);
beforeAll(() => setupTable(district));

describe('WeChat sign-in', () => {
  it('signs a demo user in by their stand-in code and carries their roles', async () => {
    const res = await invoke(wechatLogin, { method: 'POST', body: { code: 'demo:gw-1' } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: 'gw-1', name: '网格员甲', phone: '13812345678' });
    expect(res.body.user.grants[0]).toMatchObject({ role: 'gridworker', roleLabel: '网格员', areaName: '一社区第1网格1号微网格' });
    const who = await invoke(me, { token: res.body.token });
    expect(who.body.user.id).toBe('gw-1');
  });

  it('makes a first-time WeChat user a public user exactly once, however often they sign in', async () => {
    const before = (await snapshot()).length;
    const first = await invoke(wechatLogin, { method: 'POST', body: { code: 'new-phone-code' } });
    const again = await invoke(wechatLogin, { method: 'POST', body: { code: 'new-phone-code' } });
    const racing = await Promise.all([1, 2, 3].map(() => invoke(wechatLogin, { method: 'POST', body: { code: 'new-phone-code' } })));
    expect(first.status).toBe(200);
    expect(first.body.user.grants).toEqual([{ role: 'public', roleLabel: '公众' }]);
    for (const r of [again, ...racing]) expect(r.body.user.id).toBe(first.body.user.id);
    expect((await snapshot()).length).toBe(before + 2); // the user and its openid binding
  });

  it('refuses a code WeChat rejects with 401 and writes nothing', async () => {
    const res = await expectNothingWritten(() => invoke(wechatLogin, { method: 'POST', body: { code: 'invalid' } }));
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/微信登录凭证/);
  });

  it('requires the code', async () => {
    const res = await invoke(wechatLogin, { method: 'POST', body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.code).toMatch(/^登录凭证：/);
  });
});

describe('the local sign-in page', () => {
  it('lists the demo users present, with role and scope', async () => {
    const res = await invoke(devUsers);
    expect(res.status).toBe(200);
    expect(res.body.users).toEqual([
      { id: 'demo-owner', name: '企业主甲', role: 'enterprise_owner', roleLabel: '企业负责人', scopeLabel: '测试企业1' },
      { id: 'gw-001', name: '网格员甲', role: 'gridworker', roleLabel: '网格员', scopeLabel: '一社区第1网格1号微网格' },
      { id: 'demo-admin', name: '区管理员', role: 'admin', roleLabel: '管理员', scopeLabel: '测试区' },
    ]);
  });

  it('signs in as a listed user', async () => {
    const res = await invoke(devLogin, { method: 'POST', body: { userId: 'gw-001' } });
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe('gw-001');
    expect(res.body.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('is off in any deployed stage', async () => {
    expect(readConfig({ STAGE: 'prod', DEV_LOGIN: 'true', JWT_SECRET: 'x'.repeat(40) }).devLogin).toBe(false);
    expect(readConfig({ STAGE: 'dev', DEV_LOGIN: 'true', JWT_SECRET: 'x'.repeat(40) }).devLogin).toBe(false);
    expect(() => readConfig({ STAGE: 'prod' })).toThrow(/JWT_SECRET/);
    expect(() => readConfig({ STAGE: 'prod', JWT_SECRET: '' })).toThrow(/JWT_SECRET/);
    expect(readConfig({ STAGE: 'local', JWT_SECRET: '' }).jwtSecret.length).toBeGreaterThanOrEqual(32);
    const real = deps();
    overrideDeps({ config: { ...real.config, devLogin: false } });
    try {
      const login = await expectNothingWritten(() => invoke(devLogin, { method: 'POST', body: { userId: 'gw-001' } }));
      expect(login.status).toBe(404);
      expect((await invoke(devUsers)).status).toBe(404);
    } finally {
      overrideDeps(real);
    }
  });
});

describe('me and the phone number', () => {
  it('binds the phone from the WeChat code and shows it in full only to the user', async () => {
    const token = await tokenFor(userById('pub-1'));
    const res = await invoke(bindPhone, { method: 'POST', token, body: { code: 'phone:13998765432' } });
    expect(res.status).toBe(200);
    expect(res.body.user.phone).toBe('13998765432');
    expect((await invoke(me, { token })).body.user.phone).toBe('13998765432');
  });

  it('sets the display name (trimmed, 1–20 characters, named 姓名 when wrong), and nothing else', async () => {
    const token = await tokenFor(userById('pub-1'));
    const before = (await invoke(me, { token })).body.user;
    const res = await invoke(updateMe, { method: 'PUT', token, body: { name: '  张三丰 ' } });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ ...before, name: '张三丰' });
    expect((await invoke(me, { token })).body.user.name).toBe('张三丰');

    for (const name of ['   ', '名'.repeat(21)]) {
      const bad = await expectNothingWritten(() => invoke(updateMe, { method: 'PUT', token, body: { name } }));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('姓名');
      expect(Object.keys(bad.body.error.fields)).toEqual(['name']);
    }
    const more = await expectNothingWritten(() => invoke(updateMe, { method: 'PUT', token, body: { name: '李四', grants: [{ role: 'admin', area: '370911' }] } }));
    expect(more.status).toBe(400);
    const flagged = await expectNothingWritten(() => invoke(updateMe, { method: 'PUT', token, body: { name: '违禁词' } }));
    expect(flagged.status).toBe(400);
    expect(flagged.body.error.fields).toEqual({ name: expect.stringContaining('姓名') });
    expect((await invoke(me, { token })).body.user.name).toBe('张三丰');
    expect((await invoke(updateMe, { method: 'PUT', body: { name: '王五' } })).status).toBe(401);
  });

  it('answers 401 for a token of a user that no longer exists', async () => {
    const { token } = await deps().tokens.issue({ userId: 'ghost', grants: [{ role: 'public' }] }, new Date());
    expect((await invoke(me, { token })).status).toBe(401);
  });
});
