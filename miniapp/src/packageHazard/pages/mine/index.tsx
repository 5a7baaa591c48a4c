import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { HAZARD_PAGES } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { HazardPages } from '../../components/HazardCard';
import { useHazardPages } from '../../lib';
import '../../hazard.css';

/** 我的举报: what the user reported, newest first, with where each one stands; pull down to refresh. */
export default function MyHazards() {
  const { user } = useSession();
  const pages = useHazardPages((cursor) => call('listMyHazards', { query: cursor ? { cursor } : {} }), [user?.id], !!user);
  if (!user) return <View className="page" />;
  return (
    <View className="page hz-page">
      <Hero title="我的举报" sub="您上报的隐患和处理进度（下拉刷新）" />
      <HazardPages {...pages} onMore={() => void pages.load(pages.cursor)} empty="还没有上报过隐患" />
      <View className="actions">
        <Button block size="large" type="primary" onClick={() => void Taro.navigateTo({ url: HAZARD_PAGES.report })}>
          随手拍
        </Button>
      </View>
    </View>
  );
}
