import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button, Cell, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useMemo, useState } from 'react';
import { INVITATION_STATE_LABELS, ROLE_LABELS, ROLE_SCOPE, invitableRoles, type InvitationState, type InvitationView, type Role } from '@safegrid/shared';
import { call, fieldsOf, isConflict, messageOf, showError } from '../../../api/client';
import { AreaChooser } from '../../../components/AreaChooser';
import type { Crumb } from '../../../components/AreaBrowser';
import { EnterprisePicker } from '../../../components/EnterprisePicker';
import { Choices, Field, FieldError, otherErrors } from '../../../components/Field';
import { Hero } from '../../../components/Hero';
import type { Picked } from '../../../components/Picker';
import { useSession } from '../../../components/useSession';
import { newId } from '../../../lib/id';
import { rolesOf } from '../../../lib/session';
import { formatTime } from '../../../lib/time';
import { InvitationIssued } from '../../../components/InvitationIssued';
import '../../../components/invitation.css';

const STATES: { value: InvitationState | ''; label: string }[] = [{ value: '', label: '全部' }, ...(['pending', 'expired', 'accepted', 'revoked'] as const).map((s) => ({ value: s, label: INVITATION_STATE_LABELS[s] }))];

/**
 * 邀请人员: the invitations of an area (admins: staff; supervisors and gridworkers: enterprises'
 * owners) or of one enterprise (`?enterpriseId=`), and a new one. Workers are invited by their
 * owner from 我的员工.
 */
export default function Invitations() {
  const { user } = useSession();
  const params = useRouter().params;
  const area = decodeURIComponent(params.area ?? '');
  const areaName = decodeURIComponent(params.name ?? '');
  const fixedEnterprise = params.enterpriseId ? { id: params.enterpriseId, name: decodeURIComponent(params.enterpriseName ?? '') } : undefined;
  const roles = useMemo(() => invitableRoles(user ? rolesOf(user) : []).filter((r) => r !== 'worker' && (!fixedEnterprise || ROLE_SCOPE[r] === 'enterprise')), [user, fixedEnterprise?.id]);
  const [filter, setFilter] = useState<InvitationState | ''>('pending');
  const [items, setItems] = useState<InvitationView[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState('');
  const [issued, setIssued] = useState<InvitationView>();
  const [role, setRole] = useState<Role | undefined>(fixedEnterprise ? 'enterprise_owner' : undefined);
  const [form, setForm] = useState({ name: '', phone: '' });
  const [scope, setScope] = useState<Crumb | undefined>(area ? { path: area, name: areaName || area } : undefined);
  const [enterprise, setEnterprise] = useState<Picked | undefined>(fixedEnterprise);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const chosen = role ?? roles[0];

  const load = async (more?: string) => {
    setError('');
    try {
      const where = fixedEnterprise ? { enterpriseId: fixedEnterprise.id } : area ? { area } : {};
      const res = await call('listInvitations', { query: { ...where, ...(filter ? { state: filter } : {}), ...(more ? { cursor: more } : {}) } });
      setItems((prev) => (more ? [...(prev ?? []), ...res.invitations] : res.invitations));
      setCursor(res.cursor);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user, filter]);

  if (!user) return <View className="page" />;
  if (issued) {
    return (
      <View className="page">
        <Hero title="邀请已发出" />
        <InvitationIssued invitation={issued} onDone={() => (setIssued(undefined), void load())} />
      </View>
    );
  }

  const create = async () => {
    if (!chosen) return;
    setSaving(true);
    setFields({});
    const grant = ROLE_SCOPE[chosen] === 'enterprise' ? { role: chosen, ...(enterprise ? { enterpriseId: enterprise.id } : {}) } : { role: chosen, ...(scope ? { area: scope.path } : {}) };
    try {
      const res = await call('createInvitation', { body: { id: newId(), name: form.name, phone: form.phone.trim(), grant } });
      setForm({ name: '', phone: '' });
      setIssued(res.invitation);
    } catch (e) {
      setFields(fieldsOf(e));
      if (!Object.keys(fieldsOf(e)).length) showError(e);
    } finally {
      setSaving(false);
    }
  };

  const act = async (i: InvitationView, action: 'reissue' | 'revoke') => {
    if (action === 'revoke') {
      const { confirm } = await Taro.showModal({ title: '撤销邀请', content: `撤销后，${i.name}的邀请码和二维码都将失效。` });
      if (!confirm) return;
    }
    try {
      const res = await call('updateInvitation', { params: { id: i.id }, body: { action } });
      if (action === 'reissue') setIssued(res.invitation);
      else setItems((prev) => prev?.map((x) => (x.id === i.id ? res.invitation : x)));
    } catch (e) {
      showError(e);
      if (isConflict(e)) void load();
    }
  };

  const roots: Crumb[] = area ? [{ path: area, name: areaName || area }] : [];
  const scopeField = ROLE_SCOPE[chosen ?? 'public'] === 'enterprise' ? 'grant.enterpriseId' : 'grant.area';
  return (
    <View className="page">
      <Hero title="邀请人员" sub={fixedEnterprise?.name || areaName} />
      <View className="section-title">邀请记录</View>
      <Choices options={STATES} value={filter} onChange={setFilter} />
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!items && !error ? <View className="card muted">加载中…</View> : null}
      {items && items.length === 0 ? <Empty size="small" title="暂无邀请" /> : null}
      <Cell.Group>
        {items?.map((i) => (
          <Cell
            key={i.id}
            className="invitation-item"
            title={`${i.name}（${i.phone}）· ${i.stateLabel}`}
            description={`${i.scopeName} · ${i.roleLabel}\n${i.createdByName} 于 ${formatTime(i.createdAt)} 邀请；有效期至 ${formatTime(i.expiresAt)}`}
            extra={
              <View>
                {i.canReissue ? (
                  <Button size="small" fill="none" onClick={() => void act(i, 'reissue')}>
                    重新发放
                  </Button>
                ) : null}
                {i.canRevoke && i.state === 'pending' ? (
                  <Button size="small" fill="none" onClick={() => void act(i, 'revoke')}>
                    撤销
                  </Button>
                ) : null}
              </View>
            }
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

      {roles.length ? (
        <>
          <View className="form-title">新的邀请</View>
          <Field label="姓名" name="name" value={form.name} placeholder="被邀请人的真实姓名" error={fields.name} onChange={(name) => setForm({ ...form, name })} />
          <Field label="手机号" name="phone" type="number" value={form.phone} placeholder="11位手机号，本人可凭此验证" error={fields.phone} onChange={(phone) => setForm({ ...form, phone })} />
          <View className="section-title">角色</View>
          <Choices options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} value={chosen} onChange={setRole} />
          {chosen && ROLE_SCOPE[chosen] === 'enterprise' ? (
            fixedEnterprise ? (
              <View className="ac-line">企业：{fixedEnterprise.name}</View>
            ) : (
              <EnterprisePicker label="企业" area={area || undefined} value={enterprise} onChange={setEnterprise} error={fields[scopeField]} />
            )
          ) : (
            <AreaChooser
              label={chosen === 'gridworker' ? '负责的网格' : '负责的区域'}
              roots={roots}
              value={scope}
              onChange={setScope}
              allowCurrent={chosen !== 'gridworker'}
              selectable={(a) => chosen !== 'gridworker' || ((a.level === 'grid' || a.level === 'microgrid') && !a.gridworkerId)}
              hint={chosen === 'gridworker' ? '请找到还没有网格员的网格或微网格，点“选择”' : undefined}
              error={fields[scopeField]}
            />
          )}
          <FieldError message={otherErrors(fields, ['name', 'phone', scopeField])} />
          <View className="actions">
            <Button block type="primary" loading={saving} onClick={() => void create()}>
              发出邀请
            </Button>
          </View>
        </>
      ) : null}
    </View>
  );
}
