import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Empty } from '@nutui/nutui-react-taro';
import { useEffect } from 'react';
import { ROLE_HOME } from '../../lib/routes';
import { useSession } from '../../components/useSession';
import { SignOutButton } from '../../components/Profile';

/** Sends the user on to the home of their active role. */
export default function Home() {
  const { user, role } = useSession();
  useEffect(() => {
    if (user && role) void Taro.redirectTo({ url: ROLE_HOME[role] });
  }, [user, role]);
  if (!user || role) return <View className="page muted">正在进入…</View>;
  return (
    <View className="page">
      <Empty title="暂无角色" description={`${user.name}，您的账号尚未开通角色，请联系管理员。`} />
      <SignOutButton />
    </View>
  );
}
