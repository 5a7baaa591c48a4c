import { Text, View } from '@tarojs/components';
import './badge.css';

/** A count on a home's entry (角标): nothing when there is nothing to do, 99+ beyond 99. */
export function CountBadge({ n }: { n?: number }) {
  if (!n) return null;
  return <Text className="count-badge">{n > 99 ? '99+' : String(n)}</Text>;
}

/** A Cell's `extra`: the count, then the arrow. */
export function countExtra(n?: number) {
  return (
    <View className="entry-extra">
      <CountBadge n={n} />
      <Text>›</Text>
    </View>
  );
}
