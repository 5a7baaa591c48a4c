/**
 * The coordinate system to ask the phone for: WeChat maps use GCJ-02; Taro's H5 getLocation
 * supports only WGS-84 (it refuses anything else), so the browser build asks for that.
 */
export const locationType = (): 'gcj02' | 'wgs84' => (process.env.TARO_ENV === 'weapp' ? 'gcj02' : 'wgs84');
