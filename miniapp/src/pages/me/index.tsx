import { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import type { UserView } from '@safegrid/shared';
import { call } from '../../api/client';
import { saveUser } from '../../lib/session';
import { useSession } from '../../components/useSession';
import { Hero } from '../../components/Hero';
import { Profile } from '../../components/Profile';

/** 我的: profile, phone binding, role switch, sign-out. */
export default function Me() {
  const { user: stored, role } = useSession();
  const [user, setUser] = useState<UserView | undefined>(stored);
  useDidShow(() => {
    if (!stored) return;
    call('me')
      .then((res) => {
        saveUser(res.user);
        setUser(res.user);
      })
      .catch(() => undefined);
  });
  if (!user) return <View className="page" />;
  return (
    <View className="page">
      <Hero title="我的" sub={user.name} />
      <Profile key={JSON.stringify(user)} user={user} role={role} />
    </View>
  );
}
