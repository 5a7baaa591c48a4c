import { Text, View } from '@tarojs/components';
import { Empty } from '@nutui/nutui-react-taro';
import type { ReactNode } from 'react';

/** A paged list with its states: loading, the error, empty, the rows, and 加载更多 / 已全部加载. */
export function Paged<T>({
  items,
  cursor,
  loading,
  error,
  onMore,
  empty,
  emptyHint,
  row,
}: {
  items?: T[];
  cursor?: string;
  loading: boolean;
  error: string;
  onMore: () => void;
  empty: string;
  emptyHint?: string;
  row: (item: T) => ReactNode;
}) {
  return (
    <View>
      {error && !items ? <Empty status="error" title="加载失败" description={`${error}（下拉可重试）`} /> : null}
      {!items && !error ? <View className="card muted">加载中…</View> : null}
      {items && items.length === 0 ? <Empty size="small" title={empty} description={emptyHint} /> : null}
      {items?.map(row)}
      {items && items.length > 0 ? (
        <View className="rw-foot">
          {loading ? <Text className="muted">加载中…</Text> : null}
          {!loading && error ? <Text className="link" onClick={onMore}>{`${error}，点此重试`}</Text> : null}
          {!loading && !error && cursor ? (
            <Text className="link rw-more" onClick={onMore}>
              加载更多
            </Text>
          ) : null}
          {!loading && !error && !cursor ? <Text className="muted">已全部加载</Text> : null}
        </View>
      ) : null}
    </View>
  );
}
