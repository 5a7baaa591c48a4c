/**
 * Where a deployed stage's secrets live: SSM Parameter Store, SecureString parameters under
 * `/safegrid/<stage>/` (SECRETS_PATH), read once per container and again after a few minutes, never
 * from the function's environment (anyone who may read a function's configuration reads its
 * environment). Local and test stages keep their environment variables and never come here.
 *
 * The store is an interface so the loading logic is tested against an in-memory one; the real one
 * is one GetParameters call (≤ 10 names, WithDecryption) on the SDK the Lambda runtime ships.
 * Powertools Parameters does the same with its own cache, but adds 14.4 KB to every bundle
 * (measured, minified), which the census worker cannot afford under the 350 KB budget; the cache
 * it would give is the loader's (deps.ts).
 */
import type { Secrets } from '../config';

export interface SecretStore {
  /** The decrypted values of these parameter names; a name the store does not hold is left out. */
  get(names: readonly string[]): Promise<Record<string, string>>;
}

/** Each secret's parameter name under the stage's path. Add one here and in Config; serverless.yml's IAM covers the path. */
export const SECRET_PARAMETERS: Record<keyof Secrets, string> = {
  jwtSecret: 'jwt-secret',
  wechatAppSecret: 'wechat-app-secret',
  wechatPushToken: 'wechat-push-token',
  wechatPayPrivateKey: 'wechat-pay-private-key',
  wechatPayApiV3Key: 'wechat-pay-api-v3-key',
};

/** `/safegrid/<stage>/`, or SECRETS_PATH; always one trailing slash. */
export function secretsPath(env: NodeJS.ProcessEnv, stage: string): string {
  const path = env.SECRETS_PATH || `/safegrid/${stage}/`;
  return path.endsWith('/') ? path : `${path}/`;
}

/** A deployed stage's secrets, every one required. The error names the missing parameters, never a value. */
export async function loadSecrets(store: SecretStore, path: string): Promise<Secrets> {
  const names = Object.fromEntries(Object.entries(SECRET_PARAMETERS).map(([key, name]) => [key, `${path}${name}`])) as Record<keyof Secrets, string>;
  let found: Record<string, string>;
  try {
    found = await store.get(Object.values(names));
  } catch (error) {
    const e = error as Error;
    throw new Error(`Could not read the secrets under ${path} from SSM Parameter Store (${e.name}: ${e.message}); the functions' role needs ssm:GetParameters on them`);
  }
  const missing = Object.values(names).filter((n) => typeof found[n] !== 'string' || found[n] === '');
  if (missing.length) {
    throw new Error(`Missing SSM parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: create each as a SecureString (docs/operations.md, "Secrets")`);
  }
  return Object.fromEntries(Object.entries(names).map(([key, name]) => [key, found[name]!])) as unknown as Secrets;
}

/**
 * The real store: SSM's GetParameters, decrypted, in batches of ten (its limit). The SDK (the
 * runtime's, never bundled) is loaded on first use, with require: CommonJS resolution finds the
 * runtime's SDK whatever the ES module resolver would make of it.
 */
export function ssmSecretStore(region?: string): SecretStore {
  let client: import('@aws-sdk/client-ssm').SSMClient | undefined;
  return {
    async get(names) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { SSMClient, GetParametersCommand } = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
      client ??= new SSMClient(region ? { region } : {});
      const values: Record<string, string> = {};
      for (let i = 0; i < names.length; i += 10) {
        const out = await client.send(new GetParametersCommand({ Names: names.slice(i, i + 10), WithDecryption: true }));
        for (const p of out.Parameters ?? []) if (p.Name && typeof p.Value === 'string') values[p.Name] = p.Value;
      }
      return values;
    },
  };
}

/** An in-memory store (tests; a machine without AWS): the values given, and every call's names, for inspection. */
export function memorySecretStore(values: Record<string, string>): SecretStore & { calls: string[][]; values: Record<string, string> } {
  const store = {
    values,
    calls: [] as string[][],
    async get(names: readonly string[]) {
      store.calls.push([...names]);
      return Object.fromEntries(names.filter((n) => n in store.values).map((n) => [n, store.values[n]!]));
    },
  };
  return store;
}
