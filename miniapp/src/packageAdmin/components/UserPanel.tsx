import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ROLE_LABELS, ROLE_SCOPE, STAFF_ROLES, type Grant, type InvitationView, type Role, type UserView } from '@safegrid/shared';
import { call, fieldsOf, showError } from '../../api/client';
import { AreaChooser } from '../../components/AreaChooser';
import type { Crumb } from '../../components/AreaBrowser';
import { EnterprisePicker } from '../../components/EnterprisePicker';
import { Choices, Field, FieldError, otherErrors } from '../../components/Field';
import { InvitationIssued } from '../../components/InvitationIssued';
import type { Picked } from '../../components/Picker';
import { newId } from '../../lib/id';
import { scopeOf } from '../../lib/labels';

/** Roles an admin edits here; a gridworker's grid is given by 指定网格员 (one grid, one person), the public by nobody. */
const EDITABLE: Role[] = [...STAFF_ROLES.filter((r) => r !== 'gridworker'), 'enterprise_owner', 'worker'];

const asGrant = (g: UserView['grants'][number]): Grant => ({ role: g.role, ...(g.area ? { area: g.area } : {}), ...(g.enterpriseId ? { enterpriseId: g.enterpriseId } : {}) });

/**
 * One person, as an admin manages them: their roles (PUT /users/{id}/grants: the admin's own area
 * only), their account (停用 stops every session within the minute), and their WeChat and phone
 * (换绑: an invitation that moves the account to the WeChat that accepts it).
 */
export function UserPanel({ person, area, areaName, self, onChange }: { person: UserView; area: string; areaName: string; self: boolean; onChange: (u: UserView) => void }) {
  const kept = person.grants.filter((g) => g.role !== 'gridworker' && g.role !== 'public');
  const [grants, setGrants] = useState(kept);
  const [role, setRole] = useState<Role>('guarantee_leader');
  const [scope, setScope] = useState<Crumb>({ path: area, name: areaName });
  const [enterprise, setEnterprise] = useState<Picked>();
  const [phone, setPhone] = useState('');
  const [issued, setIssued] = useState<InvitationView>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState('');

  const run = async (what: string, job: () => Promise<void>) => {
    setBusy(what);
    setFields({});
    try {
      await job();
    } catch (e) {
      setFields(fieldsOf(e));
      if (!Object.keys(fieldsOf(e)).length) showError(e);
    } finally {
      setBusy('');
    }
  };

  const add = () => {
    const grant = ROLE_SCOPE[role] === 'enterprise' ? (enterprise ? { role, enterpriseId: enterprise.id, roleLabel: ROLE_LABELS[role], enterpriseName: enterprise.name } : undefined) : { role, area: scope.path, roleLabel: ROLE_LABELS[role], areaName: scope.name };
    if (grant) setGrants([...grants, grant]);
  };

  const saveGrants = () =>
    run('grants', async () => {
      const res = await call('setGrants', { params: { id: person.id }, body: { grants: grants.map(asGrant) } });
      onChange(res.user);
      void Taro.showToast({ title: '角色已保存', icon: 'success' });
    });

  const toggle = () =>
    run('status', async () => {
      const active = Boolean(person.deactivatedAt);
      if (!active) {
        const { confirm } = await Taro.showModal({ title: '停用账号', content: `停用后，${person.name}将在一分钟内无法再使用小程序；其已有记录不受影响，可随时重新启用。` });
        if (!confirm) return;
      }
      onChange((await call('setUserStatus', { params: { id: person.id }, body: { active } })).user);
    });

  const rebind = () =>
    run('rebind', async () => {
      setIssued((await call('createInvitation', { body: { id: newId(), phone: phone.trim(), userId: person.id } })).invitation);
    });

  if (issued) return <InvitationIssued invitation={issued} onDone={() => setIssued(undefined)} />;
  return (
    <View className="card user-panel">
      <View className="section-title">角色</View>
      {grants.length === 0 ? <View className="muted">（暂无可编辑的角色）</View> : null}
      {grants.map((g, i) => (
        <View key={`${g.role}-${g.area ?? g.enterpriseId}`} className="field-row user-grant">
          <Text>
            {g.roleLabel}·{scopeOf(g)}
          </Text>
          <Text className="link" onClick={() => setGrants(grants.filter((_, j) => j !== i))}>
            移除
          </Text>
        </View>
      ))}
      {person.grants.some((g) => g.role === 'gridworker') ? <View className="muted">网格员的网格在“指定网格员”中更换。</View> : null}
      <Choices options={EDITABLE.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} value={role} onChange={setRole} />
      {ROLE_SCOPE[role] === 'enterprise' ? (
        <EnterprisePicker label="企业" area={area} value={enterprise} onChange={setEnterprise} />
      ) : (
        <AreaChooser label="区域" roots={[{ path: area, name: areaName }]} value={scope} onChange={setScope} allowCurrent />
      )}
      <View className="actions">
        <Button block fill="outline" onClick={add}>
          添加该角色
        </Button>
        <Button block type="primary" disabled={grants.length === 0} loading={busy === 'grants'} onClick={() => void saveGrants()}>
          保存角色
        </Button>
      </View>
      <View className="section-title">换绑微信或手机号</View>
      <View className="muted">本人换了手机或微信时：发出找回邀请，本人用新的微信接受后，账号即转到新微信。</View>
      <Field label="新手机号" name="rebindPhone" type="number" value={phone} placeholder="本人现在使用的手机号" error={fields.phone} onChange={setPhone} />
      <View className="actions">
        <Button block fill="outline" loading={busy === 'rebind'} onClick={() => void rebind()}>
          发出找回邀请
        </Button>
      </View>
      <FieldError message={otherErrors(fields, ['phone'])} />
      {self ? null : (
        <View className="actions">
          <Button block type={person.deactivatedAt ? 'primary' : 'danger'} fill="outline" loading={busy === 'status'} onClick={() => void toggle()}>
            {person.deactivatedAt ? '重新启用账号' : '停用账号'}
          </Button>
        </View>
      )}
    </View>
  );
}
