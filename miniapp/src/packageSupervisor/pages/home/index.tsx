import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Cell } from '@nutui/nutui-react-taro';
import { ROLE_LABELS } from '@safegrid/shared';
import { grantsFor } from '../../../lib/session';
import { CHECK_PAGES, COMMITMENT_PAGES, DASHBOARD_PAGES, HAZARD_PAGES, LEDGER_PAGES, MAP_PAGE, REWARD_PAGES, SETTINGS_PAGES, pageUrl } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { HomeFooter } from '../../../components/HomeFooter';
import { AreaBrowser, type Crumb } from '../../../components/AreaBrowser';
import { useCounts } from '../../../components/useCounts';
import { countExtra } from '../../../components/CountBadge';
import { askThen } from '../../../lib/notify';

/** 监管人员 / 行业部门 / 执法人员 / 包保责任人: the ledgers and hazards of their areas, the dashboard, signing rates and check coverage (supervisors and departments), the guarantee leader's checks, rewards (supervisors), the checklists (district supervisors), and the areas under them. */
export default function SupervisorHome() {
  const { user, role } = useSession();
  const counts = useCounts(!!user && !!role);
  if (!user || !role) return <View className="page" />;
  const roots: Crumb[] = grantsFor(user, role)
    .filter((g) => g.area)
    .map((g) => ({ path: g.area!, name: g.areaName ?? g.area! }));
  const label = ROLE_LABELS[role];
  return (
    <View className="page">
      <Hero title={label} sub={`${user.name} · 辖区：${roots.map((r) => r.name).join('、') || '暂无'}`} />
      <View className="section-title">业务</View>
      <Cell.Group>
        <Cell
          className="entry"
          title="企业台账"
          description={roots[0] ? `${roots[0].name}的企业档案` : '辖区内的企业档案'}
          extra="›"
          onClick={() => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.list, { area: roots[0]?.path, name: roots[0]?.name }) })}
        />
        {role === 'guarantee_leader' ? (
          <Cell
            className="entry"
            title="我包保的企业"
            extra="›"
            onClick={() => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.list, { guaranteeLeaderId: user.id }) })}
          />
        ) : null}
        {role === 'guarantee_leader' ? (
          <Cell
            className="entry"
            title="包保检查"
            description="本月应检查的包保企业（每月至少2次），可离线填写"
            extra="›"
            onClick={() => void Taro.navigateTo({ url: CHECK_PAGES.owed })}
          />
        ) : null}
        <Cell
          className="entry"
          title="隐患台账"
          description={roots[0] ? `${roots[0].name}的隐患` : '辖区内的隐患'}
          extra="›"
          onClick={() => void Taro.navigateTo({ url: pageUrl(HAZARD_PAGES.list, { area: roots[0]?.path, name: roots[0]?.name }) })}
        />
        <Cell
          className="entry"
          title={role === 'enforcement' ? '执法线索' : '待办'}
          description={role === 'enforcement' ? '逾期未整改、移交执法的隐患' : '等待处理的隐患'}
          extra={countExtra(
            role === 'enforcement' ? counts.clues : role === 'supervisor' ? (counts.triage ?? 0) + (counts.recheck ?? 0) + (counts.overdue ?? 0) : counts.overdue,
          )}
          // Enforcement is asked at this tap to be told of each new clue; then on, whatever the answer.
          onClick={() =>
            role === 'enforcement'
              ? askThen(['enforcementClue'], () => void Taro.navigateTo({ url: HAZARD_PAGES.queue }))
              : void Taro.navigateTo({ url: HAZARD_PAGES.queue })
          }
        />
        {/* The API's dashboard readers (functions/src/usecases/dashboard.ts DASHBOARD_READERS): not enforcement nor guarantee leaders. */}
        {role === 'supervisor' || role === 'department' || role === 'enforcement' ? (
          <Cell
            className="entry"
            title="数据看板"
            description="一张表：隐患上报、整改率、逾期、检查与奖励，下级区域排名"
            extra="›"
            onClick={() => void Taro.navigateTo({ url: pageUrl(DASHBOARD_PAGES.index, { area: roots[0]?.path, name: roots[0]?.name }) })}
          />
        ) : null}
        {/* The assessment's readers (listAssessments): supervisors (and admins, who have their own home). */}
        {role === 'supervisor' ? (
          <Cell
            className="entry entry-assessment"
            title="网格员考核"
            description="网格员走访、覆盖、发现隐患、复查及时、逾期与档案更新，得分与定级；包保责任人检查"
            extra="›"
            onClick={() => void Taro.navigateTo({ url: pageUrl(DASHBOARD_PAGES.assessment, { area: roots[0]?.path, name: roots[0]?.name }) })}
          />
        ) : null}
        {/* The map's readers (MAP_READERS): every role of this home. */}
        <Cell
          className="entry entry-map"
          title="一张图"
          description="辖区企业按风险等级上图，标出未整改隐患"
          extra="›"
          onClick={() => void Taro.navigateTo({ url: pageUrl(MAP_PAGE, { area: roots[0]?.path, name: roots[0]?.name }) })}
        />
        {/* The API's bulletin readers (BULLETIN_READERS); supervisors also generate and publish. */}
        {role === 'supervisor' || role === 'department' || role === 'enforcement' ? (
          <Cell
            className="entry"
            title="月通报"
            description={role === 'supervisor' ? '生成、发布本辖区月通报：数据、排名、逾期与拒不整改企业' : '上级发布的月通报'}
            extra="›"
            onClick={() => void Taro.navigateTo({ url: pageUrl(DASHBOARD_PAGES.bulletins, { area: roots[0]?.path, name: roots[0]?.name }) })}
          />
        ) : null}
        {role === 'supervisor' || role === 'department' ? (
          <Cell
            className="entry"
            title="承诺签署率"
            description="本年度告知承诺书的签署情况（按区域、行业）"
            extra="›"
            onClick={() => void Taro.navigateTo({ url: pageUrl(COMMITMENT_PAGES.rates, { area: roots[0]?.path, name: roots[0]?.name }) })}
          />
        ) : null}
        {role === 'supervisor' || role === 'department' ? (
          <Cell
            className="entry"
            title="检查覆盖"
            description="本期应检企业的检查覆盖率（按区域、网格员）与检查盲区"
            extra="›"
            onClick={() => void Taro.navigateTo({ url: pageUrl(CHECK_PAGES.coverage, { area: roots[0]?.path, name: roots[0]?.name }) })}
          />
        ) : null}
        {role === 'supervisor' && roots.some((r) => !r.path.includes('/')) ? (
          <>
            <Cell className="entry" title="检查清单" description="各行业检查清单模板，修改后发布新版本" extra="›" onClick={() => void Taro.navigateTo({ url: CHECK_PAGES.templates })} />
            <Cell className="entry" title="检查频次" description="各风险等级的检查周期、签到距离与包保检查次数" extra="›" onClick={() => void Taro.navigateTo({ url: CHECK_PAGES.rules })} />
            <Cell className="entry entry-escalation" title="逾期升级" description="隐患逾期后发风险提醒函、工作督办函、移交执法的天数" extra="›" onClick={() => void Taro.navigateTo({ url: SETTINGS_PAGES.escalation })} />
            <Cell className="entry entry-commitment-templates" title="承诺书模板" description="五色告知承诺书：告知书、自查表、承诺书，修改后发布新版本" extra="›" onClick={() => void Taro.navigateTo({ url: COMMITMENT_PAGES.templates })} />
          </>
        ) : null}
        {role === 'supervisor' ? (
          <Cell className="entry" title="奖励审核" description="举报奖励的审核、发放与冲正" extra={countExtra(counts.rewardsToReview)} onClick={() => void Taro.navigateTo({ url: REWARD_PAGES.queue })} />
        ) : null}
        {role === 'supervisor' ? (
          <Cell className="entry" title="发放台账" description="按月查看奖励发放与冲正，导出Excel" extra="›" onClick={() => void Taro.navigateTo({ url: REWARD_PAGES.payouts })} />
        ) : null}
        {role === 'supervisor' && roots.some((r) => !r.path.includes('/')) ? (
          <Cell className="entry" title="奖励规则" description="全区举报奖励的金额、上限与复核" extra="›" onClick={() => void Taro.navigateTo({ url: REWARD_PAGES.rules })} />
        ) : null}
        <Cell
          className="entry"
          title="十条红线"
          description={role === 'supervisor' ? '重大风险与管控措施，新增和编辑本辖区的红线' : '重大风险与管控措施'}
          extra="›"
          onClick={() => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.redLines, { area: roots[0]?.path }) })}
        />
      </Cell.Group>
      <AreaBrowser roots={roots} />
      <HomeFooter />
    </View>
  );
}
