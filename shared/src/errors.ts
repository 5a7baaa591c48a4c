/** Every API error carries one of these codes; the HTTP status follows from the code. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A service we depend on (WeChat Pay) did not answer: try again later. */
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: Record<string, string> };
}

/** A failure the domain expects; the API turns it into its status and our error body. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Too many requests of one kind from one user; the API also says when to try again (Retry-After). */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', message);
  }
}

export const forbidden = (message = '您没有权限执行此操作，如需办理请联系上级管理员') =>
  new DomainError('FORBIDDEN', message);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what}不存在或您无权查看`);
export const conflict = (message: string) => new DomainError('CONFLICT', message);
export const invalid = (fields: Record<string, string>) =>
  new DomainError('VALIDATION_FAILED', `请检查填写内容：${Object.values(fields).join('；')}`, fields);
