import Taro from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { InvitationView } from '@safegrid/shared';
import { formatTime } from '../lib/time';
import './invitation.css';

/**
 * A new (or re-issued) invitation, as the inviter hands it over: the code to read out or send, and
 * the mini-program code to scan. The code is shown this once: the server keeps only its hash.
 */
export function InvitationIssued({ invitation, onDone }: { invitation: InvitationView; onDone: () => void }) {
  return (
    <View className="ac-card invitation-issued">
      <View className="ac-line">
        已邀请 {invitation.name}（{invitation.phone}）成为{invitation.scopeName}的{invitation.roleLabel}。
      </View>
      <View className="ac-line muted">请把邀请码或二维码交给本人：在小程序中点“受邀加入”，输入邀请码或扫码；也可用该手机号一键验证。</View>
      <View className="ac-code">{invitation.code}</View>
      {invitation.qrUrl ? <Image className="ac-qr" src={invitation.qrUrl} mode="aspectFit" /> : null}
      <View className="ac-line muted">有效期至 {formatTime(invitation.expiresAt)}；遗失或泄露时可“重新发放”，旧码随即失效。</View>
      <View className="actions">
        <Button block fill="outline" onClick={() => void Taro.setClipboardData({ data: invitation.code ?? '' }).catch(() => undefined)}>
          复制邀请码
        </Button>
        <Button block type="primary" onClick={onDone}>
          完成
        </Button>
      </View>
    </View>
  );
}
