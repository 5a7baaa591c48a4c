import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { getLocation } from '../../../lib/location';
import { CHECK_PAGES, pageUrl } from '../../../lib/routes';
import { formatDate } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { formatDistance, listDrafts } from '../../lib';
import { riskColours, riskLabel } from '../../../lib/labels';
import { PrivacyPrompt } from '../../../components/PrivacyPrompt';
import '../../check.css';

type Owed = ResponseOf<'owedVisits'>['enterprises'][number];
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * 应检企业: the enterprises the caller owes a visit this period, most overdue first (as the API
 * sorts them), each with how far it is when the phone gives its position; a tap starts the check.
 * Without a position the list still comes, without distances.
 */
export default function OwedVisits() {
  const { user } = useSession();
  const [rows, setRows] = useState<Owed[]>();
  const [error, setError] = useState('');
  const [located, setLocated] = useState<boolean>();
  const [drafts, setDrafts] = useState(0);
  const generation = useRef(0);
  const shown = useRef(false);

  const load = async () => {
    const mine = ++generation.current;
    setError('');
    let at: { lng: number; lat: number } | undefined;
    try {
      const res = await getLocation();
      at = { lng: round6(res.longitude), lat: round6(res.latitude) };
    } catch {
      at = undefined;
    }
    if (mine !== generation.current) return;
    setLocated(!!at);
    try {
      const res = await call('owedVisits', { query: at ?? {} });
      if (mine === generation.current) setRows(res.enterprises);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    }
  };

  useEffect(() => {
    if (user) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // Back from a check: the drafts may have changed, and a checked enterprise is owed no more.
  useDidShow(() => {
    if (!user) return;
    setDrafts(listDrafts(user.id).length);
    if (shown.current) void load();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });

  if (!user) return <View className="page" />;
  const go = (url: string) => void Taro.navigateTo({ url }).catch(() => undefined);
  return (
    <View className="page ck-page">
      <Hero title="应检企业" sub="本期应检查、尚未检查的企业，逾期最久的在前" />
      <View className="ck-toolbar">
        <Text className="muted">{rows ? `共 ${rows.length} 家` : ''}</Text>
        <Text className="link ck-drafts-link" onClick={() => go(CHECK_PAGES.drafts)}>
          {drafts ? `检查草稿（${drafts}）›` : '检查草稿 ›'}
        </Text>
      </View>
      {located === false ? <View className="muted ck-hint">未获取到位置，不显示距离；打开手机定位后下拉刷新</View> : null}
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {error ? (
        <View className="actions">
          <Button block size="large" type="primary" fill="outline" onClick={() => void load()}>
            重试
          </Button>
        </View>
      ) : null}
      {!rows && !error ? <View className="card muted">加载中…</View> : null}
      {rows && rows.length === 0 ? <Empty title="本期应检企业已全部检查" description="新的检查周期开始后会再列出" /> : null}
      {rows?.map((r) => (
        <View key={r.id} className="ck-owed" onClick={() => go(pageUrl(CHECK_PAGES.check, { enterpriseId: r.id, name: r.name }))}>
          <View className="ck-owed-main">
            <View className="ck-owed-head">
              <Text className="ck-owed-name">{r.name}</Text>
              <Text className="ck-risk" style={riskColours(r.riskClass)}>
                {riskLabel(r.riskClass)}
              </Text>
            </View>
            <View className="card-line ck-owed-address">{r.address}</View>
            <View className="card-line ck-owed-meta">
              <Text className={r.lastCheckedAt ? '' : 'ck-never'}>{r.lastCheckedAt ? `上次检查 ${formatDate(r.lastCheckedAt)}` : '从未检查'}</Text>
              <Text>{` · 本期 ${r.period}`}</Text>
              {r.checksThisMonth !== undefined ? <Text>{` · 本月已查 ${r.checksThisMonth}/${r.checksPerMonth} 次`}</Text> : null}
            </View>
          </View>
          <View className="ck-owed-side">
            {r.distanceM !== undefined ? <Text className="ck-distance">{formatDistance(r.distanceM)}</Text> : null}
            <Text className="ck-owed-go">检查 ›</Text>
          </View>
        </View>
      ))}
      <PrivacyPrompt />
    </View>
  );
}
