import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { REWARD_STATE_LABELS, type RewardState } from '@safegrid/shared';
import { call } from '../../../api/client';
import { exportExcel } from '../../../lib/files';
import { queryParam } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { Paged } from '../../components/Paged';
import { RewardCard, type RewardRow } from '../../components/RewardCard';
import { areaGrantsOf } from '../../../lib/grants';
import { QUEUE_STATES, isRewardState, usePages } from '../../lib';
import '../../reward.css';

const PAGE_SIZE = 20;

/**
 * 奖励审核: the rewards of the supervisor's areas by state (待审核 first), paged by the API's cursor;
 * a supervisor with several areas may narrow it to one. Tap → the reward, to approve, pay or reverse.
 * 导出Excel: the same area and state as a workbook (reporters' phones masked, a total row).
 */
export default function RewardQueue() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  // One area at a time: the API pages one area's rewards by one cursor.
  const [area, setArea] = useState(() => queryParam(params.area) || areas[0]?.path || '');
  const [state, setState] = useState<RewardState>(() => (isRewardState(params.state) ? params.state : 'proposed'));
  const [exporting, setExporting] = useState(false);
  const pages = usePages<RewardRow>(
    async (cursor) => {
      const res = await call('listRewards', { query: { ...(area ? { area } : {}), state, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE } });
      return { items: res.rewards, cursor: res.cursor };
    },
    [area, state, user?.id],
    !!user,
  );
  if (!user) return <View className="page" />;
  const exportRewards = async () => {
    if (exporting) return;
    setExporting(true);
    await exportExcel(() => call('exportRewards', { body: { ...(area ? { area } : {}), state } }), { empty: `没有${REWARD_STATE_LABELS[state]}的奖励`, unit: '条' });
    setExporting(false);
  };
  const areaName = areas.find((a) => a.path === area)?.name ?? area;

  return (
    <View className="page rw-page">
      <Hero title="奖励审核" sub={`${areaName} · ${REWARD_STATE_LABELS[state]}（下拉刷新）`} />
      {areas.length > 1 ? (
        <View className="rw-areas">
          <Choices options={areas.map((a) => ({ value: a.path, label: a.name }))} value={area} onChange={setArea} />
        </View>
      ) : null}
      <View className="rw-filter">
        {QUEUE_STATES.map((s) => (
          <View key={s} className={`rw-chip ${s === state ? 'rw-chip-on' : ''}`} onClick={() => setState(s)}>
            <Text>{REWARD_STATE_LABELS[s]}</Text>
          </View>
        ))}
      </View>
      <View className="rw-export rw-queue-export">
        <Text className={`link rw-export-link ${exporting ? 'rw-busy' : ''}`} onClick={() => void exportRewards()}>
          {exporting ? '正在导出…' : '导出Excel'}
        </Text>
      </View>
      <Paged
        {...pages}
        onMore={() => void pages.load(pages.cursor)}
        empty={`没有${REWARD_STATE_LABELS[state]}的奖励`}
        row={(r) => <RewardCard key={r.id} r={r} />}
      />
    </View>
  );
}
