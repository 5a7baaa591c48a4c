import type { Role } from '@safegrid/shared';

export const SIGN_IN_PAGE = '/pages/index/index';
export const HOME_PAGE = '/pages/home/index';
export const ME_PAGE = '/pages/me/index';

/** Each role's home page, grouped by subpackage. */
export const ROLE_HOME: Record<Role, string> = {
  gridworker: '/packageGridworker/pages/home/index',
  supervisor: '/packageSupervisor/pages/home/index',
  department: '/packageSupervisor/pages/home/index',
  enforcement: '/packageSupervisor/pages/home/index',
  guarantee_leader: '/packageSupervisor/pages/home/index',
  enterprise_owner: '/packageEnterprise/pages/home/index',
  worker: '/packageEnterprise/pages/home/index',
  public: '/packagePublic/pages/home/index',
  admin: '/packageAdmin/pages/home/index',
};

/** The sign-in page lists demo users in H5 and whenever TARO_APP_DEV_LOGIN is 'true'. */
export function devLoginEnabled(): boolean {
  return process.env.TARO_ENV === 'h5' || process.env.TARO_APP_DEV_LOGIN === 'true';
}
