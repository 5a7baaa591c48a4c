import { createHash } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { $set } from 'dynamodb-toolbox/entity/actions/update/symbols';
import { DomainError, areasOf, canReachArea, canSee, type Actor, type Grant, type User, type UserView } from '@safegrid/shared';
import type * as z from 'zod';
import type { CreateUserBody, ListUsersQuery } from '@safegrid/shared';
import type { Deps } from '../deps';
import { getUser, listUsersUnder } from '../repos/users';
import { forgetActor } from './actors';
import { checkGrants, requireArea } from './scope-checks';
import { NameCache, userView } from './views';

export async function listUsers(d: Deps, actor: Actor, q: z.infer<typeof ListUsersQuery>) {
  await requireArea(d, actor, q.area, ['admin', 'supervisor']);
  const page = await listUsersUnder(d.db, q.area, q.limit ?? 50, q.cursor);
  const names = new NameCache(d.db);
  const users = q.role ? page.users.filter((u) => u.grants.some((g) => g.role === q.role)) : page.users;
  return { users: await Promise.all(users.map((u) => userView(u, actor.userId, names))), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Create with the client's id: a retry with the same body returns the user, another body under that id is a 409. */
export async function createUser(d: Deps, actor: Actor, body: z.infer<typeof CreateUserBody>): Promise<UserView> {
  const { homeArea } = await checkGrants(d, actor, body.grants);
  const requestHash = hashOf(body);
  const user: User = {
    id: body.id,
    name: body.name,
    ...(body.phone ? { phone: body.phone } : {}),
    grants: body.grants,
    homeArea: homeArea ?? areasOf(actor, 'admin')[0]!,
  };
  try {
    await d.db.users.build(PutItemCommand).item({ ...user, requestHash }).options({ condition: { attr: 'id', exists: false } }).send();
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    const { Item } = await d.db.users.build(GetItemCommand).key({ id: body.id }).send();
    if (Item?.requestHash !== requestHash) throw new DomainError('CONFLICT', '该编号已被另一个用户使用，请刷新后重新填写', { id: '编号已被使用' });
  }
  return userView(user, actor.userId, new NameCache(d.db));
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
