import { View } from '@tarojs/components';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Profile } from '../../../components/Profile';

/** 公众: their profile and phone binding. */
export default function PublicHome() {
  const { user, role } = useSession();
  if (!user) return <View className="page" />;
  return (
    <View className="page">
      <Hero title="公众" sub={user.name} />
      <Profile user={user} role={role} />
    </View>
  );
}
