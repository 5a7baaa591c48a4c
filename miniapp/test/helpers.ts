import Taro from '@tarojs/taro';
import { gcj02ToWgs84, type UserView } from '@safegrid/shared';

export interface Sent {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
}

type Reply = { statusCode: number; data: unknown };

/**
 * Stub the network boundary, Taro.request: `routes` maps "METHOD /path" (or "METHOD /prefix*") to a reply.
 * Every request is recorded in the returned list.
 */
export function stubNetwork(routes: Record<string, Reply | ((sent: Sent) => Reply)>): Sent[] {
  const sent: Sent[] = [];
  jest.spyOn(Taro, 'request').mockImplementation(((options: Sent) => {
    sent.push(options);
    const path = new URL(options.url).pathname;
    const wanted = `${options.method ?? 'GET'} ${path}`;
    // A key may end in `*`: the rest of the path (an id made on the phone).
    const route = routes[wanted] ?? Object.entries(routes).find(([k]) => k.endsWith('*') && wanted.startsWith(k.slice(0, -1)))?.[1];
    if (!route) return Promise.reject(new Error(`no stub for ${options.method} ${options.url}`));
    const reply = typeof route === 'function' ? route(options) : route;
    return Promise.resolve({ ...reply, header: {}, cookies: [], errMsg: 'request:ok' });
  }) as unknown as typeof Taro.request);
  return sent;
}

/** Stub WeChat's upload, Taro.uploadFile (weapp): every upload answers `statusCode` (S3 answers a POST with 204) and is recorded. */
export function stubUploadFile(statusCode = 204): Taro.uploadFile.Option[] {
  const sent: Taro.uploadFile.Option[] = [];
  jest.spyOn(Taro, 'uploadFile').mockImplementation(((options: Taro.uploadFile.Option) => {
    sent.push(options);
    return Promise.resolve({ statusCode, data: '', errMsg: 'uploadFile:ok' });
  }) as unknown as typeof Taro.uploadFile);
  return sent;
}

/** The parts of a presigned POST that H5 sent with fetch, in order: the policy's fields, then the file. */
export function formParts(init: unknown): [string, FormDataEntryValue][] {
  return [...((init as RequestInit).body as FormData).entries()];
}

/** Keep navigation and toasts out of jsdom; record where the app went. */
export function stubNavigation(): { reLaunch: jest.SpyInstance; redirectTo: jest.SpyInstance; showToast: jest.SpyInstance } {
  const ok = () => Promise.resolve({ errMsg: 'ok' }) as never;
  return {
    reLaunch: jest.spyOn(Taro, 'reLaunch').mockImplementation(ok),
    redirectTo: jest.spyOn(Taro, 'redirectTo').mockImplementation(ok),
    showToast: jest.spyOn(Taro, 'showToast').mockImplementation(ok),
  };
}

/**
 * Stub the layout boundary, Taro.createSelectorQuery: each `select(…).boundingClientRect()` answers
 * the next of `heights` (jsdom lays nothing out).
 */
export function stubLayout(heights: number[]): void {
  jest.spyOn(Taro, 'createSelectorQuery').mockImplementation((() => {
    const rects: { height: number }[] = [];
    const query = {
      select: () => query,
      selectAll: () => query,
      boundingClientRect: () => {
        rects.push({ height: heights[rects.length] ?? 0 });
        return query;
      },
      exec: (cb?: (res: unknown[]) => void) => cb?.(rects),
    };
    return query;
  }) as unknown as typeof Taro.createSelectorQuery);
}

export function signIn(user: UserView, token = 'token-1'): void {
  Taro.setStorageSync('safegrid.token', token);
  Taro.setStorageSync('safegrid.user', user);
}

export function reset(): void {
  jest.restoreAllMocks();
  Taro.clearStorageSync();
}

/**
 * Stub the phone's position at a place given in GCJ-02 (the stored system): WeChat reports it as it
 * is; a browser (the H5 build) reports its GPS position, WGS-84, which the app converts back.
 */
export function stubPlace(at: { longitude: number; latitude: number; accuracy?: number }): jest.SpyInstance {
  return jest.spyOn(Taro, 'getLocation').mockImplementation((() => {
    if (process.env.TARO_ENV === 'weapp') return Promise.resolve({ ...at, errMsg: 'getLocation:ok' });
    const gps = gcj02ToWgs84(at.longitude, at.latitude);
    return Promise.resolve({ ...at, longitude: gps.lng, latitude: gps.lat, errMsg: 'getLocation:ok' });
  }) as never);
}
