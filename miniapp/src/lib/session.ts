import Taro from '@tarojs/taro';
import type { GrantView, Role, SessionResponse, UserView } from '@safegrid/shared';

const TOKEN_KEY = 'safegrid.token';
const USER_KEY = 'safegrid.user';
const ROLE_KEY = 'safegrid.role';

export function getToken(): string {
  return (Taro.getStorageSync(TOKEN_KEY) as string) || '';
}

export function getUser(): UserView | undefined {
  const user = Taro.getStorageSync(USER_KEY) as UserView | '' | undefined;
  return user ? user : undefined;
}

export function saveSession(session: SessionResponse): void {
  Taro.setStorageSync(TOKEN_KEY, session.token);
  Taro.setStorageSync(USER_KEY, session.user);
  Taro.removeStorageSync(ROLE_KEY);
}

export function saveUser(user: UserView): void {
  Taro.setStorageSync(USER_KEY, user);
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(USER_KEY);
  Taro.removeStorageSync(ROLE_KEY);
}

/** The roles a user holds, in the order of their grants, each once. */
export function rolesOf(user: UserView): Role[] {
  return [...new Set(user.grants.map((g) => g.role))];
}

/** The role the user acts in: the one they picked, else their first. */
export function activeRole(user: UserView): Role | undefined {
  const roles = rolesOf(user);
  const picked = Taro.getStorageSync(ROLE_KEY) as Role | '';
  return picked && roles.includes(picked) ? picked : roles[0];
}

export function setActiveRole(role: Role): void {
  Taro.setStorageSync(ROLE_KEY, role);
}

export function grantsFor(user: UserView, role: Role): GrantView[] {
  return user.grants.filter((g) => g.role === role);
}
