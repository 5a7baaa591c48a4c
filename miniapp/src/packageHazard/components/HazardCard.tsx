import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Empty } from '@nutui/nutui-react-taro';
import type { HazardSummary } from '@safegrid/shared';
import { HAZARD_PAGES, pageUrl } from '../../lib/routes';
import { formatDate } from '../../lib/time';
import { StateTag } from './StateTag';

/** One hazard in a list: thumbnail, state, category and level, description, where and when; tap → detail. */
export function HazardCard({ h }: { h: HazardSummary }) {
  const where = h.enterpriseName ?? h.areaName;
  return (
    <View className="hz-card" onClick={() => void Taro.navigateTo({ url: pageUrl(HAZARD_PAGES.detail, { id: h.id }) })}>
      {h.thumbnail ? (
        <Image className="hz-thumb" src={h.thumbnail} mode="aspectFill" />
      ) : (
        <View className="hz-thumb hz-thumb-none">
          <Text>无照片</Text>
        </View>
      )}
      <View className="hz-card-body">
        <View className="hz-card-head">
          <StateTag state={h.state} label={h.stateLabel} />
          <Text className="hz-card-cat">{h.level ? `${h.category} · ${h.level}` : h.category}</Text>
          {h.overdue ? <Text className="hz-overdue-badge">已逾期</Text> : null}
        </View>
        <View className="hz-card-desc">
          <Text>{h.description}</Text>
        </View>
        <View className="hz-card-meta">
          <Text>{[where, formatDate(h.createdAt)].filter(Boolean).join(' · ')}</Text>
          {h.deadline ? <Text className={h.overdue ? 'hz-late' : ''}>{`  期限 ${h.deadline}`}</Text> : null}
        </View>
      </View>
    </View>
  );
}

/** A paged list of hazard cards with its footer: 加载更多 / 已全部加载 / the error and a retry. */
export function HazardPages({
  items,
  cursor,
  loading,
  error,
  onMore,
  empty,
}: {
  items?: HazardSummary[];
  cursor?: string;
  loading: boolean;
  error: string;
  onMore: () => void;
  empty: string;
}) {
  return (
    <View>
      {error && !items ? <Empty status="error" title="加载失败" description={`${error}（下拉可重试）`} /> : null}
      {!items && !error ? <View className="card muted">加载中…</View> : null}
      {items && items.length === 0 && !cursor ? <Empty size="small" title={empty} /> : null}
      {items?.map((h) => <HazardCard key={h.id} h={h} />)}
      {/* A keyword search may answer a page with nothing found yet and a cursor to read on. */}
      {items && (items.length > 0 || cursor) ? (
        <View className="hz-foot">
          {loading ? <Text className="muted">加载中…</Text> : null}
          {!loading && error ? (
            <Text className="link" onClick={onMore}>{`${error}，点此重试`}</Text>
          ) : null}
          {!loading && !error && cursor ? (
            <Text className="link hz-more" onClick={onMore}>
              加载更多
            </Text>
          ) : null}
          {!loading && !error && !cursor ? <Text className="muted">已全部加载</Text> : null}
        </View>
      ) : null}
    </View>
  );
}
