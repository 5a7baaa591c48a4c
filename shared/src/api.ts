import type * as z from 'zod';
import * as s from './schemas';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContract {
  method: HttpMethod;
  /** Path as the HTTP API declares it, `{name}` for a path parameter. */
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** Callable without a token. */
  anonymous?: true;
}

/** The API's contract, read by the handlers and by the mini-program's client alike. */
export const api = {
  wechatLogin: { method: 'POST', path: '/auth/wechat', body: s.WechatLoginBody, response: s.SessionResponse, anonymous: true },
  devUsers: { method: 'GET', path: '/auth/dev-users', response: s.DevUsersResponse, anonymous: true },
  devLogin: { method: 'POST', path: '/auth/dev', body: s.DevLoginBody, response: s.SessionResponse, anonymous: true },
  me: { method: 'GET', path: '/me', response: s.MeResponse },
  bindPhone: { method: 'POST', path: '/me/phone', body: s.BindPhoneBody, response: s.MeResponse },
  listAreas: { method: 'GET', path: '/areas', query: s.ListAreasQuery, response: s.AreasResponse },
  createArea: { method: 'POST', path: '/areas', body: s.CreateAreaBody, response: s.AreaResponse },
  assignGridworker: { method: 'PUT', path: '/areas/gridworker', body: s.AssignGridworkerBody, response: s.AreaResponse },
  listUsers: { method: 'GET', path: '/users', query: s.ListUsersQuery, response: s.UsersResponse },
  createUser: { method: 'POST', path: '/users', body: s.CreateUserBody, response: s.UserResponse },
  setGrants: { method: 'PUT', path: '/users/{id}/grants', params: s.IdParams, body: s.SetGrantsBody, response: s.UserResponse },
  setGridworkerLevel: {
    method: 'PUT',
    path: '/users/{id}/gridworker-level',
    params: s.IdParams,
    body: s.SetGridworkerLevelBody,
    response: s.UserResponse,
  },
  gridworkerHome: { method: 'GET', path: '/gridworker/grids', response: s.GridworkerHomeResponse },
} as const satisfies Record<string, RouteContract>;

export type Api = typeof api;
export type RouteName = keyof Api;
type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
export type BodyOf<R extends RouteName> = Infer<Api[R] extends { body: infer B } ? B : undefined>;
export type QueryOf<R extends RouteName> = Infer<Api[R] extends { query: infer Q } ? Q : undefined>;
export type ParamsOf<R extends RouteName> = Infer<Api[R] extends { params: infer P } ? P : undefined>;
export type ResponseOf<R extends RouteName> = z.infer<Api[R]['response']>;
