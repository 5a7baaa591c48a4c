/**
 * `@tarojs/taro` for jest: the H5 implementation's APIs on one object, as the H5 build makes them.
 * Hooks that need a Taro page run as plain React effects.
 */
import { useEffect } from 'react';
import * as h5 from '@tarojs/taro-h5';

const { default: base, ...named } = h5 as unknown as { default: Record<string, unknown> } & Record<string, unknown>;
const Taro: Record<string, unknown> = { ...named, ...base };

export function useDidShow(fn: () => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(fn, []);
}
export function useRouter(): { params: Record<string, string | undefined> } {
  return { params: (Taro.__routerParams as Record<string, string>) ?? {} };
}
Taro.useDidShow = useDidShow;
Taro.useRouter = useRouter;

export default Taro;
