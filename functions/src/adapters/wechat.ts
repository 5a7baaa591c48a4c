import { createHash } from 'node:crypto';
import { encodePng } from '../lib/png';
import { noticeValueProblem } from '@safegrid/shared';
import type { Config } from '../config';

/** What we ask of WeChat's servers. The real adapter calls them; the local one answers on this machine. */
export interface WechatServer {
  /** wx.login code → the user's openid in our mini-program. */
  code2Session(code: string): Promise<{ openid: string; unionid?: string }>;
  /** getPhoneNumber button code → the user's phone number. */
  phoneNumber(code: string): Promise<string>;
  /** A subscribe message to one user (template id and data as WeChat defines them). */
  sendSubscribeMessage(message: { openid: string; templateId: string; page?: string; data: Record<string, { value: string }> }): Promise<void>;
  /** Content security check of user text; false when WeChat flags it. */
  textIsSafe(openid: string, text: string): Promise<boolean>;
  /** Starts WeChat's asynchronous image check; its result arrives later on the message push with this trace id. */
  checkImageAsync(openid: string, url: string): Promise<{ traceId: string }>;
  /** A mini-program code (wxacode.getUnlimited) that opens `page` with `scene` (≤ 32 characters): the image and its type. */
  miniProgramCode(scene: string, page: string): Promise<{ bytes: Buffer; contentType: string }>;
}

export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(`WeChat error ${errcode}: ${message}`);
  }
}

/** The real adapter: WeChat's server API over HTTPS, with the access token cached until it expires. */
export class RealWechatServer implements WechatServer {
  private token?: { value: string; expiresAt: number };
  constructor(
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly base = 'https://api.weixin.qq.com',
  ) {}

  private async call<T>(path: string, init?: { body: unknown }): Promise<T> {
    const response = await this.fetchImpl(this.base + path, {
      method: init ? 'POST' : 'GET',
      headers: init ? { 'content-type': 'application/json' } : undefined,
      body: init ? JSON.stringify(init.body) : undefined,
    });
    const json = (await response.json()) as T & { errcode?: number; errmsg?: string };
    if (json.errcode) throw new WechatError(json.errcode, json.errmsg ?? '');
    return json;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 60_000) return this.token.value;
    const result = await this.call<{ access_token: string; expires_in: number }>('/cgi-bin/stable_token', {
      body: { grant_type: 'client_credential', appid: this.appId, secret: this.appSecret },
    });
    this.token = { value: result.access_token, expiresAt: Date.now() + result.expires_in * 1000 };
    return result.access_token;
  }

  async code2Session(code: string) {
    const q = new URLSearchParams({ appid: this.appId, secret: this.appSecret, js_code: code, grant_type: 'authorization_code' });
    const r = await this.call<{ openid: string; unionid?: string }>(`/sns/jscode2session?${q}`);
    return { openid: r.openid, unionid: r.unionid };
  }

  async phoneNumber(code: string) {
    const token = await this.accessToken();
    const r = await this.call<{ phone_info: { purePhoneNumber: string } }>(`/wxa/business/getuserphonenumber?access_token=${token}`, {
      body: { code },
    });
    return r.phone_info.purePhoneNumber;
  }

  async sendSubscribeMessage(m: { openid: string; templateId: string; page?: string; data: Record<string, { value: string }> }) {
    const token = await this.accessToken();
    await this.call(`/cgi-bin/message/subscribe/send?access_token=${token}`, {
      body: { touser: m.openid, template_id: m.templateId, page: m.page, data: m.data, miniprogram_state: 'formal', lang: 'zh_CN' },
    });
  }

  async textIsSafe(openid: string, text: string) {
    const token = await this.accessToken();
    const r = await this.call<{ result: { suggest: 'pass' | 'review' | 'risky' } }>(`/wxa/msg_sec_check?access_token=${token}`, {
      body: { content: text, version: 2, scene: 1, openid },
    });
    return r.result.suggest === 'pass';
  }

  async checkImageAsync(openid: string, url: string) {
    const token = await this.accessToken();
    const r = await this.call<{ trace_id: string }>(`/wxa/media_check_async?access_token=${token}`, {
      body: { media_url: url, media_type: 2, version: 2, scene: 1, openid },
    });
    return { traceId: r.trace_id };
  }

  /** The image comes back as the body; an error as JSON. `check_path: false` lets a trial version's page be named before release. */
  async miniProgramCode(scene: string, page: string) {
    const token = await this.accessToken();
    const response = await this.fetchImpl(`${this.base}/wxa/getwxacodeunlimit?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scene, page, check_path: false, width: 430 }),
    });
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.includes('json')) {
      const json = (await response.json()) as { errcode?: number; errmsg?: string };
      throw new WechatError(json.errcode ?? -1, json.errmsg ?? 'no image');
    }
    return { bytes: Buffer.from(await response.arrayBuffer()), contentType: contentType || 'image/jpeg' };
  }
}

/**
 * The local stand-in, with fixed answers documented in the README:
 * - login code `demo:<userId>` → openid `local-openid-<userId>` (the demo users are bound to these);
 *   any other code → a stable openid derived from the code (a new public user on first sign-in);
 * - phone code `phone:<11 digits>` → that number; any other code → 13800000000;
 * - text containing 违禁 is flagged; subscribe messages are kept in `sent` for tests to read, and a
 *   field value WeChat would refuse (over its kind's limit) fails the send as WeChat's does;
 * - image checks are kept in `imageChecks` (trace id `trace-<n>`); their results are pushed by
 *   whoever plays WeChat (a test) to the message push route;
 * - a mini-program code is a 21 × 21 pattern drawn from the page and scene (an image, as WeChat's is;
 *   nothing scans it: locally the invitation's code or link is what is typed or opened).
 */
export class LocalWechatServer implements WechatServer {
  readonly sent: { openid: string; templateId: string; page?: string; data: Record<string, { value: string }> }[] = [];
  readonly imageChecks: { openid: string; url: string; traceId: string }[] = [];

  async code2Session(code: string) {
    if (code.startsWith('demo:')) return { openid: `local-openid-${code.slice(5)}` };
    if (code === 'invalid') throw new WechatError(40029, 'invalid code');
    return { openid: `local-openid-${createHash('sha256').update(code).digest('hex').slice(0, 16)}` };
  }

  async phoneNumber(code: string) {
    const match = /^phone:(1[3-9]\d{9})$/.exec(code);
    return match ? match[1]! : '13800000000';
  }

  /** As WeChat: a value over its field's limit (thing ≤ 20, phrase ≤ 5 Chinese characters, time and date formats) fails the send (47003). */
  async sendSubscribeMessage(m: { openid: string; templateId: string; page?: string; data: Record<string, { value: string }> }) {
    if (!m.templateId) throw new WechatError(40037, 'invalid template_id');
    for (const [key, { value }] of Object.entries(m.data)) {
      if (noticeValueProblem(key, value)) throw new WechatError(47003, `argument invalid! data.${key}.value invalid`);
    }
    this.sent.push(m);
  }

  async textIsSafe(_openid: string, text: string) {
    return !text.includes('违禁');
  }

  async checkImageAsync(openid: string, url: string) {
    const traceId = `trace-${this.imageChecks.length + 1}`;
    this.imageChecks.push({ openid, url, traceId });
    return { traceId };
  }

  async miniProgramCode(scene: string, page: string) {
    const bits = createHash('sha256').update(`${page}?${scene}`).digest();
    const dark = (x: number, y: number) => (bits[(y * 21 + x) % 32]! >> ((x + y) % 8)) & 1;
    return { bytes: encodePng(210, 210, (x, y) => (dark(Math.floor(x / 10), Math.floor(y / 10)) ? [0, 0, 0] : [255, 255, 255])), contentType: 'image/png' };
  }
}

export function makeWechatServer(config: Config): WechatServer {
  return config.wechat.mode === 'real'
    ? new RealWechatServer(config.wechat.appId, config.wechat.appSecret)
    : new LocalWechatServer();
}
