import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { AREA_LEVELS, type AreaLevel, type AreaView } from '@safegrid/shared';
import { ApiError, call, showError } from '../../../api/client';
import { grantsFor } from '../../../lib/session';
import { CHECK_PAGES, DASHBOARD_PAGES, LEDGER_PAGES, MAP_PAGE, REWARD_PAGES, pageUrl } from '../../../lib/routes';
import { areaLevelLabel } from '../../../lib/labels';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { HomeFooter } from '../../../components/HomeFooter';
import { AreaBrowser, type Crumb } from '../../../components/AreaBrowser';
import { Choices, Field, FieldError, otherErrors } from '../../../components/Field';

const LEVEL_OPTIONS = AREA_LEVELS.map((l) => ({ value: l, label: areaLevelLabel(l) }));

function nextLevel(children: AreaView[], parentLevel?: AreaLevel): AreaLevel | undefined {
  if (children[0]) return children[0].level;
  if (!parentLevel) return undefined;
  return AREA_LEVELS[AREA_LEVELS.indexOf(parentLevel) + 1];
}

/** 管理员: the dashboard of the area in view, browse the area tree, create child areas, assign gridworkers, manage users, set the reward rules, keep the checklists. */
export default function AdminHome() {
  const { user, role } = useSession();
  const [version, setVersion] = useState(0);
  const [trail, setTrail] = useState<Crumb[]>([]);
  const [levels, setLevels] = useState<Record<string, AreaLevel>>({});
  const [form, setForm] = useState({ code: '', name: '', level: undefined as AreaLevel | undefined });
  const [areaErrors, setAreaErrors] = useState<Record<string, string>>();
  const [assignee, setAssignee] = useState('');
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
    const here = t[t.length - 1];
    setForm({ code: '', name: '', level: nextLevel(children, here ? levels[here.path] : undefined) });
    setAreaErrors(undefined);
    setAssignErrors(undefined);
    setAssignee('');
  };

  const createArea = async () => {
    if (!current) return;
    setSaving(true);
    setAreaErrors(undefined);
    try {
      await call('createArea', { body: { parent: current.path, code: form.code.trim(), name: form.name, level: form.level as AreaLevel } });
      void Taro.showToast({ title: '已创建', icon: 'success' });
      setVersion((v) => v + 1);
    } catch (error) {
      if (error instanceof ApiError && error.fields) setAreaErrors(error.fields);
      else showError(error);
    } finally {
      setSaving(false);
    }
  };

  const assign = async (replace?: boolean) => {
    if (!current) return;
    setSaving(true);
    setAssignErrors(undefined);
    try {
      const res = await call('assignGridworker', { body: { area: current.path, userId: assignee.trim(), ...(replace ? { replace } : {}) } });
      void Taro.showToast({ title: `已指派${res.area.gridworkerName ?? ''}`, icon: 'success' });
      setAssignee('');
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
        {roots.some((r) => !r.path.includes('/')) ? (
          <Cell className="entry" title="奖励规则" description="全区举报奖励的金额、上限与复核" extra="›" onClick={() => void Taro.navigateTo({ url: REWARD_PAGES.rules })} />
        ) : null}
        {roots.some((r) => !r.path.includes('/')) ? (
          <>
            <Cell className="entry" title="检查清单" description="各行业检查清单模板，修改后发布新版本" extra="›" onClick={() => void Taro.navigateTo({ url: CHECK_PAGES.templates })} />
            <Cell className="entry" title="检查频次" description="各风险等级的检查周期、签到距离与包保检查次数" extra="›" onClick={() => void Taro.navigateTo({ url: CHECK_PAGES.rules })} />
          </>
        ) : null}
      </Cell.Group>
      <AreaBrowser roots={roots} version={version} onCurrent={onCurrent} />
      {current ? (
        <View>
          <View className="actions">
            <Button
              block
              type="primary"
              fill="outline"
              onClick={() =>
                void Taro.navigateTo({
                  url: `/packageAdmin/pages/users/index?area=${encodeURIComponent(current.path)}&name=${encodeURIComponent(current.name)}`,
                })
              }
            >
              {current.name} · 人员管理
            </Button>
          </View>

          <View className="form-title">在“{current.name}”下新建区域</View>
          <Field label="编码" name="code" value={form.code} placeholder="字母或数字，如 g12" error={areaErrors?.code} onChange={(code) => setForm({ ...form, code })} />
          <Field label="名称" name="name" value={form.name} placeholder="如 第十二网格" error={areaErrors?.name} onChange={(name) => setForm({ ...form, name })} />
          <View className="section-title">级别</View>
          <Choices options={LEVEL_OPTIONS} value={form.level} onChange={(level) => setForm({ ...form, level })} />
          <FieldError message={areaErrors?.level} />
          <FieldError message={otherErrors(areaErrors, ['code', 'name', 'level'])} />
          <View className="actions">
            <Button block type="primary" loading={saving} onClick={() => void createArea()}>
              新建下级区域
            </Button>
          </View>

          {isGrid || currentLevel === undefined ? (
            <View>
              <View className="form-title">指派“{current.name}”的网格员</View>
              <Field label="用户编号" name="userId" value={assignee} placeholder="网格员的用户编号" error={assignErrors?.userId} onChange={setAssignee} />
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
