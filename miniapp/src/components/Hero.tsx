import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** The coloured heading every home starts with. */
export function Hero({ title, sub, children }: { title: string; sub?: ReactNode; children?: ReactNode }) {
  return (
    <View className="hero">
      <View className="hero-title">
        <Text>{title}</Text>
      </View>
      {sub ? <View className="hero-sub">{sub}</View> : null}
      {children}
    </View>
  );
}
