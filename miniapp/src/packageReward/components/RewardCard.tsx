import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ResponseOf } from '@safegrid/shared';
import { formatYuan } from '../../lib/money';
import { REWARD_PAGES, pageUrl } from '../../lib/routes';
import { formatTime } from '../../lib/time';
import { StateTag } from './StateTag';

export type RewardRow = ResponseOf<'listRewards'>['rewards'][number];

/** One reward in the supervisor's list: who, how much, what was reported, where and when; tap → detail. */
export function RewardCard({ r }: { r: RewardRow }) {
  const closed = r.state === 'ineligible' || r.state === 'rejected';
  return (
    <View className="rw-card rw-row" onClick={() => void Taro.navigateTo({ url: pageUrl(REWARD_PAGES.detail, { id: r.id }) })}>
      <View className="row">
        <View className="rw-row-who">
          <StateTag state={r.state} />
          <Text className="rw-name">{r.reporterName}</Text>
        </View>
        {closed ? null : <Text className="rw-amount">{formatYuan(r.amountFen ?? r.proposedFen)}</Text>}
      </View>
      <View className="rw-desc">
        <Text>{r.description}</Text>
      </View>
      {closed && r.reason ? (
        <View className="rw-reason">
          <Text>{r.reason}</Text>
        </View>
      ) : null}
      <View className="rw-meta">
        <Text>{`${r.areaName ?? r.area} · ${r.level}隐患 · 举报于 ${formatTime(r.reportedAt)}`}</Text>
      </View>
    </View>
  );
}
