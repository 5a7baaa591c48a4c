import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A date, a month or a time as the app writes them (2026-12-07, 2026-12, 2026-12-07 14:03). */
const WHEN = /^\d{4}-\d{2}(-\d{2})?( \d{2}:\d{2})?$/;

/** One labelled value in a detail page; a date value is kept on one line. */
export function Kv({ k, v, className }: { k: string; v: ReactNode; className?: string }) {
  return (
    <View className={`kv ${className ?? ''}`}>
      <Text className="kv-label">{k}</Text>
      <View className="kv-value">{typeof v === 'string' ? <Text className={WHEN.test(v) ? 'nowrap' : undefined}>{v}</Text> : v}</View>
    </View>
  );
}
