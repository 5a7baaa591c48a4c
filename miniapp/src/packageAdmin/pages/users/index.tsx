import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button, Cell, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { ROLE_LABELS, ROLES, type Role, type UserView } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { scopeOf } from '../../../lib/labels';
import { ACCOUNT_PAGES } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices, Field } from '../../../components/Field';
import { UserPanel } from '../../components/UserPanel';

const FILTER_OPTIONS = [{ value: '' as const, label: '全部' }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))];

/**
 * 人员管理: the people of an area, found by name or the last digits of a phone; each one's roles,
 * account (停用/启用) and WeChat (换绑) are managed in place. New people are invited (邀请人员):
 * nobody gets an account they cannot sign in to.
 */
export default function AdminUsers() {
  const { user } = useSession();
  const params = useRouter().params;
  const area = decodeURIComponent(params.area ?? '');
  const areaName = decodeURIComponent(params.name ?? area);
  const [filter, setFilter] = useState<Role | ''>('');
  const [q, setQ] = useState('');
  const [users, setUsers] = useState<UserView[]>();
  const [cursor, setCursor] = useState<string>();
  const [open, setOpen] = useState<string>();
  const [error, setError] = useState('');

  const load = async (more?: string) => {
    setError('');
    try {
      const res = await call('listUsers', { query: { area, ...(filter ? { role: filter } : {}), ...(q.trim() ? { q: q.trim() } : {}), ...(more ? { cursor: more } : {}) } });
      setUsers((prev) => (more ? [...(prev ?? []), ...res.users] : res.users));
      setCursor(res.cursor);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  useEffect(() => {
    if (user && area) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter, area]);

  if (!user) return <View className="page" />;
  const replace = (next: UserView) => setUsers((prev) => prev?.map((u) => (u.id === next.id ? next : u)));

  return (
    <View className="page">
      <Hero title="人员管理" sub={areaName} />
      <View className="actions">
        <Button block type="primary" onClick={() => void Taro.navigateTo({ url: `${ACCOUNT_PAGES.invitations}?area=${encodeURIComponent(area)}&name=${encodeURIComponent(areaName)}` })}>
          邀请人员
        </Button>
      </View>
      <Field label="查找" name="userQ" value={q} placeholder="姓名，或手机号后4位" onChange={setQ} />
      <View className="actions">
        <Button block fill="outline" onClick={() => void load()}>
          搜索
        </Button>
      </View>
      <View className="section-title">按角色筛选</View>
      <Choices options={FILTER_OPTIONS} value={filter} onChange={setFilter} />
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!users && !error ? <View className="card muted">加载中…</View> : null}
      {users && users.length === 0 ? <Empty size="small" title="暂无人员" /> : null}
      <Cell.Group>
        {users?.map((u) => (
          <View key={u.id}>
            <Cell
              className="user-item"
              title={`${u.name}${u.phone ? `（${u.phone}）` : ''}${u.deactivatedAt ? ' · 已停用' : ''}`}
              description={u.grants.map((g) => `${g.roleLabel}·${scopeOf(g)}`).join('；')}
              extra={open === u.id ? '收起' : '管理'}
              clickable
              onClick={() => setOpen(open === u.id ? undefined : u.id)}
            />
            {open === u.id ? <UserPanel person={u} area={area} areaName={areaName} self={u.id === user.id} onChange={replace} /> : null}
          </View>
        ))}
      </Cell.Group>
      {cursor ? (
        <View className="actions">
          <Button block fill="none" onClick={() => void load(cursor)}>
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  );
}
