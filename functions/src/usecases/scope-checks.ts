import { DomainError, ROLE_SCOPE, canReachArea, type Actor, type Grant, type Role } from '@safegrid/shared';
import type { Deps } from '../deps';
import { getArea } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';

/** The area exists and the actor reaches it through one of the roles; otherwise 403 naming nothing. */
export async function requireArea(d: Deps, actor: Actor, path: string, roles: Role[], field = 'area') {
  if (!canReachArea(actor, path, ...roles)) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  const area = await getArea(d.db, path);
  if (!area) throw new DomainError('NOT_FOUND', '区域不存在，请检查区域编号', { [field]: '区域不存在' });
  return area;
}

/**
 * Grants an admin hands out: each has the scope its role needs, inside the admin's own area.
 * Gridworker grants are given only by assigning a grid (one grid, one person).
 */
export async function checkGrants(d: Deps, admin: Actor, grants: Grant[]): Promise<{ homeArea?: string }> {
  let homeArea: string | undefined;
  for (const [i, g] of grants.entries()) {
    const field = `grants.${i}`;
    const scope = ROLE_SCOPE[g.role];
    if (g.role === 'gridworker') {
      throw new DomainError('VALIDATION_FAILED', '网格员请通过“指定网格员”分配网格', { [`${field}.role`]: '网格员请通过“指定网格员”分配网格' });
    }
    if (scope === 'area') {
      if (!g.area || g.enterpriseId) {
        throw new DomainError('VALIDATION_FAILED', `${g.role === 'admin' ? '管理员' : '该角色'}需要指定区域`, { [`${field}.area`]: '请选择区域' });
      }
      await requireArea(d, admin, g.area, ['admin'], `${field}.area`);
      homeArea ??= g.area;
    } else if (scope === 'enterprise') {
      if (!g.enterpriseId || g.area) {
        throw new DomainError('VALIDATION_FAILED', '企业角色需要指定企业', { [`${field}.enterpriseId`]: '请选择企业' });
      }
      const enterprise = await getEnterprise(d.db, g.enterpriseId);
      if (!enterprise || !canReachArea(admin, enterprise.area, 'admin')) {
        throw new DomainError('NOT_FOUND', '企业不存在或不在您的管辖范围内', { [`${field}.enterpriseId`]: '企业不存在' });
      }
      homeArea ??= enterprise.area;
    } else if (g.area || g.enterpriseId) {
      throw new DomainError('VALIDATION_FAILED', '公众角色不需要指定区域或企业', { [field]: '公众角色不需要指定区域或企业' });
    }
  }
  return { homeArea };
}

/** Settings of a district are kept by its own officials in these roles (a grant on the district itself), not a street's. */
export async function requireDistrictKeeper(d: Deps, actor: Actor, district: string, roles: readonly Role[], message: string) {
  const area = await getArea(d.db, district);
  if (!area || area.level !== 'district' || !actor.grants.some((g) => roles.includes(g.role) && g.area === district)) {
    throw new DomainError('FORBIDDEN', message);
  }
}
