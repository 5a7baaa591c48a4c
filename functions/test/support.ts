/**
 * Integration-test support: a fresh table per test file on the run's DynamoDB Local, requests
 * sent through the real handlers (the whole middy stack), and a snapshot of the table to prove
 * that a refused request wrote nothing.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { Actor, Area, User } from '@safegrid/shared';
import { orgCodeCheckChar, rectangle, usccCheckChar, withBoundary } from '@safegrid/shared';
import { LocalPaymentChannel } from '../src/adapters/payments';
import { LocalWechatServer } from '../src/adapters/wechat';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { deps, overrideDeps } from '../src/deps';
import { getUser } from '../src/repos/users';
import { forgetActor } from '../src/usecases/actors';
import { dynamoClient, ensureTable } from '../../scripts/local/services';
import { type CensusEnterprise, type District, loadDistrict } from '../../scripts/demo/load';

process.env.STAGE = 'test';
process.env.DEV_LOGIN = 'true';
process.env.LOG_LEVEL = 'error';
process.env.TABLE_NAME = `t_${randomUUID().slice(0, 8)}`;
// Tests send many requests as one user within an hour; the limiter's own tests (rate-limits.test.ts) set small caps.
process.env.RATE_LIMIT_REPORTS_PER_HOUR ??= '100000';
process.env.RATE_LIMIT_UPLOADS_PER_HOUR ??= '100000';
process.env.RATE_LIMIT_REMINDERS_PER_DAY ??= '100000';
process.env.RATE_LIMIT_INVITATION_ATTEMPTS_PER_HOUR ??= '100000';

export const wechat = new LocalWechatServer();
export const payments = new LocalPaymentChannel();

/** Sends `bytes` to a presigned POST the way the phone does (the policy's fields, then the file); the storage's status. */
export async function postUpload(upload: { url: string; fields: Record<string, string> }, bytes: Buffer, fileName = 'file'): Promise<number> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  return (await fetch(upload.url, { method: 'POST', body: form })).status;
}

/** A presigned POST's policy, decoded: when it expires and what S3 will check. */
export function policyOf(fields: Record<string, string>): { expiration: string; conditions: unknown[] } {
  return JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8'));
}

/** Creates this file's table and loads the small fixture district into it. */
export async function setupTable(district: District = fixtureDistrict()) {
  await ensureTable(process.env.DYNAMODB_ENDPOINT!, process.env.TABLE_NAME!);
  overrideDeps({ wechat, payments });
  await loadDistrict(deps().db, district);
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Request {
  method?: string;
  path?: string;
  token?: string;
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string>;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** `rawBody` is base64, as API Gateway sends binary bodies. */
  base64?: boolean;
}

export interface Response {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

export async function invoke(handler: Handler, req: Request = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...req.headers };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  const event = {
    version: '2.0',
    routeKey: `${req.method ?? 'GET'} ${req.path ?? '/'}`,
    rawPath: req.path ?? '/',
    rawQueryString: new URLSearchParams(req.query).toString(),
    headers,
    queryStringParameters: req.query,
    pathParameters: req.params,
    body: req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body)),
    isBase64Encoded: req.base64 ?? false,
    requestContext: { http: { method: req.method ?? 'GET', path: req.path ?? '/' }, requestId: randomUUID() },
  } as unknown as APIGatewayProxyEventV2;
  const context = { awsRequestId: randomUUID() } as Context;
  const result = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode ?? 200, body: result.body ? JSON.parse(result.body) : undefined, headers: result.headers ?? {} };
}

const canonical = (g: object) => Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));

/**
 * A session token for a fixture user, or for an actor holding exactly these grants: the server
 * reads grants from the user's record, so an actor's record is written (or its grants set) first.
 */
export async function tokenFor(user: User | Actor): Promise<string> {
  if ('userId' in user) {
    const db = deps().db;
    const stored = await getUser(db, user.userId);
    const same = (a: Actor['grants'], b: Actor['grants']) => JSON.stringify(a.map(canonical)) === JSON.stringify(b.map(canonical));
    if (!stored || !same(stored.grants, user.grants)) {
      const homeArea = user.grants.find((g) => g.area)?.area ?? 'public';
      await db.users.build(PutItemCommand).item({ ...(stored ?? { name: user.userId, homeArea }), id: user.userId, grants: user.grants }).send();
      forgetActor(user.userId);
    }
  }
  const actor = 'userId' in user ? user : { userId: user.id, grants: user.grants };
  return (await deps().tokens.issue(actor, new Date())).token;
}

/** Every item in this file's table, sorted, for before/after comparisons. */
export async function snapshot(): Promise<string[]> {
  const client = dynamoClient(process.env.DYNAMODB_ENDPOINT!);
  const items: string[] = [];
  let ExclusiveStartKey: Record<string, any> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: process.env.TABLE_NAME!, ExclusiveStartKey }));
    items.push(...(page.Items ?? []).map((i) => JSON.stringify(i)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  client.destroy();
  return items.sort();
}

/** Asserts the request changed nothing in the table (but for the items `allowed` lets through, e.g. a rate-limit spend). */
export async function expectNothingWritten(send: () => Promise<Response>, allowed: (item: string) => boolean = () => false): Promise<Response> {
  const kept = async () => (await snapshot()).filter((item) => !allowed(item));
  const before = await kept();
  const response = await send();
  expect(await kept()).toEqual(before);
  return response;
}

/** A rate-limit counter item (`LIMIT#<user>`): what a route that counts every attempt writes even when it refuses. */
export const isRateCounter = (item: string) => item.includes('"pk":{"S":"LIMIT#');

/** A valid code for n < 10,000,000: positions 9–17 are 'M' + 7 digits and their own GB 11714 check character. */
export function uscc(n: number): string {
  const body = `M${String(n).padStart(7, '0')}`;
  const first17 = `91370911${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

/**
 * A small district with two streets, so every role has an inside and an outside:
 *   D (district) → S1, S2 (streets) → S1/C1, S2/C2 (communities) → G1, G2 (grids) → M1, M2 (micro-grids).
 */
export function fixtureDistrict() {
  const D = '370911';
  const S1 = `${D}/s1`;
  const S2 = `${D}/s2`;
  const C1 = `${S1}/c1`;
  const C2 = `${S2}/c2`;
  const G1 = `${C1}/g1`;
  const G2 = `${C2}/g2`;
  const M1 = `${G1}/m1`;
  const M2 = `${G2}/m2`;
  const area = (path: string, name: string, level: Area['level']): Area => {
    const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : undefined;
    return { path, code: path.split('/').pop()!, name, level, ...(parent ? { parent } : {}) };
  };
  // Boundaries (GCJ-02): street S1 down to M1 is one square around M1's centre (117.1, 36.2), S2 down to M2 another
  // around (117.2, 36.3); they touch at one corner, (117.15, 36.25). The district covers both.
  const west = withBoundary(rectangle(117.05, 36.15, 117.15, 36.25));
  const east = withBoundary(rectangle(117.15, 36.25, 117.25, 36.35));
  const areas: Area[] = [
    { ...area(D, '测试区', 'district'), ...withBoundary(rectangle(117.05, 36.15, 117.25, 36.35)) },
    { ...area(S1, '一街道', 'street'), ...west },
    { ...area(S2, '二街道', 'street'), ...east },
    { ...area(C1, '一社区', 'community'), ...west },
    { ...area(C2, '二社区', 'community'), ...east },
    { ...area(G1, '一社区第1网格', 'grid'), ...west },
    { ...area(G2, '二社区第1网格', 'grid'), ...east },
    { ...area(M1, '一社区第1网格1号微网格', 'microgrid'), gridworkerId: 'gw-1', ...west, lng: 117.1, lat: 36.2 },
    { ...area(M2, '二社区第1网格1号微网格', 'microgrid'), gridworkerId: 'gw-2', ...east, lng: 117.2, lat: 36.3 },
  ];
  const enterprise = (id: string, at: string, n: number): CensusEnterprise => ({
    id,
    uscc: uscc(n),
    name: `测试企业${n}`,
    kind: '企业',
    address: `测试路${n}号`,
    lng: 117.1,
    lat: 36.2,
    area: at,
    industry: '工贸',
    riskClass: 'B',
    tags: [],
    status: '在营',
    legalRepresentative: '张三',
    contacts: [{ name: '李四', phone: '13900000001' }],
    employees: 20,
  });
  const enterprises = [enterprise('ent-1', M1, 1), enterprise('ent-2', M1, 2), enterprise('ent-3', M2, 3)];
  const user = (id: string, name: string, grants: User['grants'], homeArea: string, extra: Partial<User> = {}): User => ({
    id,
    name,
    phone: '13812345678',
    grants,
    homeArea,
    ...extra,
  });
  const users: User[] = [
    user('pub-1', '公众甲', [{ role: 'public' }], 'public'),
    user('worker-1', '员工甲', [{ role: 'worker', enterpriseId: 'ent-1' }], M1),
    user('owner-1', '企业主甲', [{ role: 'enterprise_owner', enterpriseId: 'ent-1' }], M1),
    user('owner-3', '企业主丙', [{ role: 'enterprise_owner', enterpriseId: 'ent-3' }], M2),
    user('gw-1', '网格员甲', [{ role: 'gridworker', area: M1 }], G1, { gridworkerLevel: 2 }),
    user('gw-2', '网格员乙', [{ role: 'gridworker', area: M2 }], G2, { gridworkerLevel: 1 }),
    user('gw-free', '待分配网格员', [{ role: 'public' }], S1),
    user('sup-s1', '街道监管甲', [{ role: 'supervisor', area: S1 }], S1),
    user('sup-s2', '街道监管乙', [{ role: 'supervisor', area: S2 }], S2),
    user('sup-d', '区监管', [{ role: 'supervisor', area: D }], D),
    user('dept-d', '行业部门', [{ role: 'department', area: D }], D),
    user('enf-d', '执法人员', [{ role: 'enforcement', area: D }], D),
    user('guar-s1', '包保责任人', [{ role: 'guarantee_leader', area: S1 }], S1),
    user('admin-d', '区管理员', [{ role: 'admin', area: D }], D),
    user('admin-s1', '街道管理员', [{ role: 'admin', area: S1 }], S1),
    user('admin-s2', '街道管理员乙', [{ role: 'admin', area: S2 }], S2),
  ];
  return { areas, users, enterprises, paths: { D, S1, S2, C1, C2, G1, G2, M1, M2 } };
}

export const fixture = fixtureDistrict();
export const userById = (id: string) => fixture.users.find((u) => u.id === id)!;
