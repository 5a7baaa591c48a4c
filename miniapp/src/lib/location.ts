import Taro from '@tarojs/taro';
import { wgs84ToGcj02 } from '@safegrid/shared';

/**
 * The coordinate system to ask the phone for. Everything stored is GCJ-02 (what WeChat's map draws
 * in and the area boundaries are drawn in): WeChat answers it directly; Taro's H5 getLocation
 * supports only WGS-84 (the browser's GPS position; it refuses anything else), so the browser build
 * asks for that and converts at the edge (`getLocation` below).
 */
export const locationType = (): 'gcj02' | 'wgs84' => (process.env.TARO_ENV === 'weapp' ? 'gcj02' : 'wgs84');

/** Where the phone is, in GCJ-02 on either build (the browser's WGS-84 position converted with the standard transform). */
export async function getLocation(): Promise<Taro.getLocation.SuccessCallbackResult> {
  const type = locationType();
  const res = await Taro.getLocation({ type });
  if (type === 'gcj02') return res;
  const at = wgs84ToGcj02(res.longitude, res.latitude);
  return { ...res, longitude: at.lng, latitude: at.lat };
}
