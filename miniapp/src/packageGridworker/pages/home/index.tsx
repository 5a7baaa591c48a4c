import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Empty, Tag } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { GridworkerHomeResponse } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { gridworkerLevelLabel } from '../../../lib/labels';
import { CHECK_PAGES, COMMITMENT_PAGES, DASHBOARD_PAGES, HAZARD_PAGES, LEDGER_PAGES, MAP_PAGE, pageUrl } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { HomeFooter } from '../../../components/HomeFooter';
import { useCounts } from '../../../components/useCounts';
import { countExtra } from '../../../components/CountBadge';
import { askThen } from '../../../lib/notify';

/** 网格员首页: today's hazard tasks, site checks owed, patrol reports, unsigned commitment letters and the dashboard of their grids; the grids in their charge, with community, enterprise count and micro-grids. */
export default function GridworkerHome() {
  const { user } = useSession();
  const [data, setData] = useState<GridworkerHomeResponse>();
  const [error, setError] = useState('');
  const counts = useCounts(!!user);

  useEffect(() => {
    if (!user) return;
    call('gridworkerHome')
      .then(setData)
      .catch((e: unknown) => setError(messageOf(e)));
  }, [user]);

  if (!user) return <View className="page" />;
  const level = data?.level ?? user.gridworkerLevel;
  const go = (url: string) => void Taro.navigateTo({ url });
  return (
    <View className="page">
      <Hero title="我的网格" sub={`${user.name} · ${gridworkerLevelLabel(level)}`} />
      <Cell.Group className="hazard-entries">
        <Cell
          className="entry"
          title="今日任务"
          description="日交办：待核实、待复查、已逾期的隐患"
          extra={countExtra((counts.triage ?? 0) + (counts.recheck ?? 0) + (counts.overdue ?? 0))}
          // Asked at this tap (WeChat's dialog needs one): to be told of new reports in the grid and of evidence to recheck; then on, whatever the answer.
          onClick={() => askThen(['newReport', 'recheckDue'], () => go(HAZARD_PAGES.queue))}
        />
        <Cell className="entry" title="应检企业" description="带着清单下企业：本期应检查的企业，可离线填写" extra="›" onClick={() => go(CHECK_PAGES.owed)} />
        <Cell className="entry" title="巡查上报" description="随手拍：拍照上报巡查发现的隐患" extra="›" onClick={() => go(HAZARD_PAGES.report)} />
        <Cell className="entry" title="网格隐患" description="负责网格内的全部隐患" extra="›" onClick={() => go(HAZARD_PAGES.list)} />
        <Cell className="entry" title="检查台账" description="负责网格内的现场检查记录，可导出Excel" extra="›" onClick={() => go(CHECK_PAGES.ledger)} />
        <Cell className="entry" title="未签承诺" description="本年度未签署告知承诺书的企业，可提醒签署" extra="›" onClick={() => go(COMMITMENT_PAGES.unsigned)} />
        <Cell className="entry" title="数据看板" description="负责网格的隐患、整改率、检查与承诺统计" extra="›" onClick={() => go(DASHBOARD_PAGES.index)} />
        <Cell className="entry entry-map" title="一张图" description="负责网格的企业按风险等级上图，标出未整改隐患" extra="›" onClick={() => go(MAP_PAGE)} />
      </Cell.Group>
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!data && !error ? <View className="card muted">加载中…</View> : null}
      {data && data.grids.length === 0 ? <Empty title="暂无负责的网格" description="请联系管理员指派网格" /> : null}
      {data?.grids.map((g) => (
        <View key={g.path} className="card grid-card">
          <View className="row">
            <Text className="card-title">{g.name}</Text>
            <Text className="grid-count grid-link" onClick={() => go(pageUrl(LEDGER_PAGES.list, { area: g.path, name: g.name }))}>
              {`企业 ${g.enterpriseCount} 家`}
            </Text>
          </View>
          <View className="row card-line">
            <Text
              className={`grid-due ${g.dueCount ? 'grid-due-on' : ''}`}
              onClick={() => go(pageUrl(LEDGER_PAGES.list, { area: g.path, name: g.name, due: 'true' }))}
            >
              {`待月度更新 ${g.dueCount ?? 0} 家`}
            </Text>
            <Text className="grid-link" onClick={() => go(pageUrl(LEDGER_PAGES.list, { area: g.path, name: g.name }))}>
              查看台账 ›
            </Text>
          </View>
          {g.communityName ? <View className="card-line">所属社区：{g.communityName}</View> : null}
          {g.microgrids.length > 0 ? (
            <View className="tags">
              {g.microgrids.map((m) => (
                <Tag key={m.path} type="primary" plain>
                  {m.name}
                </Tag>
              ))}
            </View>
          ) : g.level === 'grid' ? (
            <View className="card-line">暂无微网格</View>
          ) : null}
        </View>
      ))}
      {data && data.grids.length > 0 ? (
        <View className="actions home-entries">
          <Button block type="primary" onClick={() => go(pageUrl(LEDGER_PAGES.create, { area: data.grids[0]!.path }))}>
            新增企业
          </Button>
          <View className="entry-gap" />
          <Button block fill="outline" type="primary" onClick={() => go(LEDGER_PAGES.redLines)}>
            十条红线
          </Button>
        </View>
      ) : null}
      <HomeFooter />
    </View>
  );
}
