import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import {
  AREA_LEVELS,
  DomainError,
  outermostAreasOf,
  canReachArea,
  childPath,
  outsideParent,
  withBoundary,
  type Boundary,
  type Actor,
  type Area,
  type AreaView,
  type Role,
  type User,
} from '@safegrid/shared';
import type * as z from 'zod';
import type { AssignGridworkerBody, CreateAreaBody } from '@safegrid/shared';
import type { Deps } from '../deps';
import { getArea, listChildren } from '../repos/areas';
import { getUser } from '../repos/users';
import { forgetActor } from './actors';
import { forgetAreas } from './locate';
import { requireArea } from './scope-checks';

/** The boundary with its bbox and centre, refused when it lies outside the parent's (400 naming it). */
export function placed(boundary: Boundary, parent: Area | undefined) {
  const problem = parent && outsideParent(boundary, parent);
  if (problem) throw new DomainError('VALIDATION_FAILED', problem, { boundary: `边界：${problem}` });
  return withBoundary(boundary);
}

/** Roles that browse the area tree. */
export const AREA_READERS: Role[] = ['gridworker', 'guarantee_leader', 'supervisor', 'department', 'enforcement', 'admin'];

export async function view(d: Deps, area: Area): Promise<AreaView> {
  const gridworker = area.gridworkerId ? await getUser(d.db, area.gridworkerId) : undefined;
  return {
    path: area.path,
    code: area.code,
    name: area.name,
    level: area.level,
    ...(area.parent ? { parent: area.parent } : {}),
    ...(gridworker ? { gridworkerId: gridworker.id, gridworkerName: gridworker.name } : {}),
    ...(area.boundary ? { boundary: area.boundary } : {}),
    ...(area.bbox ? { bbox: area.bbox } : {}),
    ...(area.lng !== undefined && area.lat !== undefined ? { lng: area.lng, lat: area.lat } : {}),
    ...(area.deactivatedAt ? { deactivatedAt: area.deactivatedAt } : {}),
  };
}

/** Children of an area in scope; without a parent, the top areas the actor holds. */
export async function listAreas(d: Deps, actor: Actor, parent: string | undefined): Promise<AreaView[]> {
  if (parent) {
    await requireArea(d, actor, parent, AREA_READERS, 'parent');
    return Promise.all((await listChildren(d.db, parent)).map((a) => view(d, a)));
  }
  const tops = outermostAreasOf(actor, ...AREA_READERS);
  const areas = await Promise.all(tops.map((p) => getArea(d.db, p)));
  return Promise.all(areas.filter((a): a is Area => Boolean(a)).map((a) => view(d, a)));
}

export async function createArea(d: Deps, actor: Actor, body: z.infer<typeof CreateAreaBody>): Promise<AreaView> {
  const parent = await requireArea(d, actor, body.parent, ['admin'], 'parent');
  if (AREA_LEVELS.indexOf(body.level) <= AREA_LEVELS.indexOf(parent.level)) {
    throw new DomainError('VALIDATION_FAILED', '下级区域的级别必须低于上级区域', { level: '级别应低于上级区域' });
  }
  if (parent.deactivatedAt) throw new DomainError('VALIDATION_FAILED', `上级区域“${parent.name}”已停用，不能在其下新建区域`, { parent: '上级区域已停用' });
  const area: Area = {
    path: childPath(parent.path, body.code),
    code: body.code,
    name: body.name,
    level: body.level,
    parent: parent.path,
    ...(body.boundary ? placed(body.boundary, parent) : {}),
  };
  try {
    await d.db.areas.build(PutItemCommand).item(area).options({ condition: { attr: 'path', exists: false } }).send();
    // This container locates by the new area at once; others within locate's cache time.
    forgetAreas();
  } catch (error) {
    const existing = await getArea(d.db, area.path);
    if (!existing) throw error;
    // A retried create returns what the first one made; a different area under the same code is a conflict.
    if (existing.name !== area.name || existing.level !== area.level) {
      throw new DomainError('CONFLICT', `编码 ${body.code} 已被“${existing.name}”使用，请换一个编码`, { code: '编码已被使用' });
    }
    return view(d, existing);
  }
  return view(d, area);
}

/** One grid, one person: the grid names its gridworker and the gridworker holds a grant on it, written together. */
export async function assignGridworker(d: Deps, actor: Actor, body: z.infer<typeof AssignGridworkerBody>): Promise<AreaView> {
  const area = await requireArea(d, actor, body.area, ['admin']);
  if (area.deactivatedAt) throw new DomainError('VALIDATION_FAILED', '该区域已停用，不能指派网格员', { area: '区域已停用' });
  if (area.level !== 'grid' && area.level !== 'microgrid') {
    throw new DomainError('VALIDATION_FAILED', '只能给网格或微网格指定网格员', { area: '请选择网格或微网格' });
  }
  const user = await getUser(d.db, body.userId);
  if (!user || !canReachArea(actor, user.homeArea, 'admin')) {
    throw new DomainError('NOT_FOUND', '用户不存在或不在您的管辖范围内', { userId: '用户不存在' });
  }
  if (area.gridworkerId === user.id) return view(d, area);
  const previous = area.gridworkerId ? await getUser(d.db, area.gridworkerId) : undefined;
  if (previous && !body.replace) {
    throw new DomainError('CONFLICT', `该网格已由网格员${previous.name}负责；如需更换，请确认替换`, { area: `已由${previous.name}负责` });
  }
  const assigned: User = { ...user, grants: [...user.grants, { role: 'gridworker', area: area.path }] };
  const writes = [
    d.db.areas
      .build(PutTransaction)
      .item({ ...area, gridworkerId: user.id })
      .options({ condition: area.gridworkerId ? { attr: 'gridworkerId', eq: area.gridworkerId } : { attr: 'gridworkerId', exists: false } }),
    d.db.users.build(PutTransaction).item(assigned),
  ];
  if (previous) {
    const released: User = { ...previous, grants: previous.grants.filter((g) => !(g.role === 'gridworker' && g.area === area.path)) };
    writes.push(d.db.users.build(PutTransaction).item(released));
  }
  try {
    await execute(...writes);
  } catch (error) {
    if ((error as { name?: string }).name === 'TransactionCanceledException') {
      throw new DomainError('CONFLICT', '该网格的网格员刚被他人修改，请刷新后重试');
    }
    throw error;
  }
  forgetActor(user.id);
  if (previous) forgetActor(previous.id);
  return view(d, { ...area, gridworkerId: user.id });
}
