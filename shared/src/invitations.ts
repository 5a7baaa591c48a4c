/**
 * Invitations (邀请): every account made for someone else starts as one. An invitation names a
 * person (name, phone) and what they will hold (one grant); the person opens the mini-program and
 * binds their own WeChat identity to it, by the phone-number button (a pending invitation for that
 * phone), a one-time code, or the mini-program code (QR, `scene`) that names the invitation.
 * A rebind invitation names an existing account instead: accepting it moves that account to the
 * WeChat identity (and phone) that accepts it, for a person with a new phone or a new WeChat.
 */
import * as z from 'zod';
import type { Role } from './roles';
import { ChineseName, GrantSchema, Phone, RoleSchema, Ulid, UserView } from './schemas';

export const INVITATION_LIFETIME_DAYS = 7;

export const INVITATION_STATES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];
export const INVITATION_STATE_LABELS: Record<InvitationState, string> = {
  pending: '待接受',
  accepted: '已接受',
  revoked: '已撤销',
  expired: '已过期',
};

/** Staff accounts, which only an admin hands out (within the admin's own area). */
export const STAFF_ROLES = ['admin', 'supervisor', 'gridworker', 'guarantee_leader', 'department', 'enforcement'] as const satisfies readonly Role[];

/**
 * Who may invite someone into a role: admins invite staff; admins, supervisors and gridworkers
 * invite an enterprise's owner (over the enterprise's area); an owner invites their own workers.
 * Nobody is invited to be the public: that is everyone's first account.
 */
export function inviterRoles(role: Role): readonly Role[] {
  if ((STAFF_ROLES as readonly Role[]).includes(role)) return ['admin'];
  if (role === 'enterprise_owner') return ['admin', 'supervisor', 'gridworker'];
  if (role === 'worker') return ['enterprise_owner'];
  return [];
}

/** The roles an actor holding these roles may invite to (the app's role picker offers exactly these). */
export function invitableRoles(held: readonly Role[]): Role[] {
  const all: Role[] = [...STAFF_ROLES, 'enterprise_owner', 'worker'];
  return all.filter((r) => inviterRoles(r).some((i) => held.includes(i)));
}

/**
 * A one-time code a person types: 8 characters of an alphabet without 0/O, 1/I/L, so it survives
 * being read out over the phone; 32^8 ≈ 10^12 codes against a few attempts an hour per user.
 */
export const INVITE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITE_CODE_LENGTH = 8;
export const InviteCode = z
  .string()
  .trim()
  .toUpperCase()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(new RegExp(`^[${INVITE_CODE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`), `邀请码应为${INVITE_CODE_LENGTH}位字母或数字`))
  .describe('邀请码');

/** What a mini-program code (QR) carries: `i=<invitation id>`, within WeChat's 32 characters. */
export const invitationScene = (id: string) => `i=${id}`;
export const invitationIdOfScene = (scene: string): string | undefined => {
  const id = /^i=([0-9A-HJKMNP-TV-Z]{26})$/.exec(decodeURIComponent(scene))?.[1];
  return id;
};
/** The page a scanned invitation opens. */
export const INVITATION_PAGE = 'packageAccount/pages/invite/index';

export const CreateInvitationBody = z
  .strictObject({
    id: Ulid.describe('编号'),
    phone: Phone.describe('手机号'),
    name: ChineseName.optional().describe('姓名'),
    grant: GrantSchema.optional().describe('角色'),
    userId: z.string().min(1).max(40).optional().describe('要找回的账号'),
  })
  .superRefine((v, ctx) => {
    if (!v.grant === !v.userId) ctx.addIssue({ code: 'custom', path: ['grant'], message: '请选择要邀请的角色（或要找回的账号，二者选一）' });
    if (v.grant && !v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: '请填写被邀请人的姓名' });
  });
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

export const InvitationView = z.object({
  id: z.string(),
  name: z.string(),
  /** Masked: the inviter typed it; the list shows enough to tell people apart. */
  phone: z.string(),
  role: RoleSchema,
  roleLabel: z.string(),
  scopeName: z.string(),
  area: z.string(),
  enterpriseId: z.string().optional(),
  /** A rebind invitation: the account it moves to the accepting WeChat. */
  forUserId: z.string().optional(),
  state: z.enum(INVITATION_STATES),
  stateLabel: z.string(),
  createdAt: z.string(),
  createdByName: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().optional(),
  /** To those who manage it, while it is pending: the one-time code to hand over. */
  code: z.string().optional(),
  /** The mini-program code to scan (a presigned link to its image), while the invitation is pending. */
  qrUrl: z.string().optional(),
  canReissue: z.boolean(),
  canRevoke: z.boolean(),
});
export type InvitationView = z.infer<typeof InvitationView>;
export const InvitationResponse = z.object({ invitation: InvitationView });

export const ListInvitationsQuery = z.strictObject({
  area: z.string().max(120).optional().describe('区域'),
  enterpriseId: z.string().max(40).optional().describe('企业'),
  state: z.enum(INVITATION_STATES).optional().describe('状态'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const InvitationsResponse = z.object({ invitations: z.array(InvitationView), cursor: z.string().optional() });

export const UpdateInvitationBody = z.strictObject({ action: z.enum(['reissue', 'revoke']).describe('操作') });

/** One of: the typed code, the invitation a scanned QR named, or the phone-number button's code. */
export const AcceptInvitationBody = z
  .strictObject({
    code: InviteCode.optional(),
    invitationId: Ulid.optional().describe('邀请'),
    phoneCode: z.string().min(1).max(128).optional().describe('手机号授权码'),
  })
  .superRefine((v, ctx) => {
    const given = [v.code, v.invitationId, v.phoneCode].filter((x) => x !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['code'], message: '请输入邀请码，或扫描邀请二维码，或授权手机号' });
  });

/** What accepting did: the roles gained, and (after a rebind) the session of the account now bound. */
export const AcceptInvitationResponse = z.object({
  accepted: z.array(z.object({ roleLabel: z.string(), scopeName: z.string() })),
  user: UserView,
  session: z.object({ token: z.string(), expiresAt: z.string() }).optional(),
});

/** What the person who scanned sees before accepting: never the phone or name in full. */
export const InvitationPreviewResponse = z.object({
  roleLabel: z.string(),
  scopeName: z.string(),
  name: z.string(),
  inviterName: z.string(),
  state: z.enum(INVITATION_STATES),
  stateLabel: z.string(),
  expiresAt: z.string(),
  rebind: z.boolean(),
});

export const SetUserStatusBody = z.strictObject({ active: z.boolean().describe('账号状态') });
export const WorkerParams = z.strictObject({ id: z.string().min(1).max(40), userId: z.string().min(1).max(40) });
/** 我的员工: an enterprise's workers, and whether the caller may invite and remove them. */
export const WorkersResponse = z.object({ workers: z.array(UserView), canManage: z.boolean() });

/** The state an invitation is in now (a pending one past its time has expired). */
export function invitationState(i: { state: 'pending' | 'accepted' | 'revoked'; expiresAt: string }, now: Date): InvitationState {
  return i.state === 'pending' && Date.parse(i.expiresAt) <= now.getTime() ? 'expired' : i.state;
}
