import { type Clock, systemClock } from './adapters/clock';
import { type Ids, ulidIds } from './adapters/ids';
import { type ImportRunner, lambdaRunner } from './adapters/jobs';
import { type Metrics, emfMetrics } from './adapters/metrics';
import { type PaymentChannel, makePaymentChannel } from './adapters/payments';
import { S3Storage, type Storage } from './adapters/storage';
import { type SecretStore, loadSecrets, secretsPath, ssmSecretStore } from './adapters/secrets';
import { type WechatServer, makeWechatServer } from './adapters/wechat';
import { type Config, type Secrets, isLocalStage, readConfig, stageOf } from './config';
import { logLine } from './lib/log';
import { Tokens } from './lib/tokens';
import { type Entities, makeEntities } from './repos/entities';
import { makeTable } from './repos/table';

/**
 * Everything a use case may touch, built once per Lambda container: from the environment in local
 * stages, from the environment and the stage's SSM secrets elsewhere (loadDeps).
 */
export interface Deps {
  config: Config;
  db: Entities;
  clock: Clock;
  ids: Ids;
  wechat: WechatServer;
  /** WeChat Pay's merchant transfer (rewards). */
  payments: PaymentChannel;
  storage: Storage;
  /** Starts the census import worker (asynchronously; tests run it inline). */
  importRunner: ImportRunner;
  tokens: Tokens;
  /** Business and health metrics as EMF log lines (adapters/metrics.ts): `d.metrics.count('HazardReported', 1, { source })`. */
  metrics: Metrics;
}

/** Everything built from one configuration (the local stack builds its own to load the demo). */
export function makeDeps(config: Config): Deps {
  return {
    config,
    db: makeEntities(makeTable(config), config.jwtSecret),
    clock: systemClock,
    ids: ulidIds,
    wechat: makeWechatServer(config),
    payments: makePaymentChannel(config),
    storage: new S3Storage(config),
    importRunner: lambdaRunner(config),
    tokens: new Tokens(config.jwtSecret),
    metrics: emfMetrics(config.stage),
  };
}

/** How long a container keeps the secrets it read; a rotated secret reaches every container within this. */
export const SECRETS_MAX_AGE_MS = 5 * 60_000;
/** After a failed re-read (the old secrets still serve), the next try. */
const RETRY_AFTER_FAILURE_MS = 60_000;

export interface DepsLoader {
  /**
   * Deps ready for a request or a job. Local stages: built from the environment at once, and never
   * a call to the secret store. Deployed stages: the stage's secrets read from SSM first (once per
   * container, again after SECRETS_MAX_AGE_MS; deps are rebuilt only when a value changed).
   */
  load(): Promise<Deps>;
  /** What load() last gave; in a local stage built on first use; in a deployed stage an error before the first load. */
  current(): Deps;
  /** Tests swap an adapter through here. */
  override(partial: Partial<Deps>): Deps;
}

export interface DepsLoaderOptions {
  env?: NodeJS.ProcessEnv;
  /** The secret store of deployed stages; SSM Parameter Store unless a test gives another. */
  store?: SecretStore;
  maxAgeMs?: number;
  now?: () => number;
  build?: (config: Config) => Deps;
}

export function depsLoader(options: DepsLoaderOptions = {}): DepsLoader {
  const env = options.env ?? process.env;
  const maxAge = options.maxAgeMs ?? SECRETS_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const build = options.build ?? makeDeps;
  let store = options.store;
  let built: Deps | undefined;
  let secrets: Secrets | undefined;
  let freshUntil = 0;
  let pending: Promise<Deps> | undefined;

  const local = () => isLocalStage(stageOf(env));

  function current(): Deps {
    if (built) return built;
    if (!local()) throw new Error('deps() before loadDeps(): a deployed stage reads its secrets from SSM first; await loadDeps() at the start of the handler');
    built = build(readConfig(env));
    return built;
  }

  async function refresh(): Promise<Deps> {
    try {
      store ??= ssmSecretStore(env.AWS_REGION);
      const fresh = await loadSecrets(store, secretsPath(env, stageOf(env)));
      if (!built || !secrets || JSON.stringify(fresh) !== JSON.stringify(secrets)) {
        // readConfig refuses a short JWT secret: the first load fails, a later one keeps what serves.
        built = build(readConfig(env, fresh));
        secrets = fresh;
      }
      freshUntil = now() + maxAge;
    } catch (error) {
      if (!built) throw error;
      freshUntil = now() + RETRY_AFTER_FAILURE_MS;
      logLine({ level: 'error', event: 'secrets-refresh-failed', error: (error as Error).message });
    }
    return built;
  }

  return {
    current,
    async load() {
      if (local()) return current();
      if (built && now() < freshUntil) return built;
      pending ??= refresh().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    override(partial) {
      built = { ...current(), ...partial };
      return built;
    },
  };
}

let container = depsLoader();

/** Tests run the handlers as a deployed stage runs them (its environment, an in-memory secret store); returns the loader replaced. */
export function useDepsLoader(loader: DepsLoader): DepsLoader {
  const replaced = container;
  container = loader;
  return replaced;
}

/** At the start of every handler (the middy stack's `before`, each job): deps with the stage's secrets. */
export function loadDeps(): Promise<Deps> {
  return container.load();
}

/** The container's deps, once loadDeps() has run (local stages: at once). */
export function deps(): Deps {
  return container.current();
}

/** Tests swap an adapter (a fixed clock, the WeChat stand-in they inspect) through here. */
export function overrideDeps(partial: Partial<Deps>): Deps {
  return container.override(partial);
}
