/**
 * Secrets of deployed stages come from SSM Parameter Store at run time, never from the function's
 * environment. The loading logic runs against an in-memory store (SSM is not our
 * storage); the real store is run against a stand-in of SSM's wire protocol, to see the exact call
 * the functions' IAM must allow; and the handlers run as a deployed stage runs them, with the
 * table on DynamoDB Local.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { SECRET_PARAMETERS, loadSecrets, memorySecretStore, secretsPath, ssmSecretStore } from '../src/adapters/secrets';
import { readConfig } from '../src/config';
import { type DepsLoader, depsLoader, makeDeps, useDepsLoader } from '../src/deps';
import { handler as escalateOverdueJob } from '../src/handlers/escalateOverdue';
import { handler as me } from '../src/handlers/me';
import { Tokens } from '../src/lib/tokens';
import { setupTable, userById } from './support';

beforeAll(() => setupTable());

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PAY_PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PAY_PUBLIC_KEY = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const JWT = `jwt-from-ssm-${'s'.repeat(32)}`;

/** A deployed stage's environment as serverless.yml gives it: no secret in it. The table is this file's, on DynamoDB Local. */
function prodEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    STAGE: 'prod',
    AWS_REGION: 'cn-north-1',
    TABLE_NAME: process.env.TABLE_NAME,
    DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
    BUCKET_NAME: 'safegrid-prod-files',
    SECRETS_PATH: '/safegrid/prod/',
    WECHAT_MODE: 'real',
    WECHAT_PAY_MODE: 'real',
    WECHAT_APP_ID: 'wx0000000000000000',
    WECHAT_PAY_MCH_ID: '1900000000',
    WECHAT_PAY_PUBLIC_KEY: PAY_PUBLIC_KEY,
    ...extra,
  };
}

/** Every parameter of the stage, with distinct values so each can be traced to its field. */
function stageParameters(path = '/safegrid/prod/', change: Record<string, string> = {}): Record<string, string> {
  return {
    [`${path}jwt-secret`]: JWT,
    [`${path}wechat-app-secret`]: 'app-secret-from-ssm',
    [`${path}wechat-push-token`]: 'push-token-from-ssm',
    [`${path}wechat-pay-private-key`]: PAY_PRIVATE_KEY,
    [`${path}wechat-pay-api-v3-key`]: 'apiv3-key-from-ssm-32-characters',
    ...change,
  };
}

const actor = { userId: 'admin-d', grants: userById('admin-d').grants };

// Whatever failed above, the run's log (every line the functions wrote) holds no secret value.
afterAll(() => {
  const file = process.env.SAFEGRID_LOG_FILE;
  if (!file || !existsSync(file)) return;
  const log = readFileSync(file, 'utf8');
  for (const value of [...Object.values(stageParameters()), 'short-secret-0123456789']) expect(log.includes(value)).toBe(false);
});

describe('local and test stages keep their environment variables', () => {
  it.each(['local', 'test'])('%s never asks the secret store, and builds what readConfig reads from the environment', async (stage) => {
    const store = memorySecretStore(stageParameters());
    const env = { STAGE: stage, JWT_SECRET: 'x'.repeat(40), WECHAT_PUSH_TOKEN: 'env-push-token' };
    const loader = depsLoader({ env, store });
    const d = await loader.load();
    await loader.load();
    expect(store.calls).toEqual([]);
    expect(d.config).toEqual(readConfig(env));
    expect(d.config).toMatchObject({ jwtSecret: 'x'.repeat(40), wechat: { pushToken: 'env-push-token' } });
    expect(loader.current()).toBe(d);
  });

  it('keeps the local defaults when nothing is set', async () => {
    const d = await depsLoader({ env: { STAGE: 'local' }, store: memorySecretStore({}) }).load();
    expect(d.config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(d.config.wechat.pushToken).toBe('local-push-token');
  });
});

describe('a deployed stage reads its secrets from the store', () => {
  it('fills every secret of the configuration from its parameter, and none from the environment', async () => {
    const store = memorySecretStore(stageParameters());
    // A secret left in the environment (an old deploy) is ignored: the store is the only source.
    const d = await depsLoader({ env: prodEnv({ JWT_SECRET: 'y'.repeat(40) }), store }).load();
    expect(store.calls).toEqual([Object.values(SECRET_PARAMETERS).map((n) => `/safegrid/prod/${n}`)]);
    expect(d.config).toMatchObject({
      stage: 'prod',
      jwtSecret: JWT,
      wechat: { mode: 'real', appId: 'wx0000000000000000', appSecret: 'app-secret-from-ssm', pushToken: 'push-token-from-ssm' },
      payments: { mode: 'real', privateKey: PAY_PRIVATE_KEY, apiV3Key: 'apiv3-key-from-ssm-32-characters', platformPublicKey: PAY_PUBLIC_KEY },
    });
    // The tokens it issues are signed with the secret from the store.
    const { token } = await d.tokens.issue(actor, new Date());
    await expect(new Tokens(JWT).verify(token, new Date())).resolves.toBe('admin-d');
    await expect(new Tokens('y'.repeat(40)).verify(token, new Date())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('has no deps before the first load', () => {
    const loader = depsLoader({ env: prodEnv(), store: memorySecretStore(stageParameters()) });
    expect(() => loader.current()).toThrow(/loadDeps/);
  });

  it('reads the store once per container, again after the maximum age, and rebuilds only when a value changed', async () => {
    let now = 1_000_000;
    const store = memorySecretStore(stageParameters());
    const loader = depsLoader({ env: prodEnv(), store, maxAgeMs: 300_000, now: () => now });
    const [a, b] = await Promise.all([loader.load(), loader.load()]);
    expect(a).toBe(b);
    now += 299_000;
    expect(await loader.load()).toBe(a);
    expect(store.calls).toHaveLength(1);

    now += 2_000;
    expect(await loader.load()).toBe(a);
    expect(store.calls).toHaveLength(2);

    // A rotated secret reaches the container at the next read.
    store.values['/safegrid/prod/jwt-secret'] = `rotated-${'r'.repeat(32)}`;
    now += 300_001;
    const c = await loader.load();
    expect(store.calls).toHaveLength(3);
    expect(c).not.toBe(a);
    expect(c.config.jwtSecret).toBe(`rotated-${'r'.repeat(32)}`);
    expect(loader.current()).toBe(c);
  });

  it('keeps serving with the secrets it has when a later read fails, and tries again a minute later', async () => {
    let now = 0;
    const store = memorySecretStore(stageParameters());
    const loader = depsLoader({ env: prodEnv(), store, maxAgeMs: 300_000, now: () => now });
    const a = await loader.load();
    const get = store.get;
    store.get = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    now += 300_001;
    expect(await loader.load()).toBe(a);
    store.get = get;
    now += 30_000;
    expect(await loader.load()).toBe(a);
    expect(store.calls).toHaveLength(1);
    now += 31_000;
    expect(await loader.load()).toBe(a);
    expect(store.calls).toHaveLength(2);
  });

  it('reads under SECRETS_PATH, with or without its trailing slash', async () => {
    const store = memorySecretStore(stageParameters('/other/path/'));
    const d = await depsLoader({ env: prodEnv({ SECRETS_PATH: '/other/path' }), store }).load();
    expect(d.config.jwtSecret).toBe(JWT);
    expect(secretsPath({}, 'staging')).toBe('/safegrid/staging/');
  });
});

describe('a deployed stage refuses to start without its secrets, naming the parameter and never a value', () => {
  const values = Object.values(stageParameters());
  const expectNoValue = (message: string) => {
    for (const v of values) expect(message).not.toContain(v);
  };

  it('names a missing parameter', async () => {
    const present = stageParameters();
    delete present['/safegrid/prod/wechat-pay-api-v3-key'];
    const loader = depsLoader({ env: prodEnv(), store: memorySecretStore(present) });
    const error: Error = await loader.load().then(
      () => new Error('loaded'),
      (e) => e,
    );
    expect(error.message).toMatch(/^Missing SSM parameter \/safegrid\/prod\/wechat-pay-api-v3-key: create each as a SecureString/);
    expectNoValue(error.message);
    expect(() => loader.current()).toThrow(/loadDeps/);
  });

  it('names every missing parameter at once', async () => {
    await expect(loadSecrets(memorySecretStore({}), '/safegrid/prod/')).rejects.toThrow(
      'Missing SSM parameters /safegrid/prod/jwt-secret, /safegrid/prod/wechat-app-secret, /safegrid/prod/wechat-push-token, /safegrid/prod/wechat-pay-private-key, /safegrid/prod/wechat-pay-api-v3-key',
    );
  });

  it('refuses a JWT secret shorter than 32 characters', async () => {
    const short = 'short-secret-0123456789';
    const error: Error = await depsLoader({ env: prodEnv(), store: memorySecretStore(stageParameters(undefined, { '/safegrid/prod/jwt-secret': short })) })
      .load()
      .then(
        () => new Error('loaded'),
        (e) => e,
      );
    expect(error.message).toMatch(/jwt-secret must hold at least 32 characters/);
    expect(error.message).not.toContain(short);
  });

  it('says what failed when the store cannot be read (no permission), without a value', async () => {
    const store = memorySecretStore(stageParameters());
    store.get = async () => {
      throw Object.assign(new Error('User is not authorized to perform: ssm:GetParameters'), { name: 'AccessDeniedException' });
    };
    const error: Error = await depsLoader({ env: prodEnv(), store })
      .load()
      .then(
        () => new Error('loaded'),
        (e) => e,
      );
    expect(error.message).toMatch(/Could not read the secrets under \/safegrid\/prod\/ .*AccessDeniedException/);
    expectNoValue(error.message);
  });

  it('still refuses a deployed stage configured from the environment without JWT_SECRET', () => {
    expect(() => readConfig({ STAGE: 'prod' })).toThrow(/JWT_SECRET/);
  });
});

describe('the handlers, run as a deployed stage', () => {
  let replaced: DepsLoader;
  let store: ReturnType<typeof memorySecretStore>;
  beforeEach(() => {
    store = memorySecretStore(stageParameters());
    replaced = useDepsLoader(depsLoader({ env: prodEnv(), store }));
  });
  afterEach(() => {
    useDepsLoader(replaced);
  });

  const event = (token?: string) =>
    ({
      version: '2.0',
      rawPath: '/me',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      requestContext: { http: { method: 'GET', path: '/me' }, requestId: randomUUID() },
    }) as unknown as APIGatewayProxyEventV2;
  const context = () => ({ awsRequestId: randomUUID() }) as Context;

  it('load the secrets before the first request is handled, once, and accept only tokens signed with the stored secret', async () => {
    const signed = (await new Tokens(JWT).issue(actor, new Date())).token;
    const first = await me(event(signed), context());
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body!)).toMatchObject({ user: { id: 'admin-d' } });
    expect((await me(event(signed), context())).statusCode).toBe(200);
    expect(store.calls).toHaveLength(1);
    // A token signed with the local default secret is refused: the stored secret is the one in use.
    const local = (await makeDeps(readConfig({ STAGE: 'test' })).tokens.issue(actor, new Date())).token;
    expect((await me(event(local), context())).statusCode).toBe(401);
  });

  it('answer 500 with our error body when a parameter is missing', async () => {
    delete store.values['/safegrid/prod/jwt-secret'];
    const res = await me(event('whatever'), context());
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body!).error.code).toBe('INTERNAL');
  });

  it('run a schedule after loading the secrets', async () => {
    await escalateOverdueJob({}, context());
    expect(store.calls).toHaveLength(1);
  });

  it('fail a schedule (for Lambda to retry, then the on-failure queue) when a parameter is missing', async () => {
    delete store.values['/safegrid/prod/wechat-app-secret'];
    await expect(escalateOverdueJob({}, context())).rejects.toThrow('/safegrid/prod/wechat-app-secret');
  });
});

describe('the real store: one GetParameters call per ten names, decrypted', () => {
  let server: Server;
  const requests: { target: string; body: any }[] = [];
  const saved: Record<string, string | undefined> = {};
  const held = stageParameters();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        const body = JSON.parse(text);
        requests.push({ target: String(req.headers['x-amz-target']), body });
        const names: string[] = body.Names;
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({
            Parameters: names.filter((n) => n in held).map((n) => ({ Name: n, Type: 'SecureString', Value: held[n], Version: 1 })),
            InvalidParameters: names.filter((n) => !(n in held)),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const env = { AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await new Promise((resolve) => server.close(resolve));
  });

  it('asks SSM for the stage’s names with WithDecryption, and leaves out what it does not hold', async () => {
    const store = ssmSecretStore('cn-north-1');
    const names = [...Object.keys(held), ...Array.from({ length: 7 }, (_, i) => `/safegrid/prod/unknown-${i}`)];
    expect(await store.get(names)).toEqual(held);
    expect(requests.map((r) => r.target)).toEqual(['AmazonSSM.GetParameters', 'AmazonSSM.GetParameters']);
    expect(requests.map((r) => r.body)).toEqual([
      { Names: names.slice(0, 10), WithDecryption: true },
      { Names: names.slice(10), WithDecryption: true },
    ]);
    await expect(loadSecrets(store, '/safegrid/prod/')).resolves.toMatchObject({ jwtSecret: JWT, wechatPayPrivateKey: PAY_PRIVATE_KEY });
  });
});
