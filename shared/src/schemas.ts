import * as z from 'zod';
import { AREA_LEVELS, GRIDWORKER_LEVELS } from './enums';
import { ROLES } from './roles';
import { USCC_MESSAGES, usccProblem } from './uscc';
import { BBoxSchema, BoundarySchema, BoundaryShape } from './boundaries';

/** Client-generated ids are ULIDs, so an offline phone can retry a create safely. */
export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, '应为26位ULID编号');

/** Area path: segments of letters, digits, - or _, joined by '/'. */
export const AreaPath = z
  .string()
  .min(1, '不能为空')
  .max(120, '不能超过120个字符')
  .regex(/^[0-9A-Za-z_-]+(\/[0-9A-Za-z_-]+)*$/, '区域编号格式不正确');

export const AreaCode = z.string().regex(/^[0-9A-Za-z_-]{1,20}$/, '编码只能包含字母、数字、-、_，最多20位');
export const ChineseName = z.string().trim().min(1, '不能为空').max(60, '不能超过60个字符');
export const Phone = z.string().regex(/^1[3-9]\d{9}$/, '应为11位手机号');
/** Typed or pasted codes arrive with spaces or in lower case: the API and the census import both keep them upper-cased. */
export const Uscc = z.string().trim().toUpperCase().superRefine((value, ctx) => {
  const problem = usccProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: USCC_MESSAGES[problem] });
});

export const RoleSchema = z.enum(ROLES);
export const AreaLevelSchema = z.enum(AREA_LEVELS);
export const GridworkerLevelSchema = z.union(GRIDWORKER_LEVELS.map((l) => z.literal(l)));

export const GrantSchema = z.strictObject({
  role: RoleSchema,
  area: AreaPath.optional(),
  enterpriseId: z.string().max(40).optional(),
});

export const GrantView = z.object({
  role: RoleSchema,
  roleLabel: z.string(),
  area: z.string().optional(),
  areaName: z.string().optional(),
  enterpriseId: z.string().optional(),
  enterpriseName: z.string().optional(),
});
export type GrantView = z.infer<typeof GrantView>;

export const UserView = z.object({
  id: z.string(),
  name: z.string(),
  /** Masked (138****5678) unless the caller is the user. */
  phone: z.string().optional(),
  gridworkerLevel: GridworkerLevelSchema.optional(),
  grants: z.array(GrantView),
  /** When an admin deactivated the account. */
  deactivatedAt: z.string().optional(),
});
export type UserView = z.infer<typeof UserView>;

export const AreaView = z.object({
  path: z.string(),
  code: z.string(),
  name: z.string(),
  level: AreaLevelSchema,
  parent: z.string().optional(),
  gridworkerId: z.string().optional(),
  gridworkerName: z.string().optional(),
  /** GCJ-02 lng/lat: the boundary (GeoJSON), its bbox, a point inside it. */
  boundary: BoundaryShape.optional(),
  bbox: BBoxSchema.optional(),
  lng: z.number().optional(),
  lat: z.number().optional(),
  /** Deactivated (停用): shown to admins, offered for nothing new. */
  deactivatedAt: z.string().optional(),
});
export type AreaView = z.infer<typeof AreaView>;

// ---- auth
export const WechatLoginBody = z.strictObject({ code: z.string().min(1, '不能为空').max(128, '过长').describe('登录凭证') });
export const DevLoginBody = z.strictObject({ userId: z.string().min(1, '不能为空').max(40, '过长') });
export const BindPhoneBody = z.strictObject({ code: z.string().min(1, '不能为空').max(128, '过长').describe('手机号授权码') });
/** 我的 → 姓名: the one thing a user sets about themselves (a WeChat sign-in starts as 微信用户). */
export const UpdateMeBody = z.strictObject({ name: z.string().trim().min(1, '不能为空').max(20, '不能超过20个字').describe('姓名') });
export const SessionResponse = z.object({ token: z.string(), expiresAt: z.string(), user: UserView });
export type SessionResponse = z.infer<typeof SessionResponse>;
export const MeResponse = z.object({ user: UserView });
export const DevUser = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  roleLabel: z.string(),
  scopeLabel: z.string(),
});
export type DevUser = z.infer<typeof DevUser>;
export const DevUsersResponse = z.object({ users: z.array(DevUser) });

// ---- areas
export const ListAreasQuery = z.strictObject({ parent: AreaPath.optional() });
export const AreasResponse = z.object({ areas: z.array(AreaView) });
export const AreaResponse = z.object({ area: AreaView });
export const CreateAreaBody = z.strictObject({
  parent: AreaPath,
  code: AreaCode,
  name: ChineseName,
  level: AreaLevelSchema,
  /** Optional: an area without one is not located to until it has one (set later with updateArea). */
  boundary: BoundarySchema.optional(),
});
export const AssignGridworkerBody = z.strictObject({
  area: AreaPath,
  userId: z.string().min(1, '不能为空').max(40, '过长'),
  /** Taking a grid from its current gridworker must be said explicitly. */
  replace: z.boolean().optional(),
});

// ---- users
export const ListUsersQuery = z.strictObject({
  area: AreaPath,
  role: RoleSchema.optional(),
  /** Part of the name, or the last 4 or more digits of the phone (the picker's search). */
  q: z.string().trim().min(1, '不能为空').max(20, '不能超过20个字符').optional().describe('关键词'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const UsersResponse = z.object({ users: z.array(UserView), cursor: z.string().optional() });
/** A person a search `q` finds: part of their name, or (4 to 11 digits) the end of their phone number. */
export function personMatches(person: { name: string; phone?: string }, q: string): boolean {
  const text = q.trim();
  if (!text) return true;
  return person.name.includes(text) || (/^\d{4,11}$/.test(text) && !!person.phone?.endsWith(text));
}
export const UserResponse = z.object({ user: UserView });
export const SetGrantsBody = z.strictObject({
  grants: z.array(GrantSchema).min(1, '至少需要一个角色').max(20, '最多20个角色'),
});
export const SetGridworkerLevelBody = z.strictObject({ level: GridworkerLevelSchema });
export const IdParams = z.strictObject({ id: z.string().min(1).max(40) });

// ---- gridworker home
export const GridSummary = z.object({
  path: z.string(),
  name: z.string(),
  level: AreaLevelSchema,
  communityName: z.string().optional(),
  enterpriseCount: z.number().int(),
  /** Files in this grid not verified for a month (月度更新). */
  dueCount: z.number().int(),
  microgrids: z.array(z.object({ path: z.string(), name: z.string() })),
});
export type GridSummary = z.infer<typeof GridSummary>;
export const GridworkerHomeResponse = z.object({
  level: GridworkerLevelSchema.optional(),
  grids: z.array(GridSummary),
});
export type GridworkerHomeResponse = z.infer<typeof GridworkerHomeResponse>;
