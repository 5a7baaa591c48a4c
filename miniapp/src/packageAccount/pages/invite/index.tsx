import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { invitationIdOfScene, type ResponseOf } from '@safegrid/shared';
import { ApiError, call, fieldsOf, messageOf, showError } from '../../../api/client';
import { Field } from '../../../components/Field';
import { Hero } from '../../../components/Hero';
import { PrivacyPrompt } from '../../../components/PrivacyPrompt';
import { getToken, saveSession, saveUser, setActiveRole } from '../../../lib/session';
import { ACCOUNT_PAGES, ROLE_HOME, SIGN_IN_PAGE } from '../../../lib/routes';
import { formatTime } from '../../../lib/time';
import { isWeapp, loginCode, standInPhoneCode } from '../../../lib/wechat';
import '../../../components/invitation.css';

type Preview = ResponseOf<'previewInvitation'>;
type Accepted = ResponseOf<'acceptInvitation'>;

/**
 * 受邀加入: where an invited person binds their WeChat to what they were invited to be. A scanned
 * mini-program code opens it with the invitation (`scene`); otherwise the person types the code
 * they were given, or lets WeChat confirm their phone number (the invitation was sent to it).
 */
export default function Invite() {
  // WeChat hands the scene URL-encoded (i%3D…); a trip through sign-in must not encode it twice.
  const raw = useRouter().params.scene;
  const scene = raw ? decodeURIComponent(raw) : undefined;
  const invitationId = scene ? invitationIdOfScene(scene) : undefined;
  const [ready, setReady] = useState(Boolean(getToken()));
  const [preview, setPreview] = useState<Preview>();
  const [loadError, setLoadError] = useState('');
  const [code, setCode] = useState('');
  const [phone, setPhone] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState('');

  // A scanned code may be the first time the app opens: in WeChat the sign-in is silent; H5 asks for the stand-in's code first.
  useEffect(() => {
    if (ready) return;
    if (!isWeapp()) {
      void Taro.reLaunch({ url: `${SIGN_IN_PAGE}?next=${encodeURIComponent(`${ACCOUNT_PAGES.invite}${scene ? `?scene=${encodeURIComponent(scene)}` : ''}`)}` });
      return;
    }
    loginCode()
      .then((c) => call('wechatLogin', { body: { code: c } }))
      .then((session) => {
        saveSession(session);
        setReady(true);
      })
      .catch((e: unknown) => setLoadError(messageOf(e)));
  }, [ready, scene]);

  useEffect(() => {
    if (!ready || !invitationId) return;
    call('previewInvitation', { params: { id: invitationId } })
      .then(setPreview)
      .catch((e: unknown) => setLoadError(messageOf(e)));
  }, [ready, invitationId]);

  const done = (res: Accepted) => {
    if (res.session) saveSession({ ...res.session, user: res.user });
    else saveUser(res.user);
    const role = res.user.grants[0]?.role;
    if (role) setActiveRole(role);
    const joined = res.accepted.map((a) => `${a.scopeName}的${a.roleLabel}`).join('、');
    void Taro.showModal({ title: '已加入', content: `您已成为${joined}。`, showCancel: false }).then(() => Taro.reLaunch({ url: role ? ROLE_HOME[role] : SIGN_IN_PAGE }));
  };

  const accept = async (how: string, body: { code?: string; invitationId?: string; phoneCode?: string }) => {
    setBusy(how);
    setFields({});
    try {
      done(await call('acceptInvitation', { body }));
    } catch (e) {
      setFields(fieldsOf(e));
      if (!(e instanceof ApiError && e.fields && Object.keys(e.fields).length)) showError(e);
    } finally {
      setBusy('');
    }
  };

  const onPhone = (e: { detail: { code?: string } }) => {
    if (!e.detail.code) {
      void Taro.showToast({ title: '未授权手机号', icon: 'none' });
      return;
    }
    void accept('phone', { phoneCode: e.detail.code });
  };

  if (loadError) {
    return (
      <View className="page">
        <Hero title="受邀加入" />
        <Empty status="error" title="无法打开邀请" description={loadError} />
      </View>
    );
  }
  return (
    <View className="page">
      <PrivacyPrompt />
      <Hero title="受邀加入" sub="工作人员、企业负责人和员工由管理员、监管人员或企业负责人邀请加入" />
      {invitationId ? (
        <View className="ac-card invite-preview">
          {!preview ? <View className="muted">加载中…</View> : null}
          {preview ? (
            <>
              <View className="ac-line">{preview.rebind ? '找回您的账号：' : `${preview.inviterName} 邀请 ${preview.name} 成为`}</View>
              <View className="ac-role">
                {preview.scopeName} · {preview.roleLabel}
              </View>
              <View className="ac-line muted">
                {preview.stateLabel} · 有效期至 {formatTime(preview.expiresAt)}
              </View>
              <View className="actions">
                <Button block type="primary" disabled={preview.state !== 'pending'} loading={busy === 'scan'} onClick={() => void accept('scan', { invitationId: invitationId! })}>
                  {preview.state === 'pending' ? '接受邀请' : `邀请${preview.stateLabel}，请联系邀请人`}
                </Button>
              </View>
            </>
          ) : null}
        </View>
      ) : null}
      <View className="ac-card">
        <View className="section-title">输入邀请码</View>
        <Field label="邀请码" name="inviteCode" value={code} placeholder="8位字母或数字" error={fields.code} onChange={setCode} />
        <View className="actions">
          <Button block type="primary" loading={busy === 'code'} onClick={() => void accept('code', { code })}>
            加入
          </Button>
        </View>
      </View>
      <View className="ac-card">
        <View className="section-title">用手机号验证</View>
        <View className="muted">邀请发给了您的手机号时，由微信确认该手机号即可加入。</View>
        {isWeapp() ? (
          <View className="actions">
            <Button block fill="outline" openType="getPhoneNumber" loading={busy === 'phone'} onGetPhoneNumber={onPhone}>
              微信手机号一键验证
            </Button>
          </View>
        ) : (
          <>
            <Field label="手机号（模拟）" name="standInPhone" type="number" value={phone} placeholder="本地模拟微信授权的手机号" error={fields.phoneCode} onChange={setPhone} />
            <View className="actions">
              <Button block fill="outline" loading={busy === 'phone'} onClick={() => void accept('phone', { phoneCode: standInPhoneCode(phone) })}>
                模拟手机号验证
              </Button>
            </View>
          </>
        )}
      </View>
    </View>
  );
}
