import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { AreaLevel, AreaView } from '@safegrid/shared';
import { ApiError, call, showError } from '../../../api/client';
import { grantsFor } from '../../../lib/session';
import { ADMIN_PAGES, AREAS_PAGE, CHECK_PAGES, COMMITMENT_PAGES, DASHBOARD_PAGES, LEDGER_PAGES, MAP_PAGE, REWARD_PAGES, SETTINGS_PAGES, pageUrl } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { HomeFooter } from '../../../components/HomeFooter';
import { AreaBrowser, type Crumb } from '../../../components/AreaBrowser';
import { FieldError, otherErrors } from '../../../components/Field';
import { PersonPicker } from '../../../components/PersonPicker';
import type { Picked } from '../../../components/Picker';

/** 管理员: the dashboard of the area in view, browse the area tree (areas themselves are kept in 区域管理), assign gridworkers, manage and invite people, the district's settings. */
export default function AdminHome() {
  const { user, role } = useSession();
  const [trail, setTrail] = useState<Crumb[]>([]);
  const [levels, setLevels] = useState<Record<string, AreaLevel>>({});
  const [assignee, setAssignee] = useState<Picked>();
  const [assignErrors, setAssignErrors] = useState<Record<string, string>>();
  const [saving, setSaving] = useState(false);

  if (!user || !role) return <View className="page" />;
  const roots: Crumb[] = grantsFor(user, role)
    .filter((g) => g.area)
    .map((g) => ({ path: g.area!, name: g.areaName ?? g.area! }));
  const current = trail[trail.length - 1];
  const currentLevel = current ? levels[current.path] : undefined;

  const onCurrent = (t: Crumb[], children: AreaView[]) => {
    setTrail(t);
    setLevels((prev) => {
      const next = { ...prev };
      for (const c of children) next[c.path] = c.level;
      return next;
    });
    setAssignErrors(undefined);
    setAssignee(undefined);
  };

  const assign = async (replace?: boolean) => {
    if (!current) return;
    setSaving(true);
    setAssignErrors(undefined);
    try {
      const res = await call('assignGridworker', { body: { area: current.path, userId: assignee?.id ?? '', ...(replace ? { replace } : {}) } });
      void Taro.showToast({ title: `已指派${res.area.gridworkerName ?? ''}`, icon: 'success' });
      setAssignee(undefined);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONFLICT' && !replace) {
        const { confirm } = await Taro.showModal({ title: '替换网格员', content: `${error.message}\n是否替换为新的网格员？` });
        if (confirm) return assign(true);
      } else if (error instanceof ApiError && error.fields) setAssignErrors(error.fields);
      else showError(error);
    } finally {
      setSaving(false);
    }
  };

  const isGrid = currentLevel === 'grid' || currentLevel === 'microgrid';
  return (
    <View className="page">
      <Hero title="管理员" sub={`${user.name} · 管理范围：${roots.map((r) => r.name).join('、') || '暂无'}`} />
      <Cell.Group>
        <Cell
          className="entry"
          title="企业台账"
          description={current ? `${current.name}的企业档案` : '辖区内的企业档案'}
          extra="›"
          onClick={() =>
            void Taro.navigateTo({
              url: pageUrl(LEDGER_PAGES.list, { area: (current ?? roots[0])?.path, name: (current ?? roots[0])?.name }),
            })
          }
        />
        <Cell
          className="entry"
          title="数据看板"
          description={`${(current ?? roots[0])?.name ?? '辖区'}的隐患、整改、检查与奖励统计`}
          extra="›"
          onClick={() => void Taro.navigateTo({ url: pageUrl(DASHBOARD_PAGES.index, { area: (current ?? roots[0])?.path, name: (current ?? roots[0])?.name }) })}
        />
        <Cell
          className="entry entry-map"
          title="一张图"
          description={`${(current ?? roots[0])?.name ?? '辖区'}的企业按风险等级上图，标出未整改隐患`}
          extra="›"
          onClick={() => void Taro.navigateTo({ url: pageUrl(MAP_PAGE, { area: (current ?? roots[0])?.path, name: (current ?? roots[0])?.name }) })}
        />
        <Cell className="entry entry-areas" title="区域管理" description="区域边界的绘制与导入，新建、改名、停用区域" extra="›" onClick={() => void Taro.navigateTo({ url: AREAS_PAGE })} />
        {roots.some((r) => !r.path.includes('/')) ? (
          <Cell className="entry" title="奖励规则" description="全区举报奖励的金额、上限与复核" extra="›" onClick={() => void Taro.navigateTo({ url: REWARD_PAGES.rules })} />
        ) : null}
        {roots.some((r) => !r.path.includes('/')) ? (
          <>
            <Cell className="entry" title="检查清单" description="各行业检查清单模板，修改后发布新版本" extra="›" onClick={() => void Taro.navigateTo({ url: CHECK_PAGES.templates })} />
            <Cell className="entry" title="检查频次" description="各风险等级的检查周期、签到距离与包保检查次数" extra="›" onClick={() => void Taro.navigateTo({ url: CHECK_PAGES.rules })} />
            <Cell className="entry entry-escalation" title="逾期升级" description="隐患逾期后发风险提醒函、工作督办函、移交执法的天数" extra="›" onClick={() => void Taro.navigateTo({ url: SETTINGS_PAGES.escalation })} />
            <Cell className="entry entry-commitment-templates" title="承诺书模板" description="五色告知承诺书：告知书、自查表、承诺书，修改后发布新版本" extra="›" onClick={() => void Taro.navigateTo({ url: COMMITMENT_PAGES.templates })} />
          </>
        ) : null}
        <Cell
          className="entry entry-people"
          title="人员管理"
          description={`${(current ?? roots[0])?.name ?? '辖区'}的人员：邀请、角色、停用与换绑`}
          extra="›"
          onClick={() => void Taro.navigateTo({ url: pageUrl(ADMIN_PAGES.users, { area: (current ?? roots[0])?.path, name: (current ?? roots[0])?.name }) })}
        />
        <Cell
          className="entry entry-redlines"
          title="十条红线"
          description={`${(current ?? roots[0])?.name ?? '辖区'}的重大风险与管控措施，新增和编辑`}
          extra="›"
          onClick={() => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.redLines, { area: (current ?? roots[0])?.path, name: (current ?? roots[0])?.name }) })}
        />
      </Cell.Group>
      <AreaBrowser roots={roots} onCurrent={onCurrent} />
      {current ? (
        <View>
          {isGrid || currentLevel === undefined ? (
            <View>
              <View className="form-title">指派“{current.name}”的网格员</View>
              {/* Anyone the admin manages: searched under the admin's own area that holds this grid. */}
              <PersonPicker label="网格员" name="assigneeQ" area={(roots.find((r) => current.path === r.path || current.path.startsWith(`${r.path}/`)) ?? current).path} value={assignee} onChange={setAssignee} error={assignErrors?.userId} />
              <FieldError message={otherErrors(assignErrors, ['userId'])} />
              <View className="actions">
                <Button block type="primary" fill="outline" loading={saving} onClick={() => void assign()}>
                  指派网格员
                </Button>
              </View>
            </View>
          ) : null}
        </View>
      ) : null}
      <HomeFooter />
    </View>
  );
}
