import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button, Cell, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { ROLE_LABELS, ROLE_SCOPE, ROLES, type Role, type UserView } from '@safegrid/shared';
import { ApiError, call, messageOf, showError } from '../../../api/client';
import { newId } from '../../../lib/id';
import { scopeOf } from '../../../lib/labels';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices, Field, FieldError, otherErrors } from '../../../components/Field';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const FILTER_OPTIONS = [{ value: '' as const, label: '全部' }, ...ROLE_OPTIONS];
// A gridworker is made by 指定网格员 on a micro-grid (one grid, one person), which createUser refuses to bypass:
// offering it here meant the form's first choice always failed.
const CREATE_OPTIONS = ROLE_OPTIONS.filter((o) => o.value !== 'gridworker');

/** 人员管理: the users of an area, and a new user with one grant. */
export default function AdminUsers() {
  const { user } = useSession();
  const params = useRouter().params;
  const area = decodeURIComponent(params.area ?? '');
  const areaName = decodeURIComponent(params.name ?? area);
  const [filter, setFilter] = useState<Role | ''>('');
  const [users, setUsers] = useState<UserView[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState('');
  const [form, setForm] = useState({ name: '', phone: '', role: 'guarantee_leader' as Role, scope: area });
  const [fields, setFields] = useState<Record<string, string>>();
  const [saving, setSaving] = useState(false);

  const load = async (more?: string) => {
    setError('');
    try {
      const res = await call('listUsers', { query: { area, ...(filter ? { role: filter } : {}), ...(more ? { cursor: more } : {}) } });
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
  const scopeKind = ROLE_SCOPE[form.role];

  const create = async () => {
    setSaving(true);
    setFields(undefined);
    const grant =
      scopeKind === 'area'
        ? { role: form.role, area: form.scope.trim() }
        : scopeKind === 'enterprise'
          ? { role: form.role, enterpriseId: form.scope.trim() }
          : { role: form.role };
    try {
      const res = await call('createUser', {
        body: { id: newId(), name: form.name, ...(form.phone.trim() ? { phone: form.phone.trim() } : {}), grants: [grant] },
      });
      void Taro.showToast({ title: '已创建', icon: 'success' });
      setForm({ ...form, name: '', phone: '' });
      setUsers((prev) => [res.user, ...(prev ?? [])]);
    } catch (e) {
      if (e instanceof ApiError && e.fields) setFields(e.fields);
      else showError(e);
    } finally {
      setSaving(false);
    }
  };

  const scopeKey = scopeKind === 'enterprise' ? 'grants.0.enterpriseId' : 'grants.0.area';
  return (
    <View className="page">
      <Hero title="人员管理" sub={areaName} />
      <View className="section-title">按角色筛选</View>
      <Choices options={FILTER_OPTIONS} value={filter} onChange={setFilter} />
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!users && !error ? <View className="card muted">加载中…</View> : null}
      {users && users.length === 0 ? <Empty size="small" title="暂无人员" /> : null}
      <Cell.Group>
        {users?.map((u) => (
          <Cell
            key={u.id}
            title={`${u.name}${u.phone ? `（${u.phone}）` : ''}`}
            description={`${u.grants.map((g) => `${g.roleLabel}·${scopeOf(g)}`).join('；')}\n编号：${u.id}`}
          />
        ))}
      </Cell.Group>
      {cursor ? (
        <View className="actions">
          <Button block fill="none" onClick={() => void load(cursor)}>
            加载更多
          </Button>
        </View>
      ) : null}

      <View className="form-title">新建人员</View>
      <Field label="姓名" name="name" value={form.name} placeholder="真实姓名" error={fields?.name} onChange={(name) => setForm({ ...form, name })} />
      <Field label="手机号" name="phone" type="number" value={form.phone} placeholder="选填，11位手机号" error={fields?.phone} onChange={(phone) => setForm({ ...form, phone })} />
      <View className="section-title">角色</View>
      <Choices
        options={CREATE_OPTIONS}
        value={form.role}
        onChange={(role) => setForm({ ...form, role, scope: ROLE_SCOPE[role] === 'area' ? area : ROLE_SCOPE[role] === 'enterprise' ? '' : '' })}
      />
      {scopeKind === 'area' ? (
        <Field label="区域" name="area" value={form.scope} placeholder="区域编号" error={fields?.[scopeKey]} onChange={(scope) => setForm({ ...form, scope })} />
      ) : null}
      {scopeKind === 'enterprise' ? (
        <Field label="企业编号" name="enterpriseId" value={form.scope} placeholder="企业编号" error={fields?.[scopeKey]} onChange={(scope) => setForm({ ...form, scope })} />
      ) : null}
      <FieldError message={otherErrors(fields, ['name', 'phone', scopeKey])} />
      <View className="actions">
        <Button block type="primary" loading={saving} onClick={() => void create()}>
          创建人员
        </Button>
      </View>
    </View>
  );
}
