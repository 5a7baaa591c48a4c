import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Cell } from '@nutui/nutui-react-taro';
import { ACCOUNT_PAGES, HAZARD_PAGES, REWARD_PAGES } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Profile } from '../../../components/Profile';
import { useCounts } from '../../../components/useCounts';
import { countExtra } from '../../../components/CountBadge';

/** 公众: 随手拍, their reports and rewards, their profile and phone binding. */
export default function PublicHome() {
  const { user, role } = useSession();
  const counts = useCounts(!!user);
  if (!user) return <View className="page" />;
  return (
    <View className="page">
      <Hero title="公众" sub={user.name} />
      <View className="section-title">安全隐患</View>
      <Cell.Group>
        <Cell
          className="entry"
          title="随手拍"
          description="拍下身边的安全隐患，可匿名"
          extra="›"
          onClick={() => void Taro.navigateTo({ url: HAZARD_PAGES.report })}
        />
        <Cell className="entry" title="我的举报" description="查看处理进度" extra={countExtra(counts.myOpenReports)} onClick={() => void Taro.navigateTo({ url: HAZARD_PAGES.mine })} />
        <Cell className="entry" title="我的奖励" description="举报核实后的奖励与确认收款" extra={countExtra(counts.rewardsToConfirm)} onClick={() => void Taro.navigateTo({ url: REWARD_PAGES.mine })} />
      </Cell.Group>
      <Cell.Group>
        <Cell className="entry" title="受邀加入" description="工作人员、企业负责人或员工：输入邀请码或验证手机号" extra="›" onClick={() => void Taro.navigateTo({ url: ACCOUNT_PAGES.invite })} />
      </Cell.Group>
      <Profile user={user} role={role} />
    </View>
  );
}
