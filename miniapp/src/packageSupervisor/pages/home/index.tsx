import { View } from '@tarojs/components';
import { ROLE_LABELS } from '@safegrid/shared';
import { grantsFor } from '../../../lib/session';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { HomeFooter } from '../../../components/HomeFooter';
import { AreaBrowser, type Crumb } from '../../../components/AreaBrowser';

/** 监管人员 / 行业部门 / 执法人员 / 包保责任人: their areas and the areas under them. */
export default function SupervisorHome() {
  const { user, role } = useSession();
  if (!user || !role) return <View className="page" />;
  const roots: Crumb[] = grantsFor(user, role)
    .filter((g) => g.area)
    .map((g) => ({ path: g.area!, name: g.areaName ?? g.area! }));
  const label = ROLE_LABELS[role];
  return (
    <View className="page">
      <Hero title={label} sub={`${user.name} · 辖区：${roots.map((r) => r.name).join('、') || '暂无'}`} />
      <AreaBrowser roots={roots} />
      <HomeFooter />
    </View>
  );
}
