import Taro, { useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { Button, Empty, Tag } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { type BulletinSummary, monthLabel, selfAndAncestors } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { DASHBOARD_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { areaGrantsOf } from '../../../lib/grants';
import { formatTime, thisMonth } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { usePages } from '../../../components/usePages';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { KEEPER_ROLES, bulletinAreasOf, lastMonth } from '../../bulletins';
import '../../dashboard.css';

const open = (id: string) => void Taro.navigateTo({ url: pageUrl(DASHBOARD_PAGES.bulletin, { id }) }).catch(() => undefined);

/**
 * 月通报: an area's monthly bulletins, newest month first, each 草稿 or 已发布. The area's supervisors
 * pick a month and 生成 (a finished month or this one); others see what was published above them.
 */
export default function Bulletins() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const held = areaGrantsOf(user, role);
  const choices = bulletinAreasOf(held);
  // A keeper opens their own area; others the street (or district) above them, where bulletins are published.
  const [area, setArea] = useState(() => {
    const start = queryParam(params.area) || held[0]?.path || '';
    return role && KEEPER_ROLES.includes(role) ? start : (selfAndAncestors(start).slice(0, 2).pop() ?? start);
  });
  const [month, setMonth] = useState(() => lastMonth(thisMonth()));
  const [canGenerate, setCanGenerate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [generateError, setGenerateError] = useState('');
  const pages = usePages<BulletinSummary>(
    async (cursor) => {
      const res = await call('listBulletins', { query: { area, ...(cursor ? { cursor } : {}) } });
      setCanGenerate(res.canGenerate);
      return { items: res.bulletins, cursor: res.cursor };
    },
    [area],
    Boolean(user && area),
  );

  if (!user) return <View className="page" />;
  const name = choices.find((c) => c.value === area)?.label || queryParam(params.name) || area;
  const keeper = role !== undefined && KEEPER_ROLES.includes(role) && canGenerate;

  const generate = async () => {
    if (busy) return;
    setBusy(true);
    setGenerateError('');
    try {
      const { bulletin } = await call('generateBulletin', { body: { area, month } });
      open(bulletin.id);
      void pages.load();
    } catch (e) {
      setGenerateError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page bl-page">
      <Hero title="月通报" sub={`${name} · 日交办、月通报`} />
      {choices.length > 1 ? (
        <View className="db-areas bl-areas">
          <Choices options={choices} value={area} onChange={setArea} />
        </View>
      ) : null}
      {keeper ? (
        <View className="card bl-generate">
          <Picker className="db-month bl-month" mode="date" fields="month" value={month} end={thisMonth()} onChange={(e) => setMonth(String(e.detail.value).slice(0, 7))}>
            <View className="db-month-box">
              <Text className="muted">通报月份</Text>
              <Text className="db-month-value">{monthLabel(month)}</Text>
            </View>
          </Picker>
          <Button className="bl-generate-btn" type="primary" loading={busy} onClick={() => void generate()}>
            生成
          </Button>
          {generateError ? <View className="field-error bl-generate-error">{generateError}</View> : null}
          <View className="muted bl-note">每月1日自动生成上月通报草稿；草稿可重新生成，发布后不可更改。</View>
        </View>
      ) : null}
      {pages.error ? (
        <View className="db-error">
          <Empty status="error" title="加载失败" description={pages.error} />
          <View className="actions">
            <Button block type="primary" fill="outline" onClick={() => void pages.load()}>
              重试
            </Button>
          </View>
        </View>
      ) : null}
      {!pages.items && !pages.error ? <View className="card muted">加载中…</View> : null}
      {pages.items && !pages.items.length ? <Empty title="暂无月通报" description={keeper ? '选择月份后点击“生成”' : '上级尚未发布月通报'} /> : null}
      {pages.items?.map((b) => (
        <View key={b.id} className="card bl-item" onClick={() => open(b.id)}>
          <View className="row">
            <Text className="bl-item-title">{`${b.areaName} ${monthLabel(b.month)}`}</Text>
            <Tag className={`bl-state bl-state-${b.state}`} type={b.state === 'published' ? 'success' : 'warning'}>
              {b.stateLabel}
            </Tag>
          </View>
          <View className="muted bl-item-sub">
            {`逾期隐患 ${b.overdueTotal} 项 · 拒不整改企业 ${b.refusedCount} 家 · ${b.publishedAt ? `${formatTime(b.publishedAt)} 发布` : `${formatTime(b.generatedAt)} 生成`}`}
          </View>
        </View>
      ))}
      {pages.loading && pages.items ? <View className="muted db-note">加载中…</View> : null}
    </View>
  );
}
