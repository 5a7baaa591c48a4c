/**
 * Invitations (邀请): how a person the district adds reaches their account with their own WeChat.
 * See shared/src/invitations.ts for who invites whom and the three ways to accept. The rules:
 * - an invitation is accepted once, by whoever first proves it (the code, the QR, or the invited
 *   phone through WeChat's phone-number button); a racing second person gets 409;
 * - it lasts INVITATION_LIFETIME_DAYS; an expired one is re-issued (a new code, a new week) by
 *   whoever may manage it, or revoked; a used or revoked one cannot be re-issued;
 * - taken by code or QR, it must not contradict a phone WeChat already verified for the account;
 * - accepting adds the role to the account the WeChat identity already has, so a person who first
 *   came as the public keeps their reports and rewards;
 * - a rebind invitation moves an existing account to the accepting WeChat identity, when that
 *   identity has only a bare public account of its own (nothing reported, nothing rewarded).
 */
import { createHash, randomInt } from 'node:crypto';
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { $remove } from 'dynamodb-toolbox/entity/actions/update/symbols';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type * as z from 'zod';
import {
  DomainError,
  INVITATION_LIFETIME_DAYS,
  INVITATION_PAGE,
  INVITATION_STATE_LABELS,
  INVITE_CODE_ALPHABET,
  INVITE_CODE_LENGTH,
  PUBLIC_HOME,
  ROLE_LABELS,
  ROLE_SCOPE,
  areasOf,
  canReachArea,
  districtOf,
  invitationScene,
  invitationState,
  inviterRoles,
  maskPhone,
  type AcceptInvitationBody,
  type Actor,
  type CreateInvitationBody,
  type Grant,
  type InvitationView,
  type ListInvitationsQuery,
  type Role,
  type User,
} from '@safegrid/shared';
import { WechatError } from '../adapters/wechat';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';
import { Sealer } from '../lib/sealer';
import { getArea } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';
import { type InvitationRecord, getInvitation, invitationIdByCode } from '../repos/invitations';
import { cancellationReasons, transact, type Write } from '../repos/transact';
import { type StoredUser, getUser, replaceUser } from '../repos/users';
import { subtreePrefix } from '../repos/table';
import { forgetActor } from './actors';
import { issueSession } from './auth';
import { requireQuota, spend } from './rate-limits';
import { NameCache, userView } from './views';

const DAY_MS = 86_400_000;
const DEFAULT_PAGE = 30;
const NOT_FOUND = '邀请不存在或不在您的管辖范围内';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hashOf = (v: unknown) => sha256(JSON.stringify(v));
const newCode = () => Array.from({ length: INVITE_CODE_LENGTH }, () => INVITE_CODE_ALPHABET[randomInt(INVITE_CODE_ALPHABET.length)]).join('');
/** What the code-key item is named by. */
export const codeHashOf = (code: string) => sha256(`invite:${code}`);
/** The code kept with its invitation, readable by the server alone, so a manager can show it again while it is pending. */
const codes = (d: Deps) => new Sealer(d.config.jwtSecret, 'invitation-code');
const codeOf = (d: Deps, i: InvitationRecord) => codes(d).open(i.codeSealed, i.id) as string | undefined;

// ---- who may invite, and manage an invitation

interface Target {
  grant?: Grant;
  /** Where the invitation is listed and scoped. */
  area: string;
  enterpriseId?: string;
  name: string;
  forUser?: User;
}

/** The roles of the actor that may invite to `role` over `area` (empty: none). */
function inviterOver(actor: Actor, role: Role, area: string, enterpriseId?: string): boolean {
  const roles = inviterRoles(role);
  if (role === 'worker') return actor.grants.some((g) => g.role === 'enterprise_owner' && g.enterpriseId === enterpriseId) || canReachArea(actor, area, 'admin');
  return roles.length > 0 && canReachArea(actor, area, ...roles);
}

/** What an invitation gives and where it sits, checked against who asks (403/404 when they may not). */
async function targetOf(d: Deps, actor: Actor, body: CreateInvitationBody): Promise<Target> {
  if (body.userId) {
    const user = await getUser(d.db, body.userId);
    if (!user || user.mergedInto || !canReachArea(actor, user.homeArea, 'admin')) throw new DomainError('NOT_FOUND', '用户不存在或不在您的管辖范围内', { userId: '用户不存在' });
    return { area: user.homeArea, name: user.name, forUser: user };
  }
  const grant = body.grant!;
  const scope = ROLE_SCOPE[grant.role];
  if (scope === 'self') throw new DomainError('VALIDATION_FAILED', '公众无需邀请，打开小程序即可使用', { 'grant.role': '不能邀请此角色' });
  if (scope === 'enterprise') {
    if (!grant.enterpriseId || grant.area) throw new DomainError('VALIDATION_FAILED', '企业角色需要选择企业', { 'grant.enterpriseId': '请选择企业' });
    const e = await getEnterprise(d.db, grant.enterpriseId);
    if (!e) throw new DomainError('NOT_FOUND', '企业不存在或不在您的管辖范围内', { 'grant.enterpriseId': '企业不存在' });
    if (!inviterOver(actor, grant.role, e.area, e.id)) throw new DomainError('FORBIDDEN', `您不能邀请该企业的${ROLE_LABELS[grant.role]}`);
    return { grant: { role: grant.role, enterpriseId: e.id }, area: e.area, enterpriseId: e.id, name: body.name! };
  }
  if (!grant.area || grant.enterpriseId) throw new DomainError('VALIDATION_FAILED', `${ROLE_LABELS[grant.role]}需要选择区域`, { 'grant.area': '请选择区域' });
  if (!inviterOver(actor, grant.role, grant.area)) throw new DomainError('FORBIDDEN', `您不能在该区域邀请${ROLE_LABELS[grant.role]}`);
  const area = await getArea(d.db, grant.area);
  if (!area) throw new DomainError('NOT_FOUND', '区域不存在', { 'grant.area': '区域不存在' });
  if (grant.role === 'gridworker') {
    if (area.level !== 'grid' && area.level !== 'microgrid') throw new DomainError('VALIDATION_FAILED', '网格员只能邀请到网格或微网格', { 'grant.area': '请选择网格或微网格' });
    if (area.gridworkerId) {
      throw new DomainError('CONFLICT', '该网格已有网格员；如需更换，请在“指派网格员”中替换', { 'grant.area': '该网格已有网格员' });
    }
  }
  return { grant: { role: grant.role, area: area.path }, area: area.path, name: body.name! };
}

/** May the actor re-issue, revoke or list this invitation? The same right as creating it. */
function manages(actor: Actor, i: InvitationRecord): boolean {
  if (i.forUserId) return canReachArea(actor, i.area, 'admin');
  return inviterOver(actor, i.grant.role as Role, i.area, i.enterpriseId);
}

// ---- views

async function scopeName(names: NameCache, i: Pick<InvitationRecord, 'area' | 'enterpriseId'>): Promise<string> {
  if (i.enterpriseId) return (await names.enterprise(i.enterpriseId)) ?? '（企业已注销）';
  return (await names.area(i.area)) ?? i.area;
}

async function roleOf(d: Deps, i: InvitationRecord): Promise<Role> {
  if (!i.forUserId) return i.grant.role as Role;
  return (await getUser(d.db, i.forUserId))?.grants[0]?.role ?? 'public';
}

async function view(d: Deps, actor: Actor, i: InvitationRecord, names: NameCache): Promise<InvitationView> {
  const state = invitationState(i, d.clock.now());
  const role = await roleOf(d, i);
  const mine = manages(actor, i);
  const code = mine && state === 'pending' ? codeOf(d, i) : undefined;
  return {
    id: i.id,
    name: i.name,
    phone: maskPhone(i.phone),
    role,
    roleLabel: ROLE_LABELS[role],
    scopeName: await scopeName(names, i),
    area: i.area,
    ...(i.enterpriseId ? { enterpriseId: i.enterpriseId } : {}),
    ...(i.forUserId ? { forUserId: i.forUserId } : {}),
    state,
    stateLabel: i.forUserId && state === 'pending' ? '待找回' : INVITATION_STATE_LABELS[state],
    createdAt: i.createdAt,
    createdByName: i.createdBy === 'system' ? '系统初始化' : ((await names.user(i.createdBy)) ?? '—'),
    expiresAt: i.expiresAt,
    ...(i.acceptedAt ? { acceptedAt: i.acceptedAt } : {}),
    ...(code ? { code } : {}),
    ...(state === 'pending' && i.qrKey && mine ? { qrUrl: await d.storage.downloadUrl(i.qrKey, `邀请二维码-${i.name}.png`) } : {}),
    canReissue: mine && (state === 'pending' || state === 'expired'),
    canRevoke: mine && (state === 'pending' || state === 'expired'),
  };
}

// ---- create, re-issue, revoke

/** The mini-program code to scan, stored beside the invitation; WeChat being down leaves the code to type. */
async function renderQr(d: Deps, id: string): Promise<string | undefined> {
  try {
    const { bytes, contentType } = await d.wechat.miniProgramCode(invitationScene(id), INVITATION_PAGE);
    const key = `invitations/${id}.${contentType.includes('png') ? 'png' : 'jpg'}`;
    await d.storage.putBuffer(key, bytes, contentType);
    return key;
  } catch (error) {
    logLine({ level: 'error', event: 'invitation-qr-failed', invitationId: id, error: (error as Error).message });
    return undefined;
  }
}

/** A fresh code for an invitation: its hash, its sealed self, and the code-key write (it must be new: two invitations never share one). */
function codeWrite(d: Deps, invitationId: string): { codeHash: string; codeSealed: string; write: Write } {
  const code = newCode();
  const codeHash = codeHashOf(code);
  return {
    codeHash,
    codeSealed: codes(d).seal(code, invitationId),
    write: d.db.invitationCodes.build(PutTransaction).item({ codeHash, invitationId }).options({ condition: { attr: 'codeHash', exists: false } }) as never,
  };
}

/** Creates an invitation (client ULID): a retry of the same request gives the same invitation back, code and all. */
export async function createInvitation(d: Deps, actor: Actor, body: z.infer<typeof CreateInvitationBody>): Promise<{ invitation: InvitationView }> {
  const requestHash = hashOf({ by: actor.userId, body });
  const existing = await getInvitation(d.db, body.id, true);
  if (existing) {
    if (existing.requestHash !== requestHash) throw new DomainError('CONFLICT', '该编号已用于另一份邀请，请刷新后重新填写', { id: '编号已被使用' });
    return { invitation: await view(d, actor, existing, new NameCache(d.db)) };
  }
  const target = await targetOf(d, actor, body);
  const now = d.clock.now();
  const qrKey = await renderQr(d, body.id);
  for (let attempt = 1; ; attempt++) {
    const { codeHash, codeSealed, write } = codeWrite(d, body.id);
    const record: InvitationRecord = {
      id: body.id,
      name: target.name,
      phone: body.phone,
      grant: target.grant ?? { role: 'public' },
      area: target.area,
      ...(target.enterpriseId ? { enterpriseId: target.enterpriseId } : {}),
      ...(target.forUser ? { forUserId: target.forUser.id } : {}),
      state: 'pending',
      codeHash,
      codeSealed,
      ...(qrKey ? { qrKey } : {}),
      expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_DAYS * DAY_MS).toISOString(),
      createdAt: now.toISOString(),
      createdBy: actor.userId,
      version: 1,
      requestHash,
    };
    try {
      await transact([d.db.invitations.build(PutTransaction).item(record).options({ condition: { attr: 'id', exists: false } }) as never, write]);
      return { invitation: await view(d, actor, record, new NameCache(d.db)) };
    } catch (error) {
      const reasons = cancellationReasons(error);
      // The id was taken meanwhile (a racing retry): answer as a retry does.
      if (reasons?.[0] === 'ConditionalCheckFailed') return createInvitation(d, actor, body);
      // A code already in use (one in 10^12): draw another.
      if (reasons?.[1] === 'ConditionalCheckFailed' && attempt < 3) continue;
      throw error;
    }
  }
}

async function managed(d: Deps, actor: Actor, id: string): Promise<InvitationRecord> {
  const i = await getInvitation(d.db, id, true);
  if (!i || !manages(actor, i)) throw new DomainError('NOT_FOUND', NOT_FOUND);
  return i;
}

/** A new code and a new week for a pending or expired invitation; the old code stops working. */
async function reissue(d: Deps, actor: Actor, i: InvitationRecord) {
  if (i.state !== 'pending') throw new DomainError('CONFLICT', `该邀请${INVITATION_STATE_LABELS[i.state]}，不能重新发放；如需要，请发出新的邀请`);
  const { codeHash, codeSealed, write } = codeWrite(d, i.id);
  const after: InvitationRecord = { ...i, codeHash, codeSealed, expiresAt: new Date(d.clock.now().getTime() + INVITATION_LIFETIME_DAYS * DAY_MS).toISOString(), version: i.version + 1 };
  try {
    await transact([
      d.db.invitations.build(PutTransaction).item(after).options({ condition: { attr: 'version', eq: i.version } }) as never,
      write,
    ]);
  } catch (error) {
    if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') throw new DomainError('CONFLICT', '该邀请刚被他人处理，请刷新后查看');
    throw error;
  }
  return { invitation: await view(d, actor, after, new NameCache(d.db)) };
}

export async function updateInvitation(d: Deps, actor: Actor, id: string, action: 'reissue' | 'revoke') {
  const i = await managed(d, actor, id);
  if (action === 'reissue') return reissue(d, actor, i);
  if (i.state === 'revoked') return { invitation: await view(d, actor, i, new NameCache(d.db)) };
  if (i.state !== 'pending') throw new DomainError('CONFLICT', '该邀请已被接受，不能撤销；如需收回权限，请在人员管理中修改或停用该账号');
  const after: InvitationRecord = { ...i, state: 'revoked', version: i.version + 1 };
  try {
    await transact([d.db.invitations.build(PutTransaction).item(after).options({ condition: { attr: 'version', eq: i.version } }) as never]);
  } catch (error) {
    if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') throw new DomainError('CONFLICT', '该邀请刚被他人处理，请刷新后查看');
    throw error;
  }
  return { invitation: await view(d, actor, after, new NameCache(d.db)) };
}

// ---- listing

/** An area's invitations (admins, supervisors and gridworkers over it), or an enterprise's (its owner, officials over it). */
export async function listInvitations(d: Deps, actor: Actor, q: z.infer<typeof ListInvitationsQuery>) {
  const names = new NameCache(d.db);
  let key: { index: 'gsi1' | 'gsi3'; partition: string; range?: { beginsWith: string } };
  if (q.enterpriseId) {
    const e = await getEnterprise(d.db, q.enterpriseId);
    const owner = actor.grants.some((g) => g.role === 'enterprise_owner' && g.enterpriseId === q.enterpriseId);
    if (!e || !(owner || canReachArea(actor, e.area, 'admin', 'supervisor', 'gridworker'))) throw new DomainError('NOT_FOUND', '企业不存在或不在您的管辖范围内');
    key = { index: 'gsi3', partition: `INVENT#${e.id}` };
  } else {
    const area = q.area ?? areasOf(actor, 'admin', 'supervisor', 'gridworker')[0];
    if (!area || !canReachArea(actor, area, 'admin', 'supervisor', 'gridworker')) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
    key = { index: 'gsi1', partition: `INVS#${districtOf(area)}`, range: { beginsWith: subtreePrefix(area) } };
  }
  const page = await d.db.table
    .build(QueryCommand)
    .entities(d.db.invitations)
    .query(key)
    .options({ limit: q.limit ?? DEFAULT_PAGE, reverse: true, exclusiveStartKey: d.db.cursors.open(q.cursor, key) })
    .send();
  const now = d.clock.now();
  const items = (page.Items ?? []).filter((i) => manages(actor, i) && (!q.state || invitationState(i, now) === q.state));
  const cursor = d.db.cursors.seal(page.LastEvaluatedKey, key);
  return { invitations: await Promise.all(items.map((i) => view(d, actor, i, names))), ...(cursor ? { cursor } : {}) };
}

/** What the person who scanned a code sees before accepting: what they are invited to be, by whom; never the phone. */
export async function previewInvitation(d: Deps, id: string) {
  const i = await getInvitation(d.db, id);
  if (!i) throw new DomainError('NOT_FOUND', '邀请不存在，请向邀请人确认二维码');
  const names = new NameCache(d.db);
  const state = invitationState(i, d.clock.now());
  const role = await roleOf(d, i);
  return {
    roleLabel: ROLE_LABELS[role],
    scopeName: await scopeName(names, i),
    name: `${[...i.name][0] ?? ''}${'*'.repeat(Math.max(1, [...i.name].length - 1))}`,
    inviterName: i.createdBy === 'system' ? '系统初始化' : ((await names.user(i.createdBy)) ?? '—'),
    state,
    stateLabel: INVITATION_STATE_LABELS[state],
    expiresAt: i.expiresAt,
    rebind: Boolean(i.forUserId),
  };
}

// ---- accepting

/** Why an invitation cannot be accepted now, as the person holding it should read it; undefined when it can. */
function refusalOf(i: InvitationRecord, actor: Actor, now: Date): DomainError | undefined {
  const state = invitationState(i, now);
  if (state === 'accepted' && i.acceptedBy !== actor.userId) return new DomainError('CONFLICT', '该邀请已被使用；如您未接受过，请联系邀请人重新邀请');
  if (state === 'revoked') return new DomainError('CONFLICT', '该邀请已被撤销，请联系邀请人');
  if (state === 'expired') return new DomainError('CONFLICT', `该邀请已过期（有效期${INVITATION_LIFETIME_DAYS}天），请联系邀请人重新发放`);
  return undefined;
}

/** The invitations an accept request names: by code or QR one, by the verified phone all pending ones for it. */
async function named(d: Deps, actor: Actor, body: z.infer<typeof AcceptInvitationBody>, user: User): Promise<{ invitations: InvitationRecord[]; phone?: string }> {
  if (body.phoneCode) {
    let phone: string;
    try {
      phone = await d.wechat.phoneNumber(body.phoneCode);
    } catch (error) {
      if (error instanceof WechatError) throw new DomainError('VALIDATION_FAILED', '手机号授权已失效，请重新点击授权', { phoneCode: '授权码无效或已过期' });
      throw error;
    }
    const page = await d.db.table.build(QueryCommand).entities(d.db.invitations).query({ index: 'gsi2', partition: `INVPHONE#${phone}` }).send();
    const open = (page.Items ?? []).filter((i) => !refusalOf(i, actor, d.clock.now()) && !(i.state === 'accepted' && i.acceptedBy === actor.userId));
    if (open.length === 0) {
      throw new DomainError('NOT_FOUND', `没有发给 ${maskPhone(phone)} 的待接受邀请；请向邀请人确认手机号，或输入邀请码`, { phoneCode: '没有待接受的邀请' });
    }
    return { invitations: open, phone };
  }
  const id = body.invitationId ?? (await invitationIdByCode(d.db, codeHashOf(body.code!)));
  const i = id ? await getInvitation(d.db, id, true) : undefined;
  if (!i) throw new DomainError('NOT_FOUND', '邀请码不正确，请核对后重新输入', body.code ? { code: '邀请码不正确' } : { invitationId: '邀请不存在' });
  const refused = refusalOf(i, actor, d.clock.now());
  if (refused) throw refused;
  // Every code an invitation was given keeps pointing to it, so an old one says why it no longer works.
  if (body.code && i.codeHash !== codeHashOf(body.code) && i.state === 'pending') {
    throw new DomainError('CONFLICT', '该邀请码已失效（邀请已重新发放），请向邀请人索取最新的邀请码', { code: '邀请码已失效' });
  }
  // A phone WeChat verified for this account must be the one the invitation was sent to.
  if (user.phone && user.phone !== i.phone && i.forUserId !== user.id) {
    throw new DomainError('FORBIDDEN', `该邀请发给手机号 ${maskPhone(i.phone)}，与您绑定的手机号不一致；请用该手机号授权，或联系邀请人`);
  }
  return { invitations: [i] };
}

const acceptWrite = (d: Deps, i: InvitationRecord, actor: Actor, at: string): Write =>
  d.db.invitations
    .build(PutTransaction)
    .item({ ...i, state: 'accepted', acceptedAt: at, acceptedBy: actor.userId, version: i.version + 1 })
    .options({ condition: { and: [{ attr: 'version', eq: i.version }, { attr: 'state', eq: 'pending' }] } }) as never;

/** Adds an invitation's role to the caller's own account (and, for a gridworker, names them on the grid). */
async function acceptGrant(d: Deps, actor: Actor, user: StoredUser, i: InvitationRecord, phone: string | undefined, at: string) {
  const grant = i.grant as Grant;
  const holds = user.grants.some((g) => g.role === grant.role && g.area === grant.area && g.enterpriseId === grant.enterpriseId);
  const onlyPublic = user.grants.every((g) => g.role === 'public');
  const after: User = {
    ...user,
    // A public user's first role replaces 公众; who they were stays theirs (same account, same reports and rewards).
    grants: holds ? user.grants : onlyPublic ? [grant] : [...user.grants, grant],
    homeArea: onlyPublic || user.homeArea === PUBLIC_HOME ? i.area : user.homeArea,
    name: user.name === '微信用户' ? i.name : user.name,
    ...(phone ? { phone } : {}),
  };
  const writes: Write[] = [acceptWrite(d, i, actor, at), replaceUser(d.db, user, after)];
  if (grant.role === 'gridworker' && grant.area) {
    writes.push(
      d.db.areas
        .build(UpdateTransaction)
        .item({ path: grant.area, gridworkerId: user.id } as never)
        .options({ condition: { or: [{ attr: 'gridworkerId', exists: false }, { attr: 'gridworkerId', eq: user.id }] } }) as never,
    );
  }
  try {
    await transact(writes);
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0] === 'ConditionalCheckFailed') {
      const now = await getInvitation(d.db, i.id, true);
      if (now?.state === 'accepted' && now.acceptedBy === actor.userId) return;
      throw new DomainError('CONFLICT', '该邀请刚被他人使用；如您未接受过，请联系邀请人');
    }
    if (reasons?.[1] === 'ConditionalCheckFailed') throw new DomainError('CONFLICT', '您的账号刚有变动，请重试');
    if (reasons?.[2] === 'ConditionalCheckFailed') throw new DomainError('CONFLICT', '该网格已由其他网格员负责，请联系邀请人');
    throw error;
  }
}

/**
 * A rebind: the invitation's account takes the caller's WeChat identity (and the invited phone);
 * the caller's own account, bare, is retired into it. An account with a history of its own is not
 * thrown away: the caller is asked to use another WeChat or see the admin.
 */
async function acceptRebind(d: Deps, actor: Actor, caller: User, i: InvitationRecord, at: string): Promise<User> {
  const target = await getUser(d.db, i.forUserId!);
  if (!target || target.mergedInto) throw new DomainError('CONFLICT', '要找回的账号已不存在，请联系管理员');
  if (target.id === caller.id) {
    await transact([acceptWrite(d, i, actor, at), d.db.users.build(UpdateTransaction).item({ id: target.id, phone: i.phone } as never) as never]);
    return { ...target, phone: i.phone };
  }
  const history = await Promise.all(
    [`HAZREP#${caller.id}`, `RWREP#${caller.id}`].map(async (partition, n) => {
      const page = await d.db.table.build(QueryCommand).entities(n ? d.db.rewards : d.db.hazards).query({ index: 'gsi3', partition }).options({ limit: 1 }).send();
      return (page.Items ?? []).length > 0;
    }),
  );
  if (!caller.openid || caller.grants.some((g) => g.role !== 'public') || history.some(Boolean)) {
    throw new DomainError('CONFLICT', '当前微信已有自己的账号记录，不能用于找回；请换用未使用过本小程序的微信，或联系管理员');
  }
  const writes: Write[] = [
    acceptWrite(d, i, actor, at),
    d.db.openids.build(PutTransaction).item({ openid: caller.openid, userId: target.id }).options({ condition: { attr: 'userId', eq: caller.id } }) as never,
    d.db.users.build(UpdateTransaction).item({ id: target.id, openid: caller.openid, phone: i.phone, deactivatedAt: $remove() } as never) as never,
    d.db.users.build(UpdateTransaction).item({ id: caller.id, openid: $remove(), deactivatedAt: at, mergedInto: target.id } as never) as never,
  ];
  if (target.openid && target.openid !== caller.openid) writes.push(d.db.openids.build(DeleteTransaction).key({ openid: target.openid }).options({ condition: { attr: 'userId', eq: target.id } }) as never);
  try {
    await transact(writes);
  } catch (error) {
    if (cancellationReasons(error)) throw new DomainError('CONFLICT', '该邀请或账号刚被他人处理，请刷新后重试');
    throw error;
  }
  forgetActor(caller.id);
  forgetActor(target.id);
  return { ...target, openid: caller.openid, phone: i.phone };
}

/**
 * Accepting counts every failed attempt against the caller's hourly cap (a code cannot be guessed a
 * thousand times); one that succeeds costs nothing, and a full cap refuses before anything is read.
 */
export async function acceptInvitation(d: Deps, actor: Actor, body: z.infer<typeof AcceptInvitationBody>) {
  await requireQuota(d, actor.userId, 'invitation');
  try {
    return await accepting(d, actor, body);
  } catch (error) {
    if (error instanceof DomainError && [403, 404, 409].includes(error.status)) await spend(d, actor.userId, 'invitation');
    throw error;
  }
}

async function accepting(d: Deps, actor: Actor, body: z.infer<typeof AcceptInvitationBody>) {
  const caller = await getUser(d.db, actor.userId);
  if (!caller) throw new DomainError('UNAUTHENTICATED', '账号不存在或已停用，请重新登录');
  const { invitations, phone } = await named(d, actor, body, caller);
  const at = d.clock.now().toISOString();
  const names = new NameCache(d.db);
  const accepted: { roleLabel: string; scopeName: string }[] = [];
  let accountId = caller.id;
  for (const i of invitations) {
    if (i.forUserId) accountId = (await acceptRebind(d, actor, caller, i, at)).id;
    // Each one is added to the account as it stands after the one before.
    else if (!(i.state === 'accepted' && i.acceptedBy === actor.userId)) await acceptGrant(d, actor, (await getUser(d.db, caller.id))!, i, phone, at);
    accepted.push({ roleLabel: ROLE_LABELS[await roleOf(d, i)], scopeName: await scopeName(names, i) });
  }
  forgetActor(actor.userId);
  const account = (await getUser(d.db, accountId))!;
  return {
    accepted,
    user: await userView(account, account.id, names),
    ...(accountId !== caller.id ? { session: await issueSession(d, account) } : {}),
  };
}

/** The first admin of a district made from nothing (npm run district:init): an invitation from the system. */
export async function firstAdminInvitation(d: Deps, district: string, name: string, phone: string) {
  const actor: Actor = { userId: 'system', grants: [{ role: 'admin', area: district }] };
  const id = d.ids.next();
  const { invitation } = await createInvitation(d, actor, { id, phone, name, grant: { role: 'admin', area: district } });
  return invitation;
}
