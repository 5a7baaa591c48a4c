import { ROLE_LABELS, maskPhone, type Area, type Enterprise, type GrantView, type User, type UserView } from '@safegrid/shared';
import { getArea } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';
import type { Entities } from '../repos/entities';
import { getUser } from '../repos/users';

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

  async area(path: string) {
    return (await this.areaRecord(path))?.name;
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
