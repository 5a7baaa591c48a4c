import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';

/** Whether this page has one under it to go back to (the page stack is fixed when a page is made). */
function canGoBack(): boolean {
  try {
    return Taro.getCurrentPages().length > 1;
  } catch {
    return false; // no router yet
  }
}

/**
 * ‹ 返回, in the H5 build only. WeChat draws a back arrow in its navigation bar; the H5 build has no
 * such bar (Taro shows one only with `navigationStyle: 'default'`, a bar of its own on every page),
 * so a page opened from another had no way back but the browser's. Shown at the top of every Hero
 * (`bar` where a page has none) and only when there is a page to go back to; the weapp build drops it.
 */
export function H5Back({ bar = false }: { bar?: boolean }) {
  const [back] = useState(() => process.env.TARO_ENV === 'h5' && canGoBack());
  if (process.env.TARO_ENV !== 'h5' || !back) return null;
  const link = (
    <View className="h5-back" onClick={() => void Taro.navigateBack().catch(() => undefined)}>
      <Text className="h5-back-arrow">‹</Text>
      <Text>返回</Text>
    </View>
  );
  return bar ? <View className="h5-back-bar">{link}</View> : link;
}
