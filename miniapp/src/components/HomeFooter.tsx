import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ME_PAGE } from '../lib/routes';

/** "我的": profile, phone binding, role switch and sign-out. */
export function HomeFooter() {
  return (
    <View className="actions">
      <Button block fill="outline" type="primary" onClick={() => void Taro.navigateTo({ url: ME_PAGE })}>
        我的（账号与角色）
      </Button>
    </View>
  );
}
