import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useMemo, useState } from 'react';
import type { DevUser, SessionResponse } from '@safegrid/shared';
import { call, messageOf, showError } from '../../api/client';
import { getToken, getUser, saveSession, setActiveRole } from '../../lib/session';
import { devLoginEnabled, HOME_PAGE, PRIVACY_PAGES, ROLE_HOME } from '../../lib/routes';
import './index.css';

function land(session: SessionResponse, role?: DevUser['role']): void {
  saveSession(session);
  const picked = role && session.user.grants.some((g) => g.role === role) ? role : session.user.grants[0]?.role;
  if (picked) setActiveRole(picked);
  void Taro.reLaunch({ url: picked ? ROLE_HOME[picked] : HOME_PAGE });
}

/** Sign-in: WeChat login in the mini-program; the demo users list in H5 (or with TARO_APP_DEV_LOGIN). */
export default function SignIn() {
  const dev = devLoginEnabled();
  const weapp = process.env.TARO_ENV === 'weapp';
  const [users, setUsers] = useState<DevUser[]>();
  const [loadError, setLoadError] = useState('');
  const [busy, setBusy] = useState('');

  useEffect(() => {
    if (getToken() && getUser()) {
      void Taro.reLaunch({ url: HOME_PAGE });
      return;
    }
    if (!dev) return;
    call('devUsers')
      .then((res) => setUsers(res.users))
      .catch((error: unknown) => setLoadError(messageOf(error)));
  }, [dev]);

  const groups = useMemo(() => {
    const byLabel = new Map<string, DevUser[]>();
    for (const u of users ?? []) byLabel.set(u.roleLabel, [...(byLabel.get(u.roleLabel) ?? []), u]);
    return [...byLabel.entries()];
  }, [users]);

  const devLogin = async (u: DevUser) => {
    if (busy) return;
    setBusy(u.id);
    try {
      land(await call('devLogin', { body: { userId: u.id } }), u.role);
    } catch (error) {
      showError(error);
    } finally {
      setBusy('');
    }
  };

  const wechatLogin = async () => {
    setBusy('wechat');
    try {
      const { code } = await Taro.login();
      land(await call('wechatLogin', { body: { code } }));
    } catch (error) {
      showError(error);
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
      {weapp ? (
        <View className="actions">
          <Button block type="primary" size="large" loading={busy === 'wechat'} onClick={wechatLogin}>
            微信一键登录
          </Button>
        </View>
      ) : null}
      {dev ? (
        <View className="dev-users">
          <View className="section-title">选择演示账号登录</View>
          {loadError ? <Empty status="network" title="演示账号加载失败" description={loadError} /> : null}
          {users && users.length === 0 ? <Empty title="暂无演示账号" /> : null}
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
