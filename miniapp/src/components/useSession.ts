import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { Role, UserView } from '@safegrid/shared';
import { activeRole, getToken, getUser } from '../lib/session';
import { SIGN_IN_PAGE } from '../lib/routes';

/** The signed-in user and their active role; without a session, back to sign-in. */
export function useSession(): { user?: UserView; role?: Role } {
  const [state] = useState(() => {
    const user = getToken() ? getUser() : undefined;
    return { user, role: user ? activeRole(user) : undefined };
  });
  useEffect(() => {
    if (!state.user) void Taro.reLaunch({ url: SIGN_IN_PAGE }).catch(() => undefined);
  }, [state.user]);
  return state;
}
