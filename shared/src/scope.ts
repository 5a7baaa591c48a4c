import { isWithin } from './area-path';
import type { Role } from './roles';

/** One role held by a user, with what it reaches. */
export interface Grant {
  role: Role;
  /** Area path for area-scoped roles (gridworker: one grant per grid). */
  area?: string;
  /** Enterprise id for worker and enterprise_owner. */
  enterpriseId?: string;
}

export interface Actor {
  userId: string;
  grants: Grant[];
}

/** What a scoped record exposes for authorization. */
export interface Scoped {
  area: string;
  enterpriseId?: string;
  ownerId?: string;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.grants.some((g) => roles.includes(g.role));
}

/** Area paths the actor reaches through the given roles (all roles when none given). */
export function areasOf(actor: Actor, ...roles: Role[]): string[] {
  return actor.grants
    .filter((g) => g.area && (roles.length === 0 || roles.includes(g.role)))
    .map((g) => g.area!);
}

/** The actor's areas through those roles, leaving out any inside another: one per separate subtree. */
export function outermostAreasOf(actor: Actor, ...roles: Role[]): string[] {
  const held = [...new Set(areasOf(actor, ...roles))];
  return held.filter((p) => !held.some((q) => q !== p && isWithin(p, q)));
}

/** Does an area-scoped grant reach the area? */
export function isWithinGrant(area: string, g: Grant): boolean {
  return g.area !== undefined && isWithin(area, g.area);
}

/** May the actor see the record through any of the given roles (all roles when none given)? */
export function canSee(actor: Actor, record: Scoped, ...roles: Role[]): boolean {
  if (record.ownerId && record.ownerId === actor.userId) return true;
  return actor.grants.some((g) => {
    if (roles.length > 0 && !roles.includes(g.role)) return false;
    if (g.area) return isWithin(record.area, g.area);
    if (g.enterpriseId) return record.enterpriseId === g.enterpriseId;
    return false;
  });
}

/** May the actor act on an area itself (or any area under it) through the given roles? */
export function canReachArea(actor: Actor, area: string, ...roles: Role[]): boolean {
  return canSee(actor, { area }, ...roles);
}
