import { ROLE_LABELS, maskPhone, type Area, type Enterprise, type GrantView, type User, type UserView } from '@safegrid/shared';
import { getArea } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';
import type { Entities } from '../repos/entities';
import { getUser } from '../repos/users';

/**
 * Area names are kept by the warm container for NAME_CACHE_MS: every hazard shown names its area and
 * the areas above it, and these reads were a third of a hazard list's or a report's round trips. A
 * rename made in this container shows at once (`forgetAreaNames`, called on every area write); in
 * another container within NAME_CACHE_MS.
 */
const NAME_CACHE_MS = 60_000;
const areaNames = new Map<string, { at: number; name: Promise<string | undefined> }>();

export const forgetAreaNames = () => areaNames.clear();

/**
 * Areas, enterprise names and user names, each read once per request — or once per census
 * import job, where the same grids and importer recur on every row.
 */
export class NameCache {
  private readonly areas = new Map<string, Promise<Area | undefined>>();
  private readonly enterprises = new Map<string, Promise<Enterprise | undefined>>();
  private readonly users = new Map<string, Promise<string | undefined>>();
  constructor(private readonly db: Entities) {}

  areaRecord(path: string) {
    if (!this.areas.has(path)) this.areas.set(path, getArea(this.db, path));
    return this.areas.get(path)!;
  }

  area(path: string) {
    const now = Date.now();
    const have = areaNames.get(path);
    if (have && now - have.at < NAME_CACHE_MS) return have.name;
    const name = this.areaRecord(path).then((a) => a?.name);
    // A name not found (yet) or a failed read is not kept: the next request reads it again.
    name.then((n) => n === undefined && areaNames.delete(path), () => areaNames.delete(path));
    areaNames.set(path, { at: now, name });
    return name;
  }

  user(id: string) {
    if (!this.users.has(id)) this.users.set(id, getUser(this.db, id).then((u) => u?.name));
    return this.users.get(id)!;
  }

  enterpriseRecord(id: string) {
    if (!this.enterprises.has(id)) this.enterprises.set(id, getEnterprise(this.db, id));
    return this.enterprises.get(id)!;
  }

  async enterprise(id: string) {
    return (await this.enterpriseRecord(id))?.name;
  }
}

export async function grantViews(user: User, names: NameCache): Promise<GrantView[]> {
  return Promise.all(
    user.grants.map(async (g) => ({
      role: g.role,
      roleLabel: ROLE_LABELS[g.role],
      ...(g.area ? { area: g.area, areaName: await names.area(g.area) } : {}),
      ...(g.enterpriseId ? { enterpriseId: g.enterpriseId, enterpriseName: await names.enterprise(g.enterpriseId) } : {}),
    })),
  );
}

/** A user as others see them: the phone masked unless the viewer is the user. */
export async function userView(user: User, viewerId: string | undefined, names: NameCache): Promise<UserView> {
  return {
    id: user.id,
    name: user.name,
    ...(user.phone ? { phone: viewerId === user.id ? user.phone : maskPhone(user.phone) } : {}),
    ...(user.gridworkerLevel ? { gridworkerLevel: user.gridworkerLevel } : {}),
    grants: await grantViews(user, names),
    ...(user.deactivatedAt ? { deactivatedAt: user.deactivatedAt } : {}),
  };
}
