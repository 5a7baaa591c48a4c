import Taro from '@tarojs/taro';
import { api, validate, type BodyOf, type ParamsOf, type QueryOf, type ResponseOf, type RouteName } from '@safegrid/shared';
import { clearSession, getToken } from '../lib/session';
import { SIGN_IN_PAGE } from '../lib/routes';

/** An error of the API's body shape `{"error":{"code","message","fields"}}`, or one of the client's own. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly status = 0,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Part<K extends string, T> = [T] extends [undefined] ? { [P in K]?: undefined } : { [P in K]: T };
/** A query whose every field is optional may be left out (it is validated as `{}`). */
type QueryPart<T> = [T] extends [undefined] ? { query?: undefined } : {} extends T ? { query?: T } : { query: T };
export type CallOptions<R extends RouteName> = Part<'body', BodyOf<R>> & QueryPart<QueryOf<R>> & Part<'params', ParamsOf<R>>;
type CallArgs<R extends RouteName> = {} extends CallOptions<R> ? [options?: CallOptions<R>] : [options: CallOptions<R>];

/**
 * The API this build talks to. H5 builds only ever run against local stacks, so one build can be
 * pointed at another (localStorage `safegrid.apiBase`: the browser tests' district set up from nothing).
 */
export function apiBase(): string {
  const local = process.env.TARO_ENV === 'h5' ? (globalThis as { localStorage?: Storage }).localStorage?.getItem('safegrid.apiBase') : undefined;
  return (local || process.env.TARO_APP_API_BASE || 'http://localhost:3000').replace(/\/+$/, '');
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function check(schema: unknown, value: unknown, what: string): void {
  if (!schema) return;
  const result = validate(schema as Parameters<typeof validate>[0], value ?? (what === 'body' ? undefined : {}));
  if (!result.ok) {
    throw new ApiError('VALIDATION_FAILED', `请检查填写内容：${Object.values(result.fields).join('；')}`, result.fields, 400);
  }
}

function isErrorBody(data: unknown): data is { error: { code: string; message: string; fields?: Record<string, string> } } {
  if (!data || typeof data !== 'object') return false;
  const error = (data as { error?: unknown }).error;
  return !!error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string';
}

let onUnauthenticated = (): void => {
  clearSession();
  void Taro.reLaunch({ url: SIGN_IN_PAGE }).catch(() => undefined);
};

/** Replace what happens on a 401 (tests; the default clears the session and returns to sign-in). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** Call one route of the shared contract: `call('listAreas', { query: { parent } })`. */
export async function call<R extends RouteName>(name: R, ...[options]: CallArgs<R>): Promise<ResponseOf<R>> {
  const route = api[name] as (typeof api)[RouteName];
  const opts = (options ?? {}) as { body?: unknown; query?: Record<string, unknown>; params?: Record<string, string> };
  check('params' in route ? route.params : undefined, opts.params, 'params');
  check('query' in route ? route.query : undefined, opts.query, 'query');
  check('body' in route ? route.body : undefined, opts.body, 'body');

  const path = route.path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(opts.params?.[key] ?? ''));
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = getToken();
  if (token) header.Authorization = `Bearer ${token}`;

  let response: Taro.request.SuccessCallbackResult<Record<string, unknown>>;
  try {
    response = await Taro.request<Record<string, unknown>>({
      url: apiBase() + path + queryString(opts.query),
      method: route.method,
      header,
      data: opts.body === undefined ? undefined : (opts.body as Record<string, unknown>),
      dataType: 'json',
    });
  } catch {
    throw new ApiError('NETWORK', '网络连接失败，请检查网络后重试');
  }

  let data: unknown = response.data;
  if (typeof data === 'string' && data) {
    try {
      data = JSON.parse(data);
    } catch {
      /* not JSON */
    }
  }
  const status = response.statusCode;
  // A reply the contract does not describe (a body cut off on a bad connection, a server older or newer
  // than the app) must not reach a page as data: the page shows its error and retry instead of crashing.
  if (status >= 200 && status < 300) {
    const parsed = route.response.safeParse(data);
    if (parsed.success) return parsed.data as ResponseOf<R>;
    // Paths and issue codes only: the values may be personal data.
    console.error(`[api] ${name} 的回复不符合契约：${parsed.error.issues.map((i) => `${i.path.join('.') || '(整体)'} ${i.code}`).join('；')}`);
    throw new ApiError('BAD_RESPONSE', '服务返回的数据不完整，请稍后重试', undefined, status);
  }

  if (status === 401 && !('anonymous' in route)) onUnauthenticated();
  if (isErrorBody(data)) {
    throw new ApiError(data.error.code, data.error.message, data.error.fields, status);
  }
  throw new ApiError(status === 401 ? 'UNAUTHENTICATED' : `HTTP_${status}`, status === 401 ? '登录已失效，请重新登录' : `服务暂时不可用（${status}），请稍后重试`, undefined, status);
}

/** Someone else changed the record first (a stale version). */
export const isConflict = (e: unknown): e is ApiError => e instanceof ApiError && (e.status === 409 || e.code === 'CONFLICT');

/** The API's (or the client check's) field errors, each under its body path. */
export const fieldsOf = (e: unknown): Record<string, string> => (e instanceof ApiError && e.fields ? e.fields : {});

/** The message to show for any error thrown by `call`. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '操作失败，请稍后重试';
}

/** Toast an error (short messages fit a toast; longer ones use a modal). */
export function showError(error: unknown): void {
  const message = messageOf(error);
  if (message.length <= 14) void Taro.showToast({ title: message, icon: 'none', duration: 2500 }).catch(() => undefined);
  else void Taro.showModal({ title: '提示', content: message, showCancel: false }).catch(() => undefined);
}
