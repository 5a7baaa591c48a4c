import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client';

/**
 * A list paged by the API's cursor: loads when `deps` change, reloads on pull-down and when the page
 * shows again (after acting on the detail page), loads more at the bottom.
 */
export function usePages<T>(fetchPage: (cursor?: string) => Promise<{ items: T[]; cursor?: string }>, deps: unknown[], enabled = true) {
  const [items, setItems] = useState<T[]>();
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const busy = useRef(false);
  const generation = useRef(0);
  const shown = useRef(false);

  const load = async (more?: string) => {
    if (!enabled || (more && busy.current)) return;
    const mine = more ? generation.current : ++generation.current;
    busy.current = true;
    setLoading(true);
    setError('');
    try {
      const res = await fetchPage(more);
      if (mine !== generation.current) return;
      setItems((prev) => (more ? [...(prev ?? []), ...res.items] : res.items));
      setCursor(res.cursor);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    } finally {
      if (mine === generation.current) {
        busy.current = false;
        setLoading(false);
      }
    }
  };

  useEffect(() => {
    setItems(undefined);
    setCursor(undefined);
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useDidShow(() => {
    if (shown.current) void load();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (cursor) void load(cursor);
  });
  return { items, cursor, loading, error, load };
}
