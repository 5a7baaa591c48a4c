import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client';

/**
 * One answer loaded when `deps` change (once `enabled`) and on pull-down, the latest request winning:
 * an answer to an older request is dropped, an error shows as its message (`messageOf`).
 * `blocked` asks nothing (a pending answer is still dropped): true quietly, a string as the error.
 * `keep` leaves the last answer shown while the next loads; `onData` sees each answer kept.
 */
export function useLatest<T>(
  load: () => Promise<T>,
  deps: unknown[],
  options: { enabled?: boolean; blocked?: boolean | string; keep?: boolean; onData?: (res: T) => void } = {},
) {
  const { enabled = true, blocked, keep, onData } = options;
  const [data, setData] = useState<T>();
  const [error, setError] = useState('');
  const generation = useRef(0);

  const reload = async () => {
    const mine = ++generation.current;
    setError('');
    if (blocked) {
      if (typeof blocked === 'string') setError(blocked);
      return;
    }
    try {
      const res = await load();
      if (mine !== generation.current) return;
      setData(res);
      onData?.(res);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    }
  };
  useEffect(() => {
    if (!enabled) return;
    if (!keep) setData(undefined);
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  usePullDownRefresh(() => {
    void reload().finally(() => void Taro.stopPullDownRefresh());
  });
  return { data, error, reload, setData };
}
