import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { $remove, $set } from 'dynamodb-toolbox/entity/actions/update/symbols';
import { DomainError, PUBLIC_HOME, canReachArea, canSee, districtOf, type Actor, type Grant, type User, type UserView } from '@safegrid/shared';
import type * as z from 'zod';
import type { ListUsersQuery } from '@safegrid/shared';
import type { Deps } from '../deps';
import { getEnterprise } from '../repos/enterprises';
import { queryAll } from '../repos/query-all';
import { underArea } from '../repos/table';
import { cancellationReasons, transact } from '../repos/transact';
import { getUser, listUsersUnder, replaceUser } from '../repos/users';
import { forgetActor } from './actors';
import { checkGrants, requireArea } from './scope-checks';
import { NameCache, userView } from './views';
import { personMatches } from '@safegrid/shared';

export async function listUsers(d: Deps, actor: Actor, q: z.infer<typeof ListUsersQuery>) {
  await requireArea(d, actor, q.area, ['admin', 'supervisor']);
  const page = await listUsersUnder(d.db, q.area, q.limit ?? 50, q.cursor);
  const names = new NameCache(d.db);
  const users = (q.role ? page.users.filter((u) => u.grants.some((g) => g.role === q.role)) : page.users).filter((u) => !q.q || personMatches(u, q.q));
  return { users: await Promise.all(users.map((u) => userView(u, actor.userId, names))), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** A user the admin manages: exists and is listed inside the admin's area (404 otherwise, so nothing leaks). */
async function managedUser(d: Deps, actor: Actor, id: string, ...roles: ('admin' | 'supervisor')[]): Promise<User> {
  const user = await getUser(d.db, id);
  if (!user || !canReachArea(actor, user.homeArea, ...roles)) throw new DomainError('NOT_FOUND', '用户不存在或不在您的管辖范围内');
  return user;
}

export async function setGrants(d: Deps, actor: Actor, id: string, grants: Grant[]): Promise<UserView> {
  const user = await managedUser(d, actor, id, 'admin');
  await checkGrants(d, actor, grants);
  // Grid assignments stay as they are: they change only through assigning a grid.
  const next = [...user.grants.filter((g) => g.role === 'gridworker'), ...grants];
  await d.db.users.build(UpdateItemCommand).item({ id, grants: $set(next) }).send();
  forgetActor(id);
  return userView({ ...user, grants: next }, actor.userId, new NameCache(d.db));
}

/** Supervisors set a gridworker's level from the assessment, for gridworkers inside their area. */
export async function setGridworkerLevel(d: Deps, actor: Actor, id: string, level: 1 | 2 | 3): Promise<UserView> {
  const user = await getUser(d.db, id);
  const inScope = user?.grants.some((g) => g.role === 'gridworker' && g.area && canSee(actor, { area: g.area }, 'supervisor', 'admin'));
  if (!user || !inScope) throw new DomainError('NOT_FOUND', '网格员不存在或不在您的管辖范围内');
  await d.db.users.build(UpdateItemCommand).item({ id, gridworkerLevel: level }).send();
  return userView({ ...user, gridworkerLevel: level }, actor.userId, new NameCache(d.db));
}

/**
 * Deactivates (or reactivates) an account the admin manages: its sessions stop within the time
 * grants are cached (usecases/actors.ts), its WeChat sign-in is refused, and nothing it did is
 * touched. An admin does not deactivate themself (another admin of the area does).
 */
export async function setUserStatus(d: Deps, actor: Actor, id: string, active: boolean): Promise<UserView> {
  const user = await managedUser(d, actor, id, 'admin');
  if (id === actor.userId) throw new DomainError('VALIDATION_FAILED', '不能停用自己的账号，请由本辖区其他管理员操作', { active: '不能停用自己' });
  if (user.mergedInto) throw new DomainError('CONFLICT', '该账号已并入其他账号，无需操作');
  const at = d.clock.now().toISOString();
  await d.db.users.build(UpdateItemCommand).item({ id, deactivatedAt: active ? $remove() : at }).send();
  forgetActor(id);
  const { deactivatedAt: _was, ...rest } = user;
  return userView(active ? rest : { ...rest, deactivatedAt: at }, actor.userId, new NameCache(d.db));
}

/** An enterprise as its owner (or an official over it) manages its people: the owner or an admin over its area. */
async function workplace(d: Deps, actor: Actor, enterpriseId: string, manage: boolean) {
  const e = await getEnterprise(d.db, enterpriseId);
  const owner = actor.grants.some((g) => g.role === 'enterprise_owner' && g.enterpriseId === enterpriseId);
  const ok = e && (owner || canReachArea(actor, e.area, ...(manage ? (['admin'] as const) : (['admin', 'supervisor', 'gridworker'] as const))));
  if (!ok) throw new DomainError('NOT_FOUND', '企业不存在或不在您的管辖范围内');
  return e;
}

const worksAt = (u: User, enterpriseId: string) => u.grants.some((g) => g.role === 'worker' && g.enterpriseId === enterpriseId);

/** 我的员工: the enterprise's workers (listed under its area, where their account is kept) and whether the caller may invite and remove. */
export async function enterpriseWorkers(d: Deps, actor: Actor, enterpriseId: string) {
  const e = await workplace(d, actor, enterpriseId, false);
  const names = new NameCache(d.db);
  const people = await queryAll(d.db.table, d.db.users, { index: 'gsi1', partition: `USERS#${districtOf(e.area)}`, range: { beginsWith: underArea(e.area, '') } });
  const workers = (people as User[]).filter((u) => worksAt(u, enterpriseId) && !u.mergedInto);
  const manages = actor.grants.some((g) => g.role === 'enterprise_owner' && g.enterpriseId === enterpriseId) || canReachArea(actor, e.area, 'admin');
  return { workers: await Promise.all(workers.map((u) => userView(u, actor.userId, names))), canManage: manages };
}

/** An owner removes a worker of their enterprise: the worker keeps their account (as the public, if nothing else). */
export async function removeWorker(d: Deps, actor: Actor, enterpriseId: string, userId: string): Promise<UserView> {
  await workplace(d, actor, enterpriseId, true);
  const user = await getUser(d.db, userId);
  if (!user) throw new DomainError('NOT_FOUND', '该员工不存在');
  // Already removed (a retried tap) or never here: nothing to do, and nothing of the person is shown.
  if (!worksAt(user, enterpriseId)) throw new DomainError('CONFLICT', '该员工已不在本企业，请刷新名单');
  const rest = user.grants.filter((g) => !(g.role === 'worker' && g.enterpriseId === enterpriseId));
  const after: User = rest.length ? { ...user, grants: rest } : { ...user, grants: [{ role: 'public' }], homeArea: PUBLIC_HOME };
  try {
    await transact([replaceUser(d.db, user, after)]);
  } catch (error) {
    if (cancellationReasons(error)) throw new DomainError('CONFLICT', '该员工的账号刚有变动，请刷新后重试');
    throw error;
  }
  forgetActor(userId);
  return userView(after, actor.userId, new NameCache(d.db));
}
