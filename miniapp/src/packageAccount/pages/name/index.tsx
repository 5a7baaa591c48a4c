import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { call, fieldsOf, showError } from '../../../api/client';
import { Field } from '../../../components/Field';
import { Hero } from '../../../components/Hero';
import { useSession } from '../../../components/useSession';
import { saveUser } from '../../../lib/session';

/** 我的 → 姓名: the name others see (a WeChat sign-in starts as 微信用户); saved, the session's user follows and 我的 shows it. */
export default function EditName() {
  const { user } = useSession();
  const [name, setName] = useState(user?.name === '微信用户' ? '' : (user?.name ?? ''));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  if (!user) return <View className="page" />;
  const save = async () => {
    setSaving(true);
    setFields({});
    try {
      const res = await call('updateMe', { body: { name } });
      saveUser(res.user);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.navigateBack().catch(() => undefined);
    } catch (error) {
      setFields(fieldsOf(error));
      showError(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <View className="page">
      <Hero title="修改姓名" sub="您的姓名将显示在您的举报、检查等记录中" />
      <Field label="姓名" name="name" value={name} placeholder="1至20个字" error={fields.name} onChange={setName} />
      <View className="actions">
        <Button block type="primary" loading={saving} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  );
}
