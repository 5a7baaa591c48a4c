import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { DomainError, PUBLIC_HOME, ROLE_LABELS, type Actor, type DevUser, type SessionResponse, type User, type UserView } from '@safegrid/shared';
import { WechatError } from '../adapters/wechat';
import type { Deps } from '../deps';
import { getUser, userIdByOpenid } from '../repos/users';
import { NameCache, grantViews, userView } from './views';

/** The demo users the local sign-in page offers, one per role, in this order. */
export const DEMO_USER_IDS = [
  'demo-public',
  'demo-worker',
  'demo-owner',
  'gw-001',
  'demo-guarantee',
  'demo-supervisor',
  'demo-district',
  'demo-department',
  'demo-enforcement',
  'demo-admin',
];

const actorOf = (user: User): Actor => ({ userId: user.id, grants: user.grants });

/** A session token for the user (their grants are read on each request, not carried in it). */
export const issueSession = (d: Deps, user: User) => d.tokens.issue(actorOf(user), d.clock.now());

async function session(d: Deps, user: User): Promise<SessionResponse> {
  const { token, expiresAt } = await issueSession(d, user);
  return { token, expiresAt, user: await userView(user, user.id, new NameCache(d.db)) };
}

export async function signInWithWechat(d: Deps, code: string): Promise<SessionResponse> {
  let openid: string;
  try {
    ({ openid } = await d.wechat.code2Session(code));
  } catch (error) {
    if (error instanceof WechatError) throw new DomainError('UNAUTHENTICATED', '微信登录凭证无效或已过期，请重新进入小程序');
    throw error;
  }
  const existing = await userIdByOpenid(d.db, openid);
  if (existing) {
    const user = await getUser(d.db, existing);
    if (user?.deactivatedAt) throw new DomainError('UNAUTHENTICATED', '您的账号已停用，如有疑问请联系管理员');
    if (user) return session(d, user);
  }
  const user: User = { id: d.ids.next(), name: '微信用户', openid, grants: [{ role: 'public' }], homeArea: PUBLIC_HOME };
  try {
    await execute(
      d.db.users.build(PutTransaction).item(user).options({ condition: { attr: 'id', exists: false } }),
      d.db.openids.build(PutTransaction).item({ openid, userId: user.id }).options({ condition: { attr: 'openid', exists: false } }),
    );
    return session(d, user);
  } catch (error) {
    // Two first sign-ins raced: the other one created the user; sign in as it.
    const winner = await userIdByOpenid(d.db, openid);
    const winnerUser = winner ? await getUser(d.db, winner) : undefined;
    if (!winnerUser) throw error;
    return session(d, winnerUser);
  }
}

function requireDevLogin(d: Deps) {
  if (!d.config.devLogin) throw new DomainError('NOT_FOUND', '该接口不存在');
}

export async function devSignIn(d: Deps, userId: string): Promise<SessionResponse> {
  requireDevLogin(d);
  const user = await getUser(d.db, userId);
  if (!user) throw new DomainError('NOT_FOUND', '演示用户不存在，请先运行 npm start 载入演示数据', { userId: '演示用户不存在' });
  return session(d, user);
}

export async function devUsers(d: Deps): Promise<DevUser[]> {
  requireDevLogin(d);
  const names = new NameCache(d.db);
  const users = await Promise.all(DEMO_USER_IDS.map((id) => getUser(d.db, id)));
  return Promise.all(
    users
      .filter((u) => u !== undefined)
      .map(async (user) => {
        const grant = user.grants[0]!;
        const views = await grantViews(user, names);
        const scope = views.map((v) => v.enterpriseName ?? v.areaName).filter(Boolean);
        return {
          id: user.id,
          name: user.name,
          role: grant.role,
          roleLabel: ROLE_LABELS[grant.role],
          scopeLabel: scope.length ? scope.join('、') : '仅本人',
        };
      }),
  );
}

export async function me(d: Deps, actor: Actor): Promise<UserView> {
  const user = await getUser(d.db, actor.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', '账号不存在或已停用，请重新登录');
  return userView(user, actor.userId, new NameCache(d.db));
}

/** 我的 → 姓名: the caller's display name, and nothing else about them; WeChat's content check first (officials read it beside a report). */
export async function updateMe(d: Deps, actor: Actor, name: string): Promise<UserView> {
  const user = await getUser(d.db, actor.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', '账号不存在或已停用，请重新登录');
  if (name === user.name) return userView(user, actor.userId, new NameCache(d.db));
  if (!(await d.wechat.textIsSafe(user.openid ?? '', name))) {
    throw new DomainError('VALIDATION_FAILED', '姓名中含有不宜使用的内容，请修改', { name: '姓名含有不宜使用的内容，请修改' });
  }
  // The name is in no index key (users are listed by home area), so an Update suffices.
  await d.db.users.build(UpdateItemCommand).item({ id: user.id, name }).send();
  return userView({ ...user, name }, actor.userId, new NameCache(d.db));
}

export async function bindPhone(d: Deps, actor: Actor, code: string): Promise<UserView> {
  const user = await getUser(d.db, actor.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', '账号不存在或已停用，请重新登录');
  let phone: string;
  try {
    phone = await d.wechat.phoneNumber(code);
  } catch (error) {
    if (error instanceof WechatError) throw new DomainError('VALIDATION_FAILED', '手机号授权已失效，请重新点击授权', { code: '授权码无效或已过期' });
    throw error;
  }
  await d.db.users.build(UpdateItemCommand).item({ id: user.id, phone }).send();
  return userView({ ...user, phone }, actor.userId, new NameCache(d.db));
}
