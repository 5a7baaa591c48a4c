import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button, Cell, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { InvitationView, UserView } from '@safegrid/shared';
import { call, fieldsOf, messageOf, showError } from '../../../api/client';
import { Field, FieldError, otherErrors } from '../../../components/Field';
import { Hero } from '../../../components/Hero';
import { useSession } from '../../../components/useSession';
import { newId } from '../../../lib/id';
import { formatTime } from '../../../lib/time';
import { InvitationIssued } from '../../../components/InvitationIssued';
import '../../../components/invitation.css';

/**
 * 我的员工: the owner invites their workers (who then report hazards inside the enterprise without
 * the enterprise ever learning who), sees who has joined and who is still invited, and removes a
 * worker who has left (they keep their own account, as the public).
 */
export default function Workers() {
  const { user } = useSession();
  const own = user?.grants.find((g) => g.role === 'enterprise_owner');
  const enterpriseId = useRouter().params.enterpriseId ?? own?.enterpriseId ?? '';
  const enterpriseName = own?.enterpriseId === enterpriseId ? (own?.enterpriseName ?? '') : '';
  const [workers, setWorkers] = useState<UserView[]>();
  const [canManage, setCanManage] = useState(false);
  const [invitations, setInvitations] = useState<InvitationView[]>([]);
  const [error, setError] = useState('');
  const [issued, setIssued] = useState<InvitationView>();
  const [form, setForm] = useState({ name: '', phone: '' });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const load = async () => {
    setError('');
    try {
      const [people, invited] = await Promise.all([call('enterpriseWorkers', { params: { id: enterpriseId } }), call('listInvitations', { query: { enterpriseId } })]);
      setWorkers(people.workers);
      setCanManage(people.canManage);
      setInvitations(invited.invitations.filter((i) => i.role === 'worker' && (i.state === 'pending' || i.state === 'expired')));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user && enterpriseId) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user, enterpriseId]);

  if (!user) return <View className="page" />;
  if (issued) {
    return (
      <View className="page">
        <Hero title="邀请已发出" />
        <InvitationIssued invitation={issued} onDone={() => (setIssued(undefined), void load())} />
      </View>
    );
  }

  const invite = async () => {
    setSaving(true);
    setFields({});
    try {
      const res = await call('createInvitation', { body: { id: newId(), name: form.name, phone: form.phone.trim(), grant: { role: 'worker', enterpriseId } } });
      setForm({ name: '', phone: '' });
      setIssued(res.invitation);
    } catch (e) {
      setFields(fieldsOf(e));
      if (!Object.keys(fieldsOf(e)).length) showError(e);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (w: UserView) => {
    const { confirm } = await Taro.showModal({ title: '移除员工', content: `${w.name}将不再是本企业员工，不能再提交内部报告；其本人账号和已提交的报告不受影响。` });
    if (!confirm) return;
    try {
      await call('removeWorker', { params: { id: enterpriseId, userId: w.id } });
      setWorkers((prev) => prev?.filter((x) => x.id !== w.id));
      void Taro.showToast({ title: '已移除', icon: 'success' });
    } catch (e) {
      showError(e);
    }
  };

  const reissue = async (i: InvitationView) => {
    try {
      setIssued((await call('updateInvitation', { params: { id: i.id }, body: { action: 'reissue' } })).invitation);
    } catch (e) {
      showError(e);
    }
  };

  return (
    <View className="page">
      <Hero title="我的员工" sub={enterpriseName} />
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!workers && !error ? <View className="card muted">加载中…</View> : null}
      {workers && workers.length === 0 ? <Empty size="small" title="还没有员工加入" description="邀请员工后，员工可在小程序中匿名报告本企业的安全隐患" /> : null}
      <Cell.Group>
        {workers?.map((w) => (
          <Cell
            key={w.id}
            className="worker-item"
            title={w.name}
            description={w.phone ?? '未绑定手机号'}
            extra={
              canManage ? (
                <Button size="small" fill="none" type="danger" onClick={() => void remove(w)}>
                  移除
                </Button>
              ) : undefined
            }
          />
        ))}
      </Cell.Group>
      {invitations.length ? <View className="section-title">已邀请、尚未加入</View> : null}
      <Cell.Group>
        {invitations.map((i) => (
          <Cell
            key={i.id}
            title={`${i.name}（${i.phone}）· ${i.stateLabel}`}
            description={`有效期至 ${formatTime(i.expiresAt)}`}
            extra={
              i.canReissue ? (
                <Button size="small" fill="none" onClick={() => void reissue(i)}>
                  重新发放
                </Button>
              ) : undefined
            }
          />
        ))}
      </Cell.Group>
      {canManage ? (
        <>
          <View className="form-title">邀请员工</View>
          <Field label="姓名" name="name" value={form.name} placeholder="员工姓名" error={fields.name} onChange={(name) => setForm({ ...form, name })} />
          <Field label="手机号" name="phone" type="number" value={form.phone} placeholder="11位手机号" error={fields.phone} onChange={(phone) => setForm({ ...form, phone })} />
          <FieldError message={otherErrors(fields, ['name', 'phone'])} />
          <View className="actions">
            <Button block type="primary" loading={saving} onClick={() => void invite()}>
              发出邀请
            </Button>
          </View>
        </>
      ) : null}
    </View>
  );
}
