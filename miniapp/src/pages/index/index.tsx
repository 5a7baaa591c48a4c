import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useMemo, useState } from 'react';
import type { DevUser, SessionResponse } from '@safegrid/shared';
import { ApiError, call, messageOf, showError } from '../../api/client';
import { Field } from '../../components/Field';
import { getToken, getUser, saveSession, setActiveRole } from '../../lib/session';
import { ACCOUNT_PAGES, devLoginEnabled, HOME_PAGE, PRIVACY_PAGES, ROLE_HOME } from '../../lib/routes';
import { isWeapp, loginCode } from '../../lib/wechat';
import './index.css';

/** After signing in: the page that sent the user here (`?next=`), else their role's home. */
function land(session: SessionResponse, next?: string, role?: DevUser['role']): void {
  saveSession(session);
  const picked = role && session.user.grants.some((g) => g.role === role) ? role : session.user.grants[0]?.role;
  if (picked) setActiveRole(picked);
  void Taro.reLaunch({ url: next || (picked ? ROLE_HOME[picked] : HOME_PAGE) });
}

/**
 * Sign-in. In WeChat: 微信一键登录 (wx.login), and 受邀加入 for people an admin, a supervisor or
 * their owner invited. In H5, which only ever runs against the local stack: the WeChat stand-in
 * (any login code is a WeChat user of its own) and, where the stack offers it, the demo users.
 */
export default function SignIn() {
  const next = decodeURIComponent(useRouter().params.next ?? '');
  const weapp = isWeapp();
  const [users, setUsers] = useState<DevUser[]>();
  const [loadError, setLoadError] = useState('');
  const [busy, setBusy] = useState('');
  const [standIn, setStandIn] = useState('');

  useEffect(() => {
    if (getToken() && getUser()) {
      void Taro.reLaunch({ url: next || HOME_PAGE });
      return;
    }
    if (!devLoginEnabled()) return;
    call('devUsers')
      .then((res) => setUsers(res.users))
      // A stack without the demo sign-in (a district set up for real) answers 404: then there is simply no list.
      .catch((error: unknown) => (error instanceof ApiError && error.status === 404 ? setUsers([]) : setLoadError(messageOf(error))));
  }, [next]);

  const groups = useMemo(() => {
    const byLabel = new Map<string, DevUser[]>();
    for (const u of users ?? []) byLabel.set(u.roleLabel, [...(byLabel.get(u.roleLabel) ?? []), u]);
    return [...byLabel.entries()];
  }, [users]);

  const devLogin = async (u: DevUser) => {
    if (busy) return;
    setBusy(u.id);
    try {
      land(await call('devLogin', { body: { userId: u.id } }), next, u.role);
    } catch (error) {
      showError(error);
    } finally {
      setBusy('');
    }
  };

  const wechatLogin = async (then?: string) => {
    setBusy('wechat');
    try {
      const code = await loginCode(standIn);
      land(await call('wechatLogin', { body: { code } }), then ?? next);
    } catch (error) {
      showError(error instanceof Error && !(error instanceof ApiError) ? new ApiError('LOGIN', error.message) : error);
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="page sign-in">
      <View className="hero">
        <View className="hero-title">
          <Text>安全网格</Text>
        </View>
        <View className="hero-sub">网格化安全生产监管</View>
      </View>
      {weapp ? null : (
        <View className="card stand-in">
          <View className="section-title">本地模拟微信登录</View>
          <View className="muted">本地环境没有真实微信：任意登录码即一位微信用户，同一登录码再次登录仍是同一人。</View>
          <Field label="登录码" name="standInCode" value={standIn} placeholder="如 zhang-min" onChange={setStandIn} />
        </View>
      )}
      <View className="actions">
        <Button block type="primary" size="large" loading={busy === 'wechat'} onClick={() => void wechatLogin()}>
          {weapp ? '微信一键登录' : '模拟微信登录'}
        </Button>
        <Button block fill="outline" onClick={() => void wechatLogin(ACCOUNT_PAGES.invite)}>
          受邀加入（工作人员、企业人员）
        </Button>
      </View>
      {devLoginEnabled() && (loadError || (users && users.length > 0) || !users) ? (
        <View className="dev-users">
          <View className="section-title">选择演示账号登录</View>
          {loadError ? <Empty status="network" title="演示账号加载失败" description={loadError} /> : null}
          {!users && !loadError ? <View className="muted sign-in-loading">加载中…</View> : null}
          {groups.map(([label, list]) => (
            <View key={label} className="dev-group">
              <View className="dev-group-title">{label}</View>
              <Cell.Group>
                {list.map((u) => (
                  <Cell
                    key={u.id}
                    className="dev-user"
                    title={u.name}
                    description={u.scopeLabel}
                    extra={busy === u.id ? '登录中…' : u.roleLabel}
                    onClick={() => void devLogin(u)}
                  />
                ))}
              </Cell.Group>
            </View>
          ))}
        </View>
      ) : null}
      <View className="actions sign-in-privacy">
        <Text className="muted">登录即表示您已阅读并同意</Text>
        <Text className="link" onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGES.policy })}>
          《安全网格隐私政策》
        </Text>
      </View>
    </View>
  );
}
