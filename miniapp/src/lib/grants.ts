/** The areas a user works in, as their grants say, for pages that ask the API about an area or a district. */
import type { Role, UserView } from '@safegrid/shared';

/** The areas the user holds in their active role. */
export function areaGrantsOf(user: UserView | undefined, role: Role | undefined): { path: string; name: string }[] {
  if (!user || !role) return [];
  return user.grants.filter((g) => g.role === role && g.area).map((g) => ({ path: g.area!, name: g.areaName ?? g.area! }));
}

/** The district a settings page is about: the first area the user holds at district level, in their role. */
export function districtGrantOf(user: UserView | undefined, role: Role | undefined): { path: string; name: string } | undefined {
  return areaGrantsOf(user, role).find((a) => !a.path.includes('/'));
}
