import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { PRIVACY_AGREE_ID, answerPrivacy, watchPrivacy } from '../lib/privacy';
import { PRIVACY_PAGES } from '../lib/routes';
import './privacy.css';

/**
 * 隐私保护提示: shown when WeChat asks for the user's agreement before a private API (location,
 * photos, files, phone number) runs on this page. Plain views rather than a NutUI popup: it sits in
 * the main package. Renders nothing on H5.
 */
export function PrivacyPrompt() {
  const [visible, setVisible] = useState(false);
  useEffect(() => watchPrivacy(setVisible), []);
  if (!visible) return null;
  return (
    <View className="privacy-mask">
      <View className="privacy-box">
        <View className="privacy-title">隐私保护提示</View>
        <View className="privacy-text">
          <Text>
            安全网格由区安全生产监管部门运营。为上报隐患、现场检查和登记企业，我们需要在您使用相应功能时获取：当前位置、您选择的照片或文件、您授权的手机号。信息仅用于安全生产监管，匿名举报不会透露给被举报企业。
          </Text>
        </View>
        <View className="privacy-link" onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGES.policy })}>
          查看《安全网格隐私政策》
        </View>
        <View className="privacy-buttons">
          <Button className="privacy-button" onClick={() => answerPrivacy(false)}>
            拒绝
          </Button>
          <Button id={PRIVACY_AGREE_ID} className="privacy-button privacy-agree" openType="agreePrivacyAuthorization" onAgreePrivacyAuthorization={() => answerPrivacy(true)}>
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  );
}
