import Taro from '@tarojs/taro';

/** In the mini-program WeChat is real; the H5 build runs only against the local stack, whose WeChat is a stand-in. */
export const isWeapp = () => process.env.TARO_ENV === 'weapp';

/**
 * The code that proves who holds this WeChat, for POST /auth/wechat: wx.login's (valid once, for
 * five minutes) in the mini-program; in H5 the stand-in's, typed by whoever tries the app (the same
 * code is the same WeChat user, README "Signing in").
 */
export async function loginCode(standIn?: string): Promise<string> {
  if (isWeapp()) return (await Taro.login()).code;
  if (!standIn?.trim()) throw new Error('请输入模拟登录码');
  return standIn.trim();
}

/** The stand-in's answer to the phone-number button: `phone:<11 digits>` binds that number. */
export const standInPhoneCode = (phone: string) => `phone:${phone.trim()}`;
