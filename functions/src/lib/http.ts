import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type BodyOf,
  DomainError,
  type ErrorBody,
  type ParamsOf,
  type QueryOf,
  RateLimitedError,
  type ResponseOf,
  type Role,
  type RouteName,
  api,
  hasRole,
  validate,
} from '@safegrid/shared';
import type * as z from 'zod';
import { noteNearTimeout, remainingMs } from '../adapters/metrics';
import { type Deps, deps, loadDeps } from '../deps';
import { currentActor } from '../usecases/actors';
import { logLine } from './log';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

/** Largest JSON body we accept; photos never travel through the API (they go to storage directly). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface RouteInput<R extends RouteName> {
  actor: R extends AnonymousRoute ? Actor | undefined : Actor;
  body: BodyOf<R>;
  query: QueryOf<R>;
  params: ParamsOf<R>;
  /** The body as sent and the headers: for pushes signed over their exact bytes (WeChat Pay). */
  raw: { body: string; headers: Record<string, string | undefined> };
  deps: Deps;
  requestId: string;
}
type AnonymousRoute = { [K in RouteName]: (typeof api)[K] extends { anonymous: true } ? K : never }[RouteName];

/** Who may call a route at all; object-level scope is checked by the use case against each record. */
export type Access = { roles: readonly Role[] } | 'anyone signed in' | 'anonymous';

/**
 * Whose records a route reaches, declared next to its handler so a reviewer sees it beside the
 * roles; the authorization matrix holds each route's cases to it (functions/test/authorization.test.ts).
 * - 'self': only the caller's own: their profile, reports, rewards, uploads, work queue, their enterprise's signature;
 *   nothing in the request can name someone else's record (anyone else's id → 404/403).
 * - 'area': records inside the caller's granted areas, or above them where the use case shares down
 *   (a district's settings, a published bulletin); never a sibling area's, never a signed-in stranger's.
 * - 'area or own': as 'area', or the record is the caller's own (its reporter, its enterprise's owner or inspector).
 * - 'public': nothing personal or area-bound: sign-in, reference data (locating a point, nearby names, the
 *   import template), pushes from WeChat checked by their signature.
 */
export type Scope = 'self' | 'area' | 'area or own' | 'public';
export const SCOPE_LABELS: Record<Scope, string> = {
  self: '仅本人（本人的资料、上报、奖励、本企业）',
  area: '本人辖区内',
  'area or own': '本人辖区内，或本人上报 / 本企业的记录',
  public: '公开（不含个人信息）',
};

interface State {
  requestId: string;
  started: number;
  /** What the invocation had left when the stack began (≈ the function's timeout): the NearTimeout metric's measure. */
  budgetMs?: number;
  actor?: Actor;
  input?: { body: unknown; query: unknown; params: unknown };
}
type Ctx = Context & { state: State };

function json(statusCode: number, body: unknown, requestId: string, headers: Record<string, string> = {}): Result {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
  };
}

function errorBody(error: DomainError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
}

function rawBody(event: Event): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function parseBody(event: Event): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = rawBody(event);
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `请求内容过大（上限 ${MAX_BODY_BYTES / 1024} KB），照片请通过上传功能提交`);
  }
  const type = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
  if (type && !type.includes('application/json')) {
    throw new DomainError('VALIDATION_FAILED', '请求格式应为 JSON（Content-Type: application/json）', { body: '请以 JSON 格式提交' });
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new DomainError('BAD_JSON', '请求内容不是有效的 JSON，请检查后重试', { body: '不是有效的 JSON' });
  }
}

function check(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) {
    if (value !== undefined && !(typeof value === 'object' && value !== null && Object.keys(value).length === 0)) {
      throw new DomainError('VALIDATION_FAILED', `此接口不接受${where}参数`, { [where]: `此接口不接受${where}参数` });
    }
    return undefined;
  }
  const result = validate(schema, value ?? (where === 'body' ? undefined : {}));
  if (!result.ok) {
    throw new DomainError('VALIDATION_FAILED', `请检查填写内容：${Object.values(result.fields).join('；')}`, result.fields);
  }
  return result.data;
}

/** The one middleware stack: request id, log line, body, auth, validation, roles, error mapping. */
function stack(name: RouteName, access: Access): MiddlewareObj<Event, Result, Error, Ctx> {
  const contract = api[name];
  return {
    before: async (request) => {
      const state: State = { requestId: request.context.awsRequestId || randomUUID(), started: Date.now(), budgetMs: remainingMs(request.context) };
      request.context.state = state;
      const { event } = request;
      // Deployed stages read their secrets (SSM) before the first request of a container; local stages have them at once.
      const d = await loadDeps();
      if (access !== 'anonymous') {
        const header = event.headers?.authorization ?? event.headers?.Authorization;
        const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
        if (!token) throw new DomainError('UNAUTHENTICATED', '请先登录');
        state.actor = await currentActor(d, await d.tokens.verify(token, d.clock.now()));
        if (typeof access === 'object' && !hasRole(state.actor, ...access.roles)) {
          throw new DomainError('FORBIDDEN', '您的角色不能使用此功能');
        }
      } else {
        const header = event.headers?.authorization;
        if (header?.startsWith('Bearer ')) state.actor = await d.tokens.verify(header.slice(7), d.clock.now()).then((id) => currentActor(d, id)).catch(() => undefined);
      }
      const body = parseBody(event);
      state.input = {
        params: check('params' in contract ? contract.params : undefined, event.pathParameters ?? {}, 'params'),
        query: check('query' in contract ? contract.query : undefined, event.queryStringParameters ?? {}, 'query'),
        body: check('body' in contract ? contract.body : undefined, body, 'body'),
      };
    },
    after: async (request) => {
      log(request.context.state, name, request.event, request.response?.statusCode ?? 200);
      nearTimeout(request.context.state, request.context, name);
    },
    onError: async (request) => {
      const state = request.context.state ?? { requestId: request.context.awsRequestId || randomUUID(), started: Date.now() };
      const error = request.error;
      if (error instanceof DomainError) {
        const retryAfter: Record<string, string> = error instanceof RateLimitedError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
        request.response = json(error.status, errorBody(error), state.requestId, retryAfter);
        log(state, name, request.event, error.status, error.code);
        nearTimeout(state, request.context, name);
        return;
      }
      request.response = json(
        500,
        { error: { code: 'INTERNAL', message: `服务暂时出现问题，请稍后重试；如持续出现，请联系管理员并提供请求编号 ${state.requestId}` } },
        state.requestId,
      );
      log(state, name, request.event, 500, 'INTERNAL', error);
      nearTimeout(state, request.context, name);
    },
  };
}

/** NearTimeout (EMF) when the request ended with under a fifth of its time left; never fails the request. */
function nearTimeout(state: State | undefined, context: Context, route: string) {
  try {
    noteNearTimeout(deps().metrics, route, state?.budgetMs, remainingMs(context));
  } catch {
    // No deps (the secrets could not be read): the request's own 500 says enough.
  }
}

function log(state: State, route: string, event: Event, status: number, code?: string, error?: unknown) {
  logLine({
    level: status >= 500 ? 'error' : 'info',
    requestId: state.requestId,
    route,
    method: event.requestContext?.http?.method,
    path: event.rawPath,
    status,
    ms: Date.now() - state.started,
    userId: state.actor?.userId,
    ...(code ? { code } : {}),
    ...(error instanceof Error ? { error: error.message, stack: error.stack } : {}),
  });
}

/** Every route's declaration, as its handler module made it: read by the authorization matrix and the OpenAPI generator. */
export const declarations = new Map<RouteName, { access: Access; scope: Scope }>();

/** What the Lambda runtime (and the tests) call. */
export type ApiHandler = (event: Event, context: Context) => Promise<Result>;

/** A handler: which route of the contract, who may call it, whose records it reaches, and the use case it runs. */
export function route<R extends RouteName>(
  name: R,
  access: R extends AnonymousRoute ? 'anonymous' : Exclude<Access, 'anonymous'>,
  scope: R extends AnonymousRoute ? 'public' : Scope,
  run: (input: RouteInput<R>) => Promise<ResponseOf<R>>,
): ApiHandler {
  declarations.set(name, { access: access as Access, scope });
  const handler = middy<Event, Result, Error, Ctx>()
    .use(stack(name, access as Access))
    .handler(async (event, context) => {
      const { state } = context;
      const result = await run({
        ...(state.input as { body: BodyOf<R>; query: QueryOf<R>; params: ParamsOf<R> }),
        raw: { body: rawBody(event), headers: event.headers ?? {} },
        actor: state.actor as RouteInput<R>['actor'],
        deps: deps(),
        requestId: state.requestId,
      });
      return json(200, result, state.requestId);
    });
  return handler as unknown as ApiHandler;
}
