/**
 * Invitations through the real handlers, with the local WeChat stand-in (a stable openid per login
 * code, `phone:<11 digits>` from the phone-number button): every rule of shared/src/invitations.ts
 * and usecases/invitations.ts — the three ways to accept, used, expired, re-issued and revoked
 * invitations, a phone that does not match, two people racing, a public user keeping their reports,
 * the gridworker's grid, a rebind to a new WeChat, deactivation, and an owner's workers.
 */
import { ulid } from 'ulid';
import { deps, overrideDeps } from '../src/deps';
import { handler as acceptInvitation } from '../src/handlers/acceptInvitation';
import { handler as bindPhone } from '../src/handlers/bindPhone';
import { handler as createInvitation } from '../src/handlers/createInvitation';
import { handler as enterpriseWorkers } from '../src/handlers/enterpriseWorkers';
import { handler as listEnterprises } from '../src/handlers/listEnterprises';
import { handler as listInvitations } from '../src/handlers/listInvitations';
import { handler as listMyHazards } from '../src/handlers/listMyHazards';
import { handler as me } from '../src/handlers/me';
import { handler as previewInvitation } from '../src/handlers/previewInvitation';
import { handler as removeWorker } from '../src/handlers/removeWorker';
import { handler as setUserStatus } from '../src/handlers/setUserStatus';
import { handler as updateInvitation } from '../src/handlers/updateInvitation';
import { handler as wechatLogin } from '../src/handlers/wechatLogin';
import { getArea } from '../src/repos/areas';
import { getUser } from '../src/repos/users';
import { reportHazard } from '../src/usecases/hazards';
import { storedReportBody } from './hazard-support';
import { expectNothingWritten, fixture, invoke, isRateCounter, setupTable, tokenFor, userById } from './support';

const { S1, S2, M1 } = fixture.paths;
jest.setTimeout(60_000);
beforeAll(() => setupTable());

const as = (id: string) => tokenFor(userById(id));
let phones = 0;
const newPhone = () => `135${String(++phones).padStart(8, '0')}`;

/** Someone opening the mini-program with WeChat for the first time: a public account of their own. */
async function newcomer(code = `wx-${ulid()}`) {
  const res = await invoke(wechatLogin, { method: 'POST', body: { code } });
  expect(res.status).toBe(200);
  return { token: res.body.token as string, id: res.body.user.id as string, code };
}

async function invite(by: string, grant: Record<string, string> | undefined, extra: Record<string, unknown> = {}) {
  const res = await invoke(createInvitation, { method: 'POST', token: await as(by), body: { id: ulid(), name: '张敏', phone: newPhone(), ...(grant ? { grant } : {}), ...extra } });
  expect(res.status).toBe(200);
  return res.body.invitation as { id: string; code: string; phone: string; state: string; qrUrl?: string };
}

const accept = (token: string, body: Record<string, unknown>) => invoke(acceptInvitation, { method: 'POST', token, body });

describe('inviting and accepting by code', () => {
  it('gives the inviter a one-time code and a mini-program code, shown again while pending to those who manage it only', async () => {
    const inv = await invite('admin-s1', { role: 'supervisor', area: S1 });
    expect(inv.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(inv.state).toBe('pending');
    expect(inv.phone).toMatch(/^135\*{4}\d{4}$/);
    expect(await (await fetch(inv.qrUrl!)).arrayBuffer()).toHaveProperty('byteLength', expect.any(Number));
    const listed = (await invoke(listInvitations, { token: await as('admin-s1'), query: { area: S1 } })).body.invitations.find((i: { id: string }) => i.id === inv.id);
    expect(listed).toMatchObject({ state: 'pending', stateLabel: '待接受', roleLabel: '监管人员', scopeName: '一街道', canReissue: true, canRevoke: true, code: inv.code });
    // A supervisor of the street reads the street's invitations, but does not manage a supervisor's: no code, no QR.
    const seen = (await invoke(listInvitations, { token: await as('sup-s1'), query: { area: S1 } })).body.invitations;
    expect(seen.map((i: { id: string }) => i.id)).not.toContain(inv.id);
  });

  it('binds the WeChat identity that brings the code: the role is added to its own account at once', async () => {
    const inv = await invite('admin-s1', { role: 'supervisor', area: S1 });
    const person = await newcomer();
    expect((await invoke(listEnterprises, { token: person.token, query: { area: S1 } })).status).toBe(403);
    const res = await accept(person.token, { code: inv.code.toLowerCase().replace(/(.{4})/, '$1-') });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toEqual([{ roleLabel: '监管人员', scopeName: '一街道' }]);
    expect(res.body.user).toMatchObject({ id: person.id, name: '张敏', grants: [{ role: 'supervisor', area: S1 }] });
    // The same token now reaches the street; signing in again lands on the same account.
    expect((await invoke(listEnterprises, { token: person.token, query: { area: S1 } })).status).toBe(200);
    const again = await invoke(wechatLogin, { method: 'POST', body: { code: person.code } });
    expect(again.body.user.id).toBe(person.id);
    expect((await getUser(deps().db, person.id))!.homeArea).toBe(S1);
  });

  it('is accepted once: a second person gets 409, the same person again gets the same answer', async () => {
    const inv = await invite('admin-s1', { role: 'guarantee_leader', area: S1 });
    const first = await newcomer();
    const second = await newcomer();
    expect((await accept(first.token, { code: inv.code })).status).toBe(200);
    const taken = await expectNothingWritten(() => accept(second.token, { code: inv.code }), isRateCounter);
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/已被使用/);
    const retried = await accept(first.token, { code: inv.code });
    expect(retried.status).toBe(200);
    expect((await getUser(deps().db, first.id))!.grants).toEqual([{ role: 'guarantee_leader', area: S1 }]);
  });

  it('lets exactly one of two people racing for one invitation have it', async () => {
    const inv = await invite('admin-s1', { role: 'guarantee_leader', area: S1 });
    const people = await Promise.all([newcomer(), newcomer(), newcomer()]);
    const results = await Promise.all(people.map((p) => accept(p.token, { code: inv.code })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const holders = await Promise.all(people.map(async (p) => (await getUser(deps().db, p.id))!.grants.some((g) => g.role === 'guarantee_leader')));
    expect(holders.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a code sent to another phone than the one WeChat verified for the account', async () => {
    const inv = await invite('admin-s1', { role: 'guarantee_leader', area: S1 });
    const person = await newcomer();
    await invoke(bindPhone, { method: 'POST', token: person.token, body: { code: 'phone:13799998888' } });
    const res = await expectNothingWritten(() => accept(person.token, { code: inv.code }), isRateCounter);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(inv.phone);
  });

  it('answers a wrong code with 404 naming the field, and bad input with 400', async () => {
    const person = await newcomer();
    const wrong = await expectNothingWritten(() => accept(person.token, { code: '23456789' }), isRateCounter);
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.fields.code).toBe('邀请码不正确');
    const malformed = await accept(person.token, { code: 'O0I1' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields.code).toMatch(/^邀请码：/);
    const none = await accept(person.token, {});
    expect(none.status).toBe(400);
    expect(none.body.error.fields.code).toMatch(/邀请码/);
  });

  it('counts every attempt: a guesser is stopped with 429', async () => {
    const d = deps();
    overrideDeps({ config: { ...d.config, limits: { ...d.config.limits, invitationAttemptsPerHour: 2 } } });
    try {
      const guesser = await newcomer();
      expect((await accept(guesser.token, { code: '22222222' })).status).toBe(404);
      expect((await accept(guesser.token, { code: '33333333' })).status).toBe(404);
      const third = await accept(guesser.token, { code: '44444444' });
      expect(third.status).toBe(429);
      expect(third.body.error.message).toMatch(/尝试次数过多/);
    } finally {
      overrideDeps({ config: d.config });
    }
  });
});

describe('by the scanned mini-program code and by the phone-number button', () => {
  it('shows what the code invites to before accepting, never the phone, the name masked', async () => {
    const inv = await invite('sup-s1', { role: 'enterprise_owner', enterpriseId: 'ent-1' });
    const person = await newcomer();
    const preview = await invoke(previewInvitation, { token: person.token, params: { id: inv.id } });
    expect(preview.body).toEqual({ roleLabel: '企业负责人', scopeName: '测试企业1', name: '张*', inviterName: '街道监管甲', state: 'pending', stateLabel: '待接受', expiresAt: expect.any(String), rebind: false });
    expect((await accept(person.token, { invitationId: inv.id })).status).toBe(200);
    expect((await getUser(deps().db, person.id))!.grants).toEqual([{ role: 'enterprise_owner', enterpriseId: 'ent-1' }]);
  });

  it('accepts every pending invitation for the phone WeChat verifies, and binds the phone', async () => {
    const phone = newPhone();
    await invite('admin-s1', { role: 'guarantee_leader', area: S1 }, { phone });
    await invite('owner-1', { role: 'worker', enterpriseId: 'ent-1' }, { phone });
    const person = await newcomer();
    const res = await accept(person.token, { phoneCode: `phone:${phone}` });
    expect(res.status).toBe(200);
    expect(res.body.accepted.map((a: { roleLabel: string }) => a.roleLabel).sort()).toEqual(['企业员工', '包保责任人']);
    expect(await getUser(deps().db, person.id)).toMatchObject({ phone, grants: expect.arrayContaining([{ role: 'worker', enterpriseId: 'ent-1' }, { role: 'guarantee_leader', area: S1 }]) });
    const none = await accept((await newcomer()).token, { phoneCode: 'phone:13300001111' });
    expect(none.status).toBe(404);
    expect(none.body.error.message).toContain('133****1111');
  });

  it('keeps what a public user did: the same account, its reports, now with the role', async () => {
    const person = await newcomer();
    await reportHazard(deps(), { userId: person.id, grants: [{ role: 'public' }] }, (await storedReportBody(person.id)) as never);
    const inv = await invite('gw-1', { role: 'enterprise_owner', enterpriseId: 'ent-2' });
    expect((await accept(person.token, { code: inv.code })).status).toBe(200);
    const mine = await invoke(listMyHazards, { token: person.token });
    expect(mine.body.hazards).toHaveLength(1);
    expect((await invoke(me, { token: person.token })).body.user.grants.map((g: { role: string }) => g.role)).toEqual(['enterprise_owner']);
  });
});

describe('the life of an invitation', () => {
  it('expires after 7 days; re-issued, it has a new code and a new week, and the old code says it is stale', async () => {
    const inv = await invite('admin-s1', { role: 'guarantee_leader', area: S1 });
    const d = deps();
    const later = new Date(Date.now() + 8 * 86_400_000);
    overrideDeps({ clock: { now: () => later } });
    try {
      const person = await newcomer();
      const expired = await accept(person.token, { code: inv.code });
      expect(expired.status).toBe(409);
      expect(expired.body.error.message).toMatch(/已过期/);
      // A week on, the admin signs in again.
      const admin = (await deps().tokens.issue({ userId: 'admin-s1', grants: userById('admin-s1').grants }, later)).token;
      const listed = (await invoke(listInvitations, { token: admin, query: { area: S1, state: 'expired' } })).body.invitations;
      expect(listed.map((i: { id: string }) => i.id)).toContain(inv.id);
      const reissued = await invoke(updateInvitation, { method: 'PUT', token: admin, params: { id: inv.id }, body: { action: 'reissue' } });
      expect(reissued.status).toBe(200);
      expect(reissued.body.invitation.code).not.toBe(inv.code);
      expect(Date.parse(reissued.body.invitation.expiresAt)).toBeGreaterThan(later.getTime());
      const stale = await accept(person.token, { code: inv.code });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toMatch(/已失效/);
      expect((await accept(person.token, { code: reissued.body.invitation.code })).status).toBe(200);
    } finally {
      overrideDeps({ clock: d.clock });
    }
  });

  it('is revoked by whoever may manage it, and a revoked one cannot be accepted or re-issued', async () => {
    const inv = await invite('admin-s1', { role: 'guarantee_leader', area: S1 });
    const outsider = await expectNothingWritten(async () => invoke(updateInvitation, { method: 'PUT', token: await as('admin-s2'), params: { id: inv.id }, body: { action: 'revoke' } }));
    expect(outsider.status).toBe(404);
    expect((await invoke(updateInvitation, { method: 'PUT', token: await as('admin-d'), params: { id: inv.id }, body: { action: 'revoke' } })).status).toBe(200);
    const res = await accept((await newcomer()).token, { code: inv.code });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/撤销/);
    expect((await invoke(updateInvitation, { method: 'PUT', token: await as('admin-s1'), params: { id: inv.id }, body: { action: 'reissue' } })).status).toBe(409);
  });

  it('is made once per client id: a retry gives the same invitation and code, another body is refused', async () => {
    const token = await as('admin-s1');
    const body = { id: ulid(), name: '李想', phone: newPhone(), grant: { role: 'department', area: S1 } };
    const first = await invoke(createInvitation, { method: 'POST', token, body });
    const retry = await invoke(createInvitation, { method: 'POST', token, body });
    expect(retry.status).toBe(200);
    expect(retry.body.invitation.id).toBe(first.body.invitation.id);
    expect(retry.body.invitation.code).toBe(first.body.invitation.code);
    const other = await expectNothingWritten(() => invoke(createInvitation, { method: 'POST', token, body: { ...body, name: '别人' } }));
    expect(other.status).toBe(409);
    expect(other.body.error.fields.id).toBe('编号已被使用');
  });

  it('lets each inviter invite only whom they may, where they may', async () => {
    const cases: [string, Record<string, string>, number][] = [
      ['sup-s1', { role: 'supervisor', area: S1 }, 403],
      ['admin-s1', { role: 'supervisor', area: S2 }, 403],
      ['owner-1', { role: 'enterprise_owner', enterpriseId: 'ent-1' }, 403],
      ['owner-1', { role: 'worker', enterpriseId: 'ent-3' }, 403],
      ['gw-1', { role: 'enterprise_owner', enterpriseId: 'ent-3' }, 403],
      ['admin-s1', { role: 'public' }, 400],
      ['admin-s1', { role: 'supervisor' }, 400],
      ['admin-s1', { role: 'gridworker', area: S1 }, 400],
    ];
    for (const [by, grant, status] of cases) {
      const res = await expectNothingWritten(async () => invoke(createInvitation, { method: 'POST', token: await as(by), body: { id: ulid(), name: '王五', phone: newPhone(), grant } }));
      expect({ by, grant, status: res.status }).toEqual({ by, grant, status });
    }
    const noName = await invoke(createInvitation, { method: 'POST', token: await as('admin-s1'), body: { id: ulid(), phone: newPhone(), grant: { role: 'supervisor', area: S1 } } });
    expect(noName.body.error.fields.name).toMatch(/姓名/);
  });
});

describe('a gridworker', () => {
  it('is named on their grid when they accept; a grid that has one cannot be offered again', async () => {
    const { createArea } = await import('../src/usecases/areas');
    const grid = await createArea(deps(), { userId: 'admin-s1', grants: [{ role: 'admin', area: S1 }] }, { parent: fixture.paths.G1, code: `m-${phones}`, name: '新微网格', level: 'microgrid' });
    const inv = await invite('admin-s1', { role: 'gridworker', area: grid.path });
    const person = await newcomer();
    expect((await accept(person.token, { code: inv.code })).status).toBe(200);
    expect((await getArea(deps().db, grid.path))!.gridworkerId).toBe(person.id);
    const again = await invoke(createInvitation, { method: 'POST', token: await as('admin-s1'), body: { id: ulid(), name: '另一人', phone: newPhone(), grant: { role: 'gridworker', area: grid.path } } });
    expect(again.status).toBe(409);
    expect((await invoke(createInvitation, { method: 'POST', token: await as('admin-s1'), body: { id: ulid(), name: '另一人', phone: newPhone(), grant: { role: 'gridworker', area: M1 } } })).status).toBe(409);
  });
});

describe('an account moved to a new WeChat (rebind)', () => {
  it('moves gw-2 to the WeChat that accepts; the old WeChat no longer signs in as gw-2', async () => {
    const old = await invoke(wechatLogin, { method: 'POST', body: { code: 'demo:gw-2' } });
    expect(old.body.user.id).toBe('gw-2');
    const inv = await invite('admin-s2', undefined, { userId: 'gw-2' });
    const person = await newcomer();
    const preview = await invoke(previewInvitation, { token: person.token, params: { id: inv.id } });
    expect(preview.body).toMatchObject({ rebind: true, roleLabel: '网格员' });
    const res = await accept(person.token, { code: inv.code });
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe('gw-2');
    expect(res.body.session.token).toEqual(expect.any(String));
    expect((await invoke(wechatLogin, { method: 'POST', body: { code: person.code } })).body.user.id).toBe('gw-2');
    expect((await invoke(wechatLogin, { method: 'POST', body: { code: 'demo:gw-2' } })).body.user.id).not.toBe('gw-2');
    expect(await getUser(deps().db, person.id)).toMatchObject({ mergedInto: 'gw-2', deactivatedAt: expect.any(String) });
    expect((await invoke(me, { token: person.token })).status).toBe(401);
    expect((await invoke(me, { token: res.body.session.token })).body.user.id).toBe('gw-2');
  });

  it('refuses a WeChat whose own account has a history', async () => {
    const inv = await invite('admin-s1', undefined, { userId: 'guar-s1' });
    const person = await newcomer();
    await accept(person.token, { code: (await invite('admin-s1', { role: 'department', area: S1 })).code });
    const res = await accept(person.token, { code: inv.code });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/已有自己的账号记录/);
  });
});

describe('deactivating an account', () => {
  it('stops its sessions and its WeChat sign-in at once, and reactivating restores both', async () => {
    const inv = await invite('admin-s1', { role: 'guarantee_leader', area: S1 });
    const person = await newcomer();
    await accept(person.token, { code: inv.code });
    const off = await invoke(setUserStatus, { method: 'PUT', token: await as('admin-s1'), params: { id: person.id }, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body.user.deactivatedAt).toEqual(expect.any(String));
    expect((await invoke(me, { token: person.token })).status).toBe(401);
    const signIn = await invoke(wechatLogin, { method: 'POST', body: { code: person.code } });
    expect(signIn.status).toBe(401);
    expect(signIn.body.error.message).toMatch(/已停用/);
    expect((await invoke(setUserStatus, { method: 'PUT', token: await as('admin-s1'), params: { id: person.id }, body: { active: true } })).status).toBe(200);
    expect((await invoke(me, { token: person.token })).status).toBe(200);
    const self = await invoke(setUserStatus, { method: 'PUT', token: await as('admin-s1'), params: { id: 'admin-s1' }, body: { active: false } });
    expect(self.status).toBe(400);
  });
});

describe("an owner's workers", () => {
  it('are invited, listed and removed by their own owner only; a removed worker keeps their account', async () => {
    const inv = await invite('owner-1', { role: 'worker', enterpriseId: 'ent-1' });
    const person = await newcomer();
    await accept(person.token, { code: inv.code });
    const listed = await invoke(enterpriseWorkers, { token: await as('owner-1'), params: { id: 'ent-1' } });
    expect(listed.body.canManage).toBe(true);
    expect(listed.body.workers.map((w: { id: string }) => w.id)).toEqual(expect.arrayContaining([person.id, 'worker-1']));
    expect((await invoke(enterpriseWorkers, { token: await as('owner-3'), params: { id: 'ent-1' } })).status).toBe(404);
    const foreign = await expectNothingWritten(async () => invoke(removeWorker, { method: 'DELETE', token: await as('owner-3'), params: { id: 'ent-1', userId: person.id } }));
    expect(foreign.status).toBe(404);
    const removed = await invoke(removeWorker, { method: 'DELETE', token: await as('owner-1'), params: { id: 'ent-1', userId: person.id } });
    expect(removed.status).toBe(200);
    expect(await getUser(deps().db, person.id)).toMatchObject({ grants: [{ role: 'public' }], homeArea: 'public' });
    expect((await invoke(me, { token: person.token })).status).toBe(200);
    const pending = await invoke(listInvitations, { token: await as('owner-1'), query: { enterpriseId: 'ent-1' } });
    expect(pending.body.invitations.map((i: { id: string; state: string }) => [i.id, i.state])).toContainEqual([inv.id, 'accepted']);
  });
});
