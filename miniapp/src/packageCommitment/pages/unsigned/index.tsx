import Taro, { useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { ResponseOf } from '@safegrid/shared';
import { ApiError, call, messageOf } from '../../../api/client';
import { COMMITMENT_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatDate, formatTime, today } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { useLatest } from '../../../components/useLatest';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { areaGrantsOf } from '../../../lib/grants';
import { REMINDERS } from '../../lib';
import '../../commitment.css';

type Data = ResponseOf<'unsignedCommitments'>;
type Row = Data['enterprises'][number];
/** A reminder's outcome on this page: when it went (and what the server said), why it reached nobody, or why it was refused. */
type Reminded = { busy?: boolean; at?: string; message?: string; undelivered?: string; already?: string; error?: string };

const PAGE = 50;

/**
 * 未签承诺: the operating enterprises of an area that have not signed this year's letter, each with
 * 提醒 (one reminder a day reaches its owners in WeChat). A gridworker with several grids picks one.
 */
export default function CommitmentUnsigned() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  const [area, setArea] = useState(() => queryParam(params.area) || areas[0]?.path || '');
  const [reminded, setReminded] = useState<Record<string, Reminded>>({});
  const [shown, setShown] = useState(PAGE);
  const canRemind = !!role && REMINDERS.includes(role);
  const { data, error } = useLatest(() => call('unsignedCommitments', { query: area ? { area } : {} }), [area], { enabled: !!user });
  useEffect(() => {
    if (user) setShown(PAGE);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [area]);
  useReachBottom(() => setShown((n) => n + PAGE));

  if (!user) return <View className="page" />;

  const patch = (id: string, r: Reminded) => setReminded((prev) => ({ ...prev, [id]: r }));
  const remind = async (e: Row) => {
    if (reminded[e.id]?.busy) return;
    patch(e.id, { busy: true });
    try {
      const res = await call('remindCommitment', { params: { id: e.id } });
      // 已提醒 only when it reached an owner; otherwise why not and what to do (call them), and 提醒 stays.
      patch(e.id, res.delivered ? { at: res.remindedAt, message: res.message } : { undelivered: res.message });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 429 || err.status === 409)) patch(e.id, { already: err.message });
      else patch(e.id, { error: messageOf(err) });
    }
  };

  const rows = data?.enterprises ?? [];
  const areaName = areas.find((a) => a.path === area)?.name || queryParam(params.name) || area;
  return (
    <View className="page cm-page">
      <Hero title="未签承诺" sub={`${areaName || '我的辖区'}${data ? ` · ${data.year}年度` : ''}`} />
      {areas.length > 1 && areas.some((a) => a.path === area) ? (
        <View className="cm-areas">
          <Choices options={areas.map((a) => ({ value: a.path, label: a.name }))} value={area} onChange={setArea} />
        </View>
      ) : null}
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!data && !error ? <View className="card muted">加载中…</View> : null}
      {data ? <View className="section-title">{rows.length ? `未签署 ${rows.length} 家` : ''}</View> : null}
      {data && rows.length === 0 ? <Empty title="全部已签署" description={`${data.year}年度的告知承诺书均已签署`} /> : null}
      {rows.slice(0, shown).map((e) => {
        const r = reminded[e.id] ?? {};
        const at = r.at ?? (e.remindedAt && formatDate(e.remindedAt) === today() ? e.remindedAt : undefined);
        return (
          <View key={e.id} className="card cm-unsigned">
            <View className="cm-unsigned-main" onClick={() => void Taro.navigateTo({ url: pageUrl(COMMITMENT_PAGES.list, { enterpriseId: e.id }) })}>
              <View className="card-title cm-unsigned-name">{e.name}</View>
              <View className="card-line">{e.address}</View>
              <View className="card-line">{`${e.industry} · ${e.areaName ?? e.area}`}</View>
            </View>
            {canRemind ? (
              <View className="cm-remind">
                {at ? (
                  <View className="cm-reminded">
                    <Text>{`已提醒 ${formatTime(at)}`}</Text>
                    {r.message?.includes('未能送达') ? <View className="muted">{r.message}</View> : null}
                  </View>
                ) : r.already ? (
                  <View className="cm-reminded">
                    <Text>今日已提醒</Text>
                    <View className="muted">{r.already}</View>
                  </View>
                ) : (
                  <View>
                    {r.undelivered ? <View className="notice cm-undelivered">{r.undelivered}</View> : null}
                    <Button className="cm-remind-btn" size="large" type="primary" fill="outline" loading={r.busy} onClick={() => void remind(e)}>
                      {r.undelivered ? '再次提醒' : '提醒'}
                    </Button>
                  </View>
                )}
                {r.error ? <View className="field-error cm-remind-error">{r.error}</View> : null}
              </View>
            ) : null}
          </View>
        );
      })}
      {rows.length > shown ? (
        <View className="cm-more" onClick={() => setShown((n) => n + PAGE)}>
          <Text className="link">{`加载更多（还有 ${rows.length - shown} 家）`}</Text>
        </View>
      ) : null}
    </View>
  );
}
