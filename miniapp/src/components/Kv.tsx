import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** One labelled value in a detail page. */
export function Kv({ k, v, className }: { k: string; v: ReactNode; className?: string }) {
  return (
    <View className={`kv ${className ?? ''}`}>
      <Text className="kv-label">{k}</Text>
      <View className="kv-value">{typeof v === 'string' ? <Text>{v}</Text> : v}</View>
    </View>
  );
}
