import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Tag } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ROLE_LABELS, type Role, type UserView } from '@safegrid/shared';
import { call, showError } from '../api/client';
import { clearSession, rolesOf, saveUser, setActiveRole } from '../lib/session';
import { ACCOUNT_PAGES, HOME_PAGE, PRIVACY_PAGES, SIGN_IN_PAGE } from '../lib/routes';
import { gridworkerLevelLabel, scopeOf } from '../lib/labels';
import { PrivacyPrompt } from './PrivacyPrompt';

/** The one way out: clears the session and returns to sign-in. */
export function SignOutButton() {
  return (
    <View className="actions">
      <Button block type="danger" fill="outline" onClick={signOut}>
        退出登录
      </Button>
    </View>
  );
}

function signOut(): void {
  clearSession();
  void Taro.reLaunch({ url: SIGN_IN_PAGE }).catch(() => undefined);
}

/** The user's profile: grants, phone binding (WeChat only), role switch and sign-out. */
export function Profile({ user: initial, role }: { user: UserView; role?: Role }) {
  const [user, setUser] = useState(initial);
  const [binding, setBinding] = useState(false);
  const roles = rolesOf(user);

  const onPhone = async (e: { detail: { code?: string; errMsg?: string } }) => {
    const code = e.detail.code;
    if (!code) {
      void Taro.showToast({ title: '未授权手机号', icon: 'none' });
      return;
    }
    setBinding(true);
    try {
      const res = await call('bindPhone', { body: { code } });
      saveUser(res.user);
      setUser(res.user);
      void Taro.showToast({ title: '手机号已绑定', icon: 'success' });
    } catch (error) {
      showError(error);
    } finally {
      setBinding(false);
    }
  };

  const switchRole = (next: Role) => {
    setActiveRole(next);
    void Taro.reLaunch({ url: HOME_PAGE });
  };

  return (
    <View>
      <View className="section-title">个人信息</View>
      <Cell.Group>
        <Cell title="姓名" extra={`${user.name} ›`} clickable onClick={() => void Taro.navigateTo({ url: ACCOUNT_PAGES.name })} />
        <Cell title="手机号" extra={user.phone ?? '未绑定'} />
        {user.gridworkerLevel ? <Cell title="网格员级别" extra={gridworkerLevelLabel(user.gridworkerLevel)} /> : null}
      </Cell.Group>
      {process.env.TARO_ENV === 'weapp' ? (
        <View className="actions">
          <Button block type="primary" openType="getPhoneNumber" loading={binding} onGetPhoneNumber={onPhone}>
            {user.phone ? '更换绑定手机号' : '绑定微信手机号'}
          </Button>
        </View>
      ) : null}
      <Cell.Group>
        <Cell title="我的数据" description="查看和导出我们保存的您的信息" clickable onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGES.data })} />
        <Cell title="隐私政策" clickable onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGES.policy })} />
      </Cell.Group>
      <View className="section-title">我的角色</View>
      <Cell.Group>
        {user.grants.length === 0 ? <Cell title="暂无角色" description="请联系管理员开通" /> : null}
        {user.grants.map((g, i) => (
          <Cell
            key={`${g.role}-${i}`}
            title={g.roleLabel || ROLE_LABELS[g.role]}
            description={scopeOf(g)}
            extra={g.role === role ? <Tag type="primary">当前</Tag> : null}
          />
        ))}
      </Cell.Group>
      {roles.length > 1 ? (
        <View>
          <View className="section-title">切换角色</View>
          <View className="actions">
            {roles.map((r) => (
              <View key={r} className={`choice ${r === role ? 'choice-on' : ''}`} onClick={() => switchRole(r)}>
                <Text>{ROLE_LABELS[r]}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}
      <SignOutButton />
      <PrivacyPrompt />
    </View>
  );
}
