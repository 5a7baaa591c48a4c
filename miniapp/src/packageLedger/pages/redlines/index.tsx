import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { RedLineView } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { LEDGER_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { areaGrants } from '../../lib';
import '../../ledger.css';

function Lines({ items }: { items: string[] }) {
  return (
    <View className="redline-list">
      {items.map((t, i) => (
        <View key={i}>
          <Text>{`${i + 1}. ${t}`}</Text>
        </View>
      ))}
    </View>
  );
}

/** 十条红线: the area's major risks, read-only. */
export default function RedLines() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const grants = user ? areaGrants(user, role) : [];
  const [area, setArea] = useState(queryParam(params.area) || grants[0]?.area || '');
  const [redLines, setRedLines] = useState<RedLineView[]>();
  const [error, setError] = useState('');

  useEffect(() => {
    if (!user) return;
    setRedLines(undefined);
    setError('');
    call('listRedLines', { query: area ? { area } : {} })
      .then((res) => setRedLines(res.redLines))
      .catch((e: unknown) => setError(messageOf(e)));
  }, [user, area]);

  if (!user) return <View className="page" />;
  const areaName = grants.find((g) => g.area === area)?.areaName ?? (queryParam(params.name) || area);
  return (
    <View className="page">
      <Hero title="十条红线" sub={areaName || '全部辖区'} />
      {grants.length > 1 ? (
        <Choices options={grants.map((g) => ({ value: g.area!, label: g.areaName ?? g.area! }))} value={area} onChange={setArea} />
      ) : null}
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!redLines && !error ? <View className="card muted">加载中…</View> : null}
      {redLines && redLines.length === 0 ? <Empty size="small" title="暂无红线" /> : null}
      {redLines?.map((r, i) => (
        <View key={r.id} className="card redline-card">
          <View className="card-title">{`${i + 1}. ${r.title}`}</View>
          {r.areaName ? <View className="card-line">{`区域：${r.areaName}`}</View> : null}
          <View className="redline-label">风险因素</View>
          <Lines items={r.factors} />
          <View className="redline-label">涉及企业</View>
          {r.enterprises.length === 0 ? <View className="redline-list">无</View> : null}
          <View className="redline-list">
            {r.enterprises.map((e) => (
              <View key={e.id}>
                <Text className="link" onClick={() => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.detail, { id: e.id }) })}>
                  {e.name}
                </Text>
              </View>
            ))}
          </View>
          <View className="redline-label">管控责任人</View>
          <View className="redline-list">
            <Text>{[r.ownerName, r.ownerPhone].filter(Boolean).join(' ')}</Text>
          </View>
          <View className="redline-label">管控措施</View>
          <Lines items={r.measures} />
        </View>
      ))}
    </View>
  );
}
