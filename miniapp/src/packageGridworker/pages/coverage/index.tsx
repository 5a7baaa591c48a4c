import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { call } from '../../../api/client';
import { CHECK_PAGES, LEDGER_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatDate } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { useLatest } from '../../../components/useLatest';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { formatRatio, ratioPercent } from '@safegrid/shared';
import { percentColour, riskColours, riskLabel } from '../../../lib/labels';
import '../../check.css';


interface Row {
  key: string;
  label: string;
  covered: number;
  total: number;
  onTap?: () => void;
}

/** Covered / total and the percentage with a bar drawn by Views (no chart library). */
function CoverageTable({ head, rows }: { head: string; rows: Row[] }) {
  return (
    <View className="ck-rates">
      <View className="ck-rate-row ck-rate-head">
        <Text className="ck-rate-name">{head}</Text>
        <Text className="ck-rate-count">已查/应查</Text>
        <Text className="ck-rate-pct">覆盖率</Text>
      </View>
      {rows.map((r) => {
        const pct = ratioPercent(r.covered, r.total);
        return (
          <View key={r.key} className={`ck-rate-row ${r.onTap ? 'ck-rate-tap' : ''}`} onClick={r.onTap}>
            <View className="ck-rate-name">
              <Text>{r.label}</Text>
              {r.onTap ? <Text className="link">{' ›'}</Text> : null}
            </View>
            <Text className="ck-rate-count">{`${r.covered}/${r.total}`}</Text>
            <View className="ck-rate-pct">
              <Text className="ck-rate-value" style={{ color: percentColour(pct) }}>
                {formatRatio(r.covered, r.total)}
              </Text>
              <View className="ck-bar">
                <View className="ck-bar-fill" style={{ width: `${pct ?? 0}%`, background: percentColour(pct) }} />
              </View>
            </View>
          </View>
        );
      })}
    </View>
  );
}

/**
 * 检查覆盖: how many of the enterprises owed a check this period have had one, by child area (tap
 * one to look inside it) and by gridworker, and the blind spots — enterprises not checked within
 * their period, most overdue first.
 */
export default function CheckCoverage() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = (user?.grants ?? []).filter((g) => g.role === role && g.area).map((g) => ({ path: g.area!, name: g.areaName ?? g.area! }));
  const [area, setArea] = useState(() => queryParam(params.area) || areas[0]?.path || '');
  const { data, error } = useLatest(() => call('checkCoverage', { query: area ? { area } : {} }), [area], { enabled: !!user });

  if (!user) return <View className="page" />;
  const name = areas.find((a) => a.path === (data?.area ?? area))?.name || queryParam(params.name) || data?.area || area;
  // Each enterprise lies in one child area: their sum is the area's whole.
  const covered = data?.areas.reduce((s, r) => s + r.covered, 0) ?? 0;
  const total = data?.areas.reduce((s, r) => s + r.total, 0) ?? 0;
  const pct = ratioPercent(covered, total);
  const go = (url: string) => void Taro.navigateTo({ url }).catch(() => undefined);

  return (
    <View className="page ck-page">
      <Hero title="检查覆盖" sub={`${name || '我的辖区'} · 本期应检企业的检查情况`} />
      <View className="ck-ledger-tools">
        <Text className="link ck-ledger-link" onClick={() => go(pageUrl(CHECK_PAGES.ledger, { area: data?.area ?? area, name }))}>
          检查台账（每一次检查，可导出Excel） ›
        </Text>
      </View>
      {areas.length > 1 && areas.some((a) => a.path === area) ? (
        <View className="ck-areas">
          <Choices options={areas.map((a) => ({ value: a.path, label: a.name }))} value={area} onChange={setArea} />
        </View>
      ) : null}
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!data && !error ? <View className="card muted">加载中…</View> : null}
      {data ? (
        <View>
          {data.areas.length ? (
            <View className="card ck-total">
              <View className="row">
                <Text className="ck-total-label">全部</Text>
                <Text className="ck-total-value" style={{ color: percentColour(pct) }}>
                  {formatRatio(covered, total)}
                </Text>
              </View>
              <View className="card-line">{`已检查 ${covered} 家，应检查 ${total} 家`}</View>
              <View className="ck-bar ck-bar-big">
                <View className="ck-bar-fill" style={{ width: `${pct ?? 0}%`, background: percentColour(pct) }} />
              </View>
            </View>
          ) : null}
          <View className="section-title">按区域</View>
          {data.areas.length ? (
            <CoverageTable
              head="区域"
              rows={data.areas.map((a) => ({
                key: a.area,
                label: a.areaName,
                covered: a.covered,
                total: a.total,
                onTap: () => go(pageUrl(CHECK_PAGES.coverage, { area: a.area, name: a.areaName })),
              }))}
            />
          ) : (
            <Empty size="small" title="没有下级区域" />
          )}
          <View className="section-title">按网格员</View>
          {data.gridworkers.length ? (
            <CoverageTable head="网格员" rows={data.gridworkers.map((g) => ({ key: g.userId, label: g.name, covered: g.covered, total: g.total }))} />
          ) : (
            <Empty size="small" title="暂无网格员" />
          )}
          <View className="section-title">{`检查盲区（${data.blindSpots.length}${data.blindSpots.length >= 200 ? '+' : ''} 家）`}</View>
          {data.blindSpots.length ? (
            <View className="ck-blind-list">
              {data.blindSpots.map((b) => (
                <View key={b.id} className="ck-blind" onClick={() => go(pageUrl(LEDGER_PAGES.detail, { id: b.id }))}>
                  <View className="ck-owed-head">
                    <Text className="ck-owed-name">{b.name}</Text>
                    <Text className="ck-risk" style={riskColours(b.riskClass)}>
                      {riskLabel(b.riskClass)}
                    </Text>
                  </View>
                  <View className="card-line">
                    <Text className={b.lastCheckedAt ? '' : 'ck-never'}>{b.lastCheckedAt ? `上次检查 ${formatDate(b.lastCheckedAt)}` : '从未检查'}</Text>
                    <Text>{` · 本期 ${b.period}`}</Text>
                  </View>
                </View>
              ))}
            </View>
          ) : (
            <Empty size="small" title="没有检查盲区" description="本期应检企业均已检查" />
          )}
        </View>
      ) : null}
    </View>
  );
}
