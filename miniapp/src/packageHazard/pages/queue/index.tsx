import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { ResponseOf, Role } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { HazardPages } from '../../components/HazardCard';
import '../../hazard.css';

type Group = ResponseOf<'hazardQueue'>['groups'][number];

const TITLES: Partial<Record<Role, { title: string; sub: string }>> = {
  gridworker: { title: '今日任务', sub: '日交办：待核实的举报、待复查的整改、已逾期的隐患' },
  enterprise_owner: { title: '隐患整改', sub: '本企业待报方案、待整改、待复查的隐患' },
  enforcement: { title: '执法线索', sub: '逾期未整改、移交执法的隐患' },
};

/** 待办: the hazards waiting for this user, in the groups their role works (tabs with counts), each paged (加载更多 past its first 50); tap → detail. */
export default function HazardQueue() {
  const { user, role } = useSession();
  const [groups, setGroups] = useState<Group[]>();
  const [error, setError] = useState('');
  const [tab, setTab] = useState<string>();
  const [more, setMore] = useState({ loading: false, error: '' });

  const load = async () => {
    setError('');
    try {
      const res = await call('hazardQueue');
      setGroups(res.groups);
      // Stay on the tab the user chose; else the first with work in it.
      setTab((t) => (t && res.groups.some((g) => g.kind === t) ? t : (res.groups.find((g) => g.hazards.length > 0) ?? res.groups[0])?.kind));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  // The group's next page, appended (a hazard already shown is not shown twice).
  const loadMore = async (g: Group) => {
    if (!g.cursor || more.loading) return;
    setMore({ loading: true, error: '' });
    try {
      const next = (await call('hazardQueue', { query: { kind: g.kind, cursor: g.cursor } })).groups[0];
      setGroups((gs) =>
        gs?.map((x) => {
          if (x.kind !== g.kind) return x;
          const { cursor: _done, ...rest } = x;
          const hazards = [...x.hazards, ...(next?.hazards ?? []).filter((h) => !x.hazards.some((y) => y.id === h.id))];
          return { ...rest, hazards, ...(next?.cursor ? { cursor: next.cursor } : {}) };
        }),
      );
      setMore({ loading: false, error: '' });
    } catch (e) {
      setMore({ loading: false, error: messageOf(e) });
    }
  };
  // Also on coming back from a hazard: it may have left the queue.
  useDidShow(() => {
    if (user) void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });

  if (!user) return <View className="page" />;
  const head = (role && TITLES[role]) ?? { title: '待办', sub: '辖区内等待处理的隐患' };
  const current = groups?.find((g) => g.kind === tab);
  const total = groups?.reduce((n, g) => n + g.hazards.length, 0) ?? 0;
  // A group with more pages shows what is loaded so far, with a +.
  const plus = (g: { cursor?: string }) => (g.cursor ? '+' : '');

  return (
    <View className="page hz-page">
      <Hero title={head.title} sub={groups ? `${head.sub} · 共 ${total}${groups.some((g) => g.cursor) ? '+' : ''} 条` : head.sub} />
      {error ? <Empty status="error" title="加载失败" description={`${error}（下拉可重试）`} /> : null}
      {!groups && !error ? <View className="card muted">加载中…</View> : null}
      {groups && groups.length > 0 ? (
        <View className="hz-tabs">
          {groups.map((g) => (
            <View key={g.kind} className={`hz-tab ${g.kind === tab ? 'hz-tab-on' : ''} ${g.hazards.length ? '' : 'hz-tab-empty'}`} onClick={() => setTab(g.kind)}>
              <Text className="hz-tab-label">{g.label}</Text>
              <Text className="hz-tab-count">{`${g.hazards.length}${plus(g)}`}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {groups && groups.length === 0 ? <Empty title="暂无待办" /> : null}
      {current ? (
        <View className="hz-group">
          <HazardPages items={current.hazards} cursor={current.cursor} loading={more.loading} error={more.error} onMore={() => void loadMore(current)} empty={`没有${current.label}的隐患`} />
        </View>
      ) : null}
    </View>
  );
}
