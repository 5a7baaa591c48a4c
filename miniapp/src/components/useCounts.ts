import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { MyCounts } from '@safegrid/shared';
import { call } from '../api/client';
import { rememberNotices } from '../lib/notify';

/**
 * The counts a home shows on its entries, from one request (GET /me/counts), read again each time
 * the home is shown; it also brings the subscribe-message templates the home's taps ask for. A
 * failure shows no counts: the entries work without them.
 */
export function useCounts(enabled: boolean): MyCounts['counts'] {
  const [counts, setCounts] = useState<MyCounts['counts']>({});
  useDidShow(() => {
    if (!enabled) return;
    call('myCounts')
      .then((res) => {
        rememberNotices(res.notices);
        setCounts(res.counts);
      })
      .catch(() => undefined);
  });
  return counts;
}
