import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Cell, Empty } from '@nutui/nutui-react-taro';
import { ROLE_LABELS } from '@safegrid/shared';
import { grantsFor } from '../../../lib/session';
import { ACCOUNT_PAGES, CHECK_PAGES, COMMITMENT_PAGES, HAZARD_PAGES, LEDGER_PAGES, REWARD_PAGES, pageUrl } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { HomeFooter } from '../../../components/HomeFooter';
import { useCounts } from '../../../components/useCounts';
import { countExtra } from '../../../components/CountBadge';
import { askThen } from '../../../lib/notify';

/** 企业负责人 / 企业员工: their enterprise; the owner's commitment letters, self-checks and hazards to rectify, the worker's internal reports and rewards. */
export default function EnterpriseHome() {
  const { user, role } = useSession();
  const counts = useCounts(!!user && !!role);
  if (!user || !role) return <View className="page" />;
  const grants = grantsFor(user, role).filter((g) => g.enterpriseId || g.enterpriseName);
  const names = grants.map((g) => g.enterpriseName ?? g.enterpriseId).join('、');
  return (
    <View className="page">
      <Hero title={ROLE_LABELS[role]} sub={`${user.name} · ${names || '未关联企业'}`} />
      <View className="section-title">我的企业</View>
      {grants.length === 0 ? <Empty title="未关联企业" description="请联系管理员关联您的企业" /> : null}
      <Cell.Group>
        {grants.map((g) => (
          <Cell key={g.enterpriseId ?? g.enterpriseName} title={g.enterpriseName ?? g.enterpriseId} description={`身份：${ROLE_LABELS[role]}`} />
        ))}
      </Cell.Group>
      {role === 'enterprise_owner' && grants.some((g) => g.enterpriseId) ? (
        <View>
          <View className="section-title">企业档案</View>
          <Cell.Group>
            {grants
              .filter((g) => g.enterpriseId)
              .map((g) => (
                <Cell
                  key={`file-${g.enterpriseId}`}
                  className="entry"
                  title="本企业档案"
                  description={grants.length > 1 ? (g.enterpriseName ?? g.enterpriseId) : '查看并更新联系人、安全管理员、从业人数'}
                  extra="›"
                  onClick={() => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.detail, { id: g.enterpriseId }) })}
                />
              ))}
          </Cell.Group>
        </View>
      ) : null}
      {role === 'enterprise_owner' && grants.some((g) => g.enterpriseId) ? (
        <View>
          <View className="section-title">告知承诺</View>
          <Cell.Group>
            {grants
              .filter((g) => g.enterpriseId)
              .map((g) => (
                <Cell
                  key={`commitment-${g.enterpriseId}`}
                  className="entry"
                  title="告知承诺"
                  description={grants.length > 1 ? (g.enterpriseName ?? g.enterpriseId) : '阅读并签署本年度安全生产告知承诺书'}
                  extra={countExtra(grants.length === 1 ? counts.unsignedLetters : undefined)}
                  onClick={() => void Taro.navigateTo({ url: pageUrl(COMMITMENT_PAGES.list, { enterpriseId: g.enterpriseId }) })}
                />
              ))}
          </Cell.Group>
        </View>
      ) : null}
      {role === 'enterprise_owner' && grants.some((g) => g.enterpriseId) ? (
        <View>
          <View className="section-title">企业自查</View>
          <Cell.Group>
            {grants
              .filter((g) => g.enterpriseId)
              .map((g) => (
                <Cell
                  key={`self-check-${g.enterpriseId}`}
                  className="entry"
                  title="企业自查"
                  description={grants.length > 1 ? (g.enterpriseName ?? g.enterpriseId) : '按检查清单逐项自查，负责人签字后提交'}
                  extra="›"
                  onClick={() => void Taro.navigateTo({ url: pageUrl(CHECK_PAGES.check, { enterpriseId: g.enterpriseId, name: g.enterpriseName, kind: 'self' }) })}
                />
              ))}
          </Cell.Group>
        </View>
      ) : null}
      {role === 'enterprise_owner' && grants.some((g) => g.enterpriseId) ? (
        <View>
          <View className="section-title">企业记录</View>
          {grants
            .filter((g) => g.enterpriseId)
            .map((g) => {
              const of = grants.length > 1 ? `${g.enterpriseName ?? g.enterpriseId}：` : '';
              const at = { enterpriseId: g.enterpriseId, name: g.enterpriseName };
              return (
                <Cell.Group key={`records-${g.enterpriseId}`}>
                  <Cell
                    className="entry"
                    title="企业隐患"
                    description={`${of}本企业的全部隐患（整改中和已销号）及其状态`}
                    extra="›"
                    onClick={() => void Taro.navigateTo({ url: pageUrl(HAZARD_PAGES.list, at) })}
                  />
                  <Cell
                    className="entry"
                    title="检查记录"
                    description={`${of}网格员、部门的检查和企业自查记录`}
                    extra="›"
                    onClick={() => void Taro.navigateTo({ url: pageUrl(CHECK_PAGES.ledger, at) })}
                  />
                  <Cell
                    className="entry"
                    title="红线"
                    description={`${of}涉及本企业的重大风险与管控措施`}
                    extra="›"
                    onClick={() => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.redLines, at) })}
                  />
                </Cell.Group>
              );
            })}
        </View>
      ) : null}
      {role === 'enterprise_owner' && grants.some((g) => g.enterpriseId) ? (
        <Cell.Group>
          {grants
            .filter((g) => g.enterpriseId)
            .map((g) => (
              <Cell
                key={`workers-${g.enterpriseId}`}
                className="entry"
                title="我的员工"
                description={grants.length > 1 ? (g.enterpriseName ?? g.enterpriseId) : '邀请员工加入，员工可匿名报告本企业隐患'}
                extra="›"
                onClick={() => void Taro.navigateTo({ url: pageUrl(ACCOUNT_PAGES.workers, { enterpriseId: g.enterpriseId }) })}
              />
            ))}
        </Cell.Group>
      ) : null}
      <View className="section-title">安全隐患</View>
      <Cell.Group>
        {role === 'worker' ? (
          <Cell
            className="entry"
            title="内部报告"
            description="报告本企业的安全隐患，企业看不到您的身份"
            extra="›"
            onClick={() => void Taro.navigateTo({ url: pageUrl(HAZARD_PAGES.report, { mode: 'internal' }) })}
          />
        ) : null}
        {role === 'worker' ? (
          <Cell className="entry" title="我的举报" description="查看处理进度" extra={countExtra(counts.myOpenReports)} onClick={() => void Taro.navigateTo({ url: HAZARD_PAGES.mine })} />
        ) : null}
        {role === 'worker' ? (
          <Cell className="entry" title="我的奖励" description="报告核实后的奖励与确认收款" extra={countExtra(counts.rewardsToConfirm)} onClick={() => void Taro.navigateTo({ url: REWARD_PAGES.mine })} />
        ) : null}
        {role === 'enterprise_owner' ? (
          <Cell
            className="entry"
            title="隐患整改"
            description="待报整改方案、待整改、待复查的隐患"
            extra={countExtra((counts.plan ?? 0) + (counts.rectify ?? 0))}
            // Asked at this tap: to be told of new hazards of the enterprise and of the letter to sign; then on, whatever the answer.
            onClick={() => askThen(['hazardAssigned', 'commitmentDue'], () => void Taro.navigateTo({ url: HAZARD_PAGES.queue }))}
          />
        ) : null}
      </Cell.Group>
      <HomeFooter />
    </View>
  );
}
