import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import type { RedLineView } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { LEDGER_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { areaGrants } from '../../lib';
import { keeps } from '../../redlines';
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

/**
 * 十条红线: the major risks binding the area (set for it, above it, and below it for supervisors).
 * Its supervisors and admins add red lines here and edit those set in their areas. With
 * `?enterpriseId=&name=` (the owner's home): only the red lines naming that enterprise.
 */
export default function RedLines() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const enterpriseId = queryParam(params.enterpriseId);
  const grants = user && !enterpriseId ? areaGrants(user, role) : [];
  const [area, setArea] = useState(enterpriseId ? '' : queryParam(params.area) || grants[0]?.area || '');
  const [redLines, setRedLines] = useState<RedLineView[]>();
  const [error, setError] = useState('');
  const shown = useRef(false);

  const load = (fresh: boolean) => {
    if (fresh) setRedLines(undefined);
    setError('');
    call('listRedLines', { query: enterpriseId ? { enterpriseId } : area ? { area } : {} })
      .then((res) => setRedLines(res.redLines))
      .catch((e: unknown) => setError(messageOf(e)));
  };
  useEffect(() => {
    if (user) load(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user, area]);
  // Back from the editor: show what was saved.
  useDidShow(() => {
    if (user && shown.current) load(false);
    shown.current = true;
  });

  if (!user) return <View className="page" />;
  const areaName = grants.find((g) => g.area === area)?.areaName ?? (queryParam(params.name) || area);
  const edit = (at: string, name: string, id?: string) => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.redLine, { area: at, name, id }) }).catch(() => undefined);
  return (
    <View className="page">
      <Hero title="十条红线" sub={enterpriseId ? `涉及${queryParam(params.name) || '本企业'}的红线` : areaName || '全部辖区'} />
      {grants.length > 1 ? (
        <Choices options={grants.map((g) => ({ value: g.area!, label: g.areaName ?? g.area! }))} value={area} onChange={setArea} />
      ) : null}
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!redLines && !error ? <View className="card muted">加载中…</View> : null}
      {area && keeps(user, role, area) ? (
        <View className="actions">
          <Button block type="primary" onClick={() => edit(area, areaName)}>
            新增红线
          </Button>
        </View>
      ) : null}
      {redLines && redLines.length === 0 ? <Empty size="small" title={enterpriseId ? '暂无涉及本企业的红线' : '暂无红线'} /> : null}
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
          {keeps(user, role, r.area) ? (
            <View className="redline-actions">
              <Button size="small" type="primary" fill="outline" onClick={() => edit(r.area, r.areaName ?? r.area, r.id)}>
                编辑
              </Button>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}
