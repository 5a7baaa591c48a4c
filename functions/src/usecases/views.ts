import { ROLE_LABELS, maskPhone, type GrantView, type User, type UserView } from '@safegrid/shared';
import { getArea } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';
import type { Entities } from '../repos/entities';

/** Names of the areas and enterprises grants point at, fetched once per request. */
export class NameCache {
  private readonly areas = new Map<string, Promise<string | undefined>>();
  private readonly enterprises = new Map<string, Promise<string | undefined>>();
  constructor(private readonly db: Entities) {}

  area(path: string) {
    if (!this.areas.has(path)) this.areas.set(path, getArea(this.db, path).then((a) => a?.name));
    return this.areas.get(path)!;
  }

  enterprise(id: string) {
    if (!this.enterprises.has(id)) this.enterprises.set(id, getEnterprise(this.db, id).then((e) => e?.name));
    return this.enterprises.get(id)!;
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
  };
}
