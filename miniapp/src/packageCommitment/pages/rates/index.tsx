import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { INDUSTRIES, formatRatio, ratioPercent } from '@safegrid/shared';
import { call } from '../../../api/client';
import { COMMITMENT_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { useLatest } from '../../../components/useLatest';
import { Hero } from '../../../components/Hero';
import { Choices } from '../../../components/Field';
import { RateTable } from '../../components/RateTable';
import { areaGrantsOf } from '../../../lib/grants';
import { percentColour } from '../../../lib/labels';
import '../../commitment.css';


/**
 * 承诺签署率: this year's signing rate of an area, then by child area (tap one to look inside it)
 * and by industry, each with signed/owed and a bar.
 */
export default function CommitmentRates() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  const [area, setArea] = useState(() => queryParam(params.area) || areas[0]?.path || '');
  const { data, error } = useLatest(() => call('commitmentRates', { query: area ? { area } : {} }), [area], { enabled: !!user });

  if (!user) return <View className="page" />;
  const name = areas.find((a) => a.path === (data?.area ?? area))?.name || queryParam(params.name) || data?.area || area;
  // Every enterprise that owes a letter has one industry: their sum is the area's whole.
  const signed = data?.industries.reduce((n, r) => n + r.signed, 0) ?? 0;
  const total = data?.industries.reduce((n, r) => n + r.total, 0) ?? 0;
  const pct = ratioPercent(signed, total);
  const industries = [...(data?.industries ?? [])].sort((a, b) => INDUSTRIES.indexOf(a.industry) - INDUSTRIES.indexOf(b.industry));

  return (
    <View className="page cm-page">
      <Hero title="承诺签署率" sub={`${name || '我的辖区'}${data ? ` · ${data.year}年度` : ''}`} />
      {areas.length > 1 && areas.some((a) => a.path === area) ? (
        <View className="cm-areas">
          <Choices options={areas.map((a) => ({ value: a.path, label: a.name }))} value={area} onChange={setArea} />
        </View>
      ) : null}
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!data && !error ? <View className="card muted">加载中…</View> : null}
      {data ? (
        <View>
          <View className="card cm-rate-total">
            <View className="row">
              <Text className="cm-rate-total-label">全部</Text>
              <Text className="cm-rate-total-value" style={{ color: percentColour(pct) }}>
                {formatRatio(signed, total)}
              </Text>
            </View>
            <View className="card-line">{`已签署 ${signed} 家，应签署 ${total} 家`}</View>
            <View className="cm-bar cm-bar-big">
              <View className="cm-bar-fill" style={{ width: `${pct ?? 0}%`, background: percentColour(pct) }} />
            </View>
            {signed > 0 ? (
              <View className="cm-rate-unsigned link cm-ledger-link" onClick={() => void Taro.navigateTo({ url: pageUrl(COMMITMENT_PAGES.ledger, { area: data.area, name }) })}>
                {`承诺书台账：已签署的 ${signed} 家 ›`}
              </View>
            ) : null}
            {total > signed ? (
              <View
                className="cm-rate-unsigned link"
                onClick={() => void Taro.navigateTo({ url: pageUrl(COMMITMENT_PAGES.unsigned, { area: data.area, name }) })}
              >
                {`查看未签署的 ${total - signed} 家 ›`}
              </View>
            ) : null}
          </View>
          <View className="section-title">按区域</View>
          {data.areas.length ? (
            <RateTable
              head="区域"
              rows={data.areas.map((a) => ({
                key: a.area,
                label: a.areaName,
                signed: a.signed,
                total: a.total,
                onTap: () => void Taro.navigateTo({ url: pageUrl(COMMITMENT_PAGES.rates, { area: a.area, name: a.areaName }) }),
              }))}
            />
          ) : (
            <Empty size="small" title="没有下级区域" />
          )}
          <View className="section-title">按行业</View>
          {industries.length ? (
            <RateTable head="行业" rows={industries.map((r) => ({ key: r.industry, label: r.industry, signed: r.signed, total: r.total }))} />
          ) : (
            <Empty size="small" title="暂无应签署的企业" />
          )}
        </View>
      ) : null}
    </View>
  );
}
