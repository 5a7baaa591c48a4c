import { Text, View } from '@tarojs/components';
import { Empty, Tag } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { GridworkerHomeResponse } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { gridworkerLevelLabel } from '../../../lib/labels';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { HomeFooter } from '../../../components/HomeFooter';

/** 网格员首页: the grids in their charge, with community, enterprise count and micro-grids. */
export default function GridworkerHome() {
  const { user } = useSession();
  const [data, setData] = useState<GridworkerHomeResponse>();
  const [error, setError] = useState('');

  useEffect(() => {
    if (!user) return;
    call('gridworkerHome')
      .then(setData)
      .catch((e: unknown) => setError(messageOf(e)));
  }, [user]);

  if (!user) return <View className="page" />;
  const level = data?.level ?? user.gridworkerLevel;
  return (
    <View className="page">
      <Hero title="我的网格" sub={`${user.name} · ${gridworkerLevelLabel(level)}`} />
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!data && !error ? <View className="card muted">加载中…</View> : null}
      {data && data.grids.length === 0 ? <Empty title="暂无负责的网格" description="请联系管理员指派网格" /> : null}
      {data?.grids.map((g) => (
        <View key={g.path} className="card grid-card">
          <View className="row">
            <Text className="card-title">{g.name}</Text>
            <Text className="grid-count">{`企业 ${g.enterpriseCount} 家`}</Text>
          </View>
          {g.communityName ? <View className="card-line">所属社区：{g.communityName}</View> : null}
          {g.microgrids.length > 0 ? (
            <View className="tags">
              {g.microgrids.map((m) => (
                <Tag key={m.path} type="primary" plain>
                  {m.name}
                </Tag>
              ))}
            </View>
          ) : g.level === 'grid' ? (
            <View className="card-line">暂无微网格</View>
          ) : null}
        </View>
      ))}
      <HomeFooter />
    </View>
  );
}
