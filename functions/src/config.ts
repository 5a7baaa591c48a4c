import { NOTICE_KINDS, type NoticeKind } from '@safegrid/shared';
import type { WechatPayConfig } from './adapters/payments';

/** Everything the backend reads from its environment, read in one place. */
export interface Config {
  stage: string;
  tableName: string;
  bucketName: string;
  region: string;
  dynamodbEndpoint?: string;
  s3Endpoint?: string;
  jwtSecret: string;
  /** The Lambda API (locally the runner's port, scripts/local/runner.ts) and the census import worker's name. */
  lambdaEndpoint?: string;
  importFunction: string;
  /** The local sign-in page; only ever on in the local stage. */
  devLogin: boolean;
  wechat: {
    mode: 'local' | 'real';
    appId: string;
    appSecret: string;
    /** Token of the message push (mediaCheckAsync results), set in the mini-program's admin console. */
    pushToken: string;
    /** Subscribe-message template ids; an empty one is not sent (nor asked for). */
    templates: Record<NoticeKind, string>;
    /** Kinds whose template is a long-term subscription (WeChat-approved categories): accepting once allows every later message. */
    longTerm: NoticeKind[];
  };
  /** WeChat Pay's merchant transfer, for rewards paid to a reporter's WeChat balance. */
  payments: { mode: 'local' | 'real' } & WechatPayConfig;
  /** Per-user caps (usecases/rate-limits.ts); the load benchmark raises the report cap. */
  limits: { reportsPerHour: number; uploadsPerHour: number; remindersPerDay: number; invitationAttemptsPerHour: number };
}

/** The subscribe messages we send (shared/src/notices.ts; who gets which: usecases/notify.ts). */
export type { NoticeKind } from '@safegrid/shared';

const LOCAL_STAGES = new Set(['local', 'test']);

/** The stages that run on this machine (npm start, the tests): their secrets are environment variables with local defaults. */
export function isLocalStage(stage: string): boolean {
  return LOCAL_STAGES.has(stage);
}

/** The stage the environment names ('local' when none). */
export function stageOf(raw: NodeJS.ProcessEnv = process.env): string {
  return raw.STAGE || 'local';
}

/**
 * The values nobody may read from a function's configuration. Deployed stages read them from SSM
 * Parameter Store at run time (adapters/secrets.ts, loaded by deps.ts); local stages from the
 * environment, as everything else.
 */
export interface Secrets {
  jwtSecret: string;
  wechatAppSecret: string;
  wechatPushToken: string;
  wechatPayPrivateKey: string;
  wechatPayApiV3Key: string;
}

/** Secrets from the environment (local stages, and readConfig's callers that pass none). */
function secretsFromEnv(env: NodeJS.ProcessEnv, local: boolean): Secrets {
  return {
    jwtSecret: env.JWT_SECRET ?? (local ? 'safegrid-local-secret-not-for-deploy' : ''),
    wechatAppSecret: env.WECHAT_APP_SECRET ?? '',
    wechatPushToken: env.WECHAT_PUSH_TOKEN ?? (local ? 'local-push-token' : ''),
    wechatPayPrivateKey: env.WECHAT_PAY_PRIVATE_KEY ?? '',
    wechatPayApiV3Key: env.WECHAT_PAY_API_V3_KEY ?? '',
  };
}

/**
 * serverless.yml passes unset variables as empty strings: both count as absent. `secrets`, when
 * given (a deployed stage, from SSM), replace the secret environment variables; either way a
 * deployed stage refuses to start with a JWT secret shorter than 32 characters.
 */
export function readConfig(raw: NodeJS.ProcessEnv = process.env, secrets?: Secrets): Config {
  const env = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')) as NodeJS.ProcessEnv;
  const stage = env.STAGE ?? 'local';
  const local = LOCAL_STAGES.has(stage);
  const s = secrets ?? secretsFromEnv(env, local);
  const jwtSecret = s.jwtSecret;
  if (jwtSecret.length < 32 && !local) {
    throw new Error(
      secrets
        ? 'The SSM parameter jwt-secret must hold at least 32 characters (JWT_SECRET)'
        : 'JWT_SECRET must be set (≥ 32 characters) outside local stages',
    );
  }
  return {
    stage,
    tableName: env.TABLE_NAME ?? 'safegrid-local',
    bucketName: env.BUCKET_NAME ?? 'safegrid-local',
    region: env.AWS_REGION ?? 'cn-north-1',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT,
    s3Endpoint: env.S3_ENDPOINT,
    lambdaEndpoint: env.LAMBDA_ENDPOINT,
    importFunction: env.IMPORT_FUNCTION ?? `safegrid-${stage}-processImport`,
    jwtSecret,
    devLogin: local && env.DEV_LOGIN === 'true',
    wechat: {
      mode: env.WECHAT_MODE === 'real' ? 'real' : local ? 'local' : 'real',
      appId: env.WECHAT_APP_ID ?? '',
      appSecret: s.wechatAppSecret,
      pushToken: s.wechatPushToken,
      templates: {
        hazardAssigned: env.WECHAT_TPL_HAZARD_ASSIGNED ?? (local ? 'local-hazard-assigned' : ''),
        recheckDue: env.WECHAT_TPL_RECHECK_DUE ?? (local ? 'local-recheck-due' : ''),
        hazardOutcome: env.WECHAT_TPL_HAZARD_OUTCOME ?? (local ? 'local-hazard-outcome' : ''),
        commitmentDue: env.WECHAT_TPL_COMMITMENT_DUE ?? (local ? 'local-commitment-due' : ''),
        rewardOutcome: env.WECHAT_TPL_REWARD_OUTCOME ?? (local ? 'local-reward-outcome' : ''),
        newReport: env.WECHAT_TPL_NEW_REPORT ?? (local ? 'local-new-report' : ''),
        enforcementClue: env.WECHAT_TPL_ENFORCEMENT_CLUE ?? (local ? 'local-enforcement-clue' : ''),
      },
      // WECHAT_TPL_<KIND>_LONG_TERM=true marks a kind's template as long-term (e.g. WECHAT_TPL_RECHECK_DUE_LONG_TERM).
      longTerm: NOTICE_KINDS.filter((kind) => env[`WECHAT_TPL_${envName(kind)}_LONG_TERM`] === 'true'),
    },
    payments: {
      mode: env.WECHAT_PAY_MODE === 'real' ? 'real' : local ? 'local' : 'real',
      mchId: env.WECHAT_PAY_MCH_ID ?? '',
      appId: env.WECHAT_APP_ID ?? '',
      serialNo: env.WECHAT_PAY_SERIAL_NO ?? '',
      privateKey: s.wechatPayPrivateKey,
      apiV3Key: s.wechatPayApiV3Key,
      platformPublicKey: env.WECHAT_PAY_PUBLIC_KEY ?? '',
      notifyUrl: env.WECHAT_PAY_NOTIFY_URL ?? '',
      sceneId: env.WECHAT_PAY_SCENE_ID ?? '1000',
    },
    limits: {
      reportsPerHour: positive(env, 'RATE_LIMIT_REPORTS_PER_HOUR', 20),
      uploadsPerHour: positive(env, 'RATE_LIMIT_UPLOADS_PER_HOUR', 60),
      remindersPerDay: positive(env, 'RATE_LIMIT_REMINDERS_PER_DAY', 300),
      invitationAttemptsPerHour: positive(env, 'RATE_LIMIT_INVITATION_ATTEMPTS_PER_HOUR', 20),
    },
  };
}

/** hazardAssigned → HAZARD_ASSIGNED: a kind's part of its environment variables' names. */
export const envName = (kind: NoticeKind) => kind.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** A whole number ≥ 1 from the environment; a typo must not silently switch a limit off. */
function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return n;
}
