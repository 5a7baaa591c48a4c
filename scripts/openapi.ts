/**
 * `npm run openapi`: writes docs/openapi.json, the OpenAPI 3.1 document of the HTTP API, built from
 * the one contract (`api` in shared/src/api.ts: paths, zod schemas) and what each handler declares
 * (`declarations` in functions/src/lib/http.ts: who may call it). Nothing in it is written by hand,
 * so it cannot drift from the code; a test regenerates it and fails when the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ERROR_STATUS, ROLE_LABELS, type RouteContract, type RouteName, api } from '@safegrid/shared';
import { type Access, SCOPE_LABELS, type Scope, declarations } from '../functions/src/lib/http';
import { version } from '../package.json';

export const OPENAPI_FILE = join(__dirname, '..', 'docs', 'openapi.json');

type Json = Record<string, unknown>;
/** What a handler declares about its route: who may call it and whose records it reaches. */
export type Declaration = { access: Access; scope: Scope };

/** Imports every route's handler module, which records its declaration in `declarations`. */
export async function loadDeclarations(): Promise<ReadonlyMap<RouteName, Declaration>> {
  for (const name of Object.keys(api)) await import(`../functions/src/handlers/${name}`);
  return declarations as ReadonlyMap<RouteName, Declaration>;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  // Requests are described as a client sends them (before coercion), replies as the server sends them.
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function parameters(route: RouteContract): Json[] {
  const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const of = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!schema) return [];
    const s = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
    return Object.entries(s.properties ?? {}).map(([name, { description, ...property }]) => ({
      name,
      in: where,
      required: where === 'path' || (s.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: property,
    }));
  };
  const path = of(route.params, 'path');
  const names = path.map((p) => p.name);
  if (names.join() !== inPath.join()) throw new Error(`${route.path}: path parameters ${inPath.join()} but the params schema has ${names.join()}`);
  return [...path, ...of(route.query, 'query')];
}

function who(access: Access): string {
  if (access === 'anonymous') return '无需登录';
  if (access === 'anyone signed in') return '任何已登录用户';
  return `须登录，角色：${access.roles.map((r) => ROLE_LABELS[r]).join('、')}`;
}

function operation(name: RouteName, declaration: Declaration | undefined): Json {
  if (!declaration) throw new Error(`${name}: no handler declared this route (functions/src/handlers/${name}.ts)`);
  const route: RouteContract = api[name];
  const { access, scope } = declaration;
  const params = parameters(route);
  const roles = typeof access === 'object' ? access.roles : undefined;
  return {
    operationId: name,
    description: `调用者：${who(access)}。数据范围：${SCOPE_LABELS[scope]}，由业务逻辑逐条核对。`,
    ...(params.length ? { parameters: params } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
    responses: {
      '200': { description: '成功', content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } },
      '4XX': { $ref: '#/components/responses/ClientError' },
      '5XX': { $ref: '#/components/responses/ServerError' },
    },
    security: access === 'anonymous' ? [] : [{ bearer: [] }],
    ...(roles ? { 'x-safegrid-roles': roles } : {}),
    'x-safegrid-scope': scope,
  };
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** The OpenAPI 3.1 document: paths sorted, methods in contract order, so a diff shows only what changed. */
export function openApiDocument(declared: ReadonlyMap<RouteName, Declaration>): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const name of Object.keys(api) as RouteName[]) {
    const route: RouteContract = api[name];
    const methods = (paths[route.path] ??= {});
    const method = route.method.toLowerCase();
    if (methods[method]) throw new Error(`${route.method} ${route.path} is declared twice (${String(methods[method].operationId)}, ${name})`);
    methods[method] = operation(name, declared.get(name));
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '安全网格 SafeGrid API',
      version,
      description: '由共享契约（shared/src/api.ts 的 zod 模式）与各处理函数的权限声明生成，请勿手工编辑；运行 npm run openapi 重新生成。错误响应统一为 {"error":{"code","message","fields"}}。',
    },
    servers: [{ url: 'http://localhost:3000', description: '本地（npm start）' }],
    paths: Object.fromEntries(Object.keys(paths).sort().map((p) => [p, paths[p]])),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: '登录（POST /auth/wechat）得到的令牌，有效期 2 小时' } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: {
                code: { type: 'string', enum: Object.keys(ERROR_STATUS), description: '错误代码，HTTP 状态由它决定' },
                message: { type: 'string', description: '给用户看的中文说明，说明该怎么做' },
                fields: { type: 'object', additionalProperties: { type: 'string' }, description: '字段路径 → 该字段的中文错误' },
              },
              required: ['code', 'message'],
              additionalProperties: false,
            },
          },
          required: ['error'],
          additionalProperties: false,
        },
      },
      responses: {
        ClientError: errorResponse('请求有误（400 校验失败、401 未登录、403 无权、404 不存在或无权查看、409 冲突、413 过大、429 过于频繁）'),
        ServerError: errorResponse('服务出错（500，附请求编号）或依赖的服务暂不可用（503）'),
      },
    },
  };
}

export const openApiText = (doc: Json): string => `${JSON.stringify(doc, null, 2)}\n`;

if (require.main === module) {
  void loadDeclarations().then((declared) => {
    const doc = openApiDocument(declared);
    writeFileSync(OPENAPI_FILE, openApiText(doc));
    console.log(`已写入 ${OPENAPI_FILE}（${Object.values(doc.paths as Json).flatMap((p) => Object.keys(p as Json)).length} 个接口）`);
  });
}
