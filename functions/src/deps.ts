import { type Clock, systemClock } from './adapters/clock';
import { type Ids, ulidIds } from './adapters/ids';
import { type ImportRunner, lambdaRunner } from './adapters/jobs';
import { type PaymentChannel, makePaymentChannel } from './adapters/payments';
import { S3Storage, type Storage } from './adapters/storage';
import { type WechatServer, makeWechatServer } from './adapters/wechat';
import { type Config, readConfig } from './config';
import { Tokens } from './lib/tokens';
import { type Entities, makeEntities } from './repos/entities';
import { makeTable } from './repos/table';

/** Everything a use case may touch, built once per Lambda container from the environment. */
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
}

let built: Deps | undefined;

/** Everything built from one configuration (the local stack builds its own to load the demo). */
export function makeDeps(config: Config): Deps {
  return {
    config,
    db: makeEntities(makeTable(config)),
    clock: systemClock,
    ids: ulidIds,
    wechat: makeWechatServer(config),
    payments: makePaymentChannel(config),
    storage: new S3Storage(config),
    importRunner: lambdaRunner(config),
    tokens: new Tokens(config.jwtSecret),
  };
}

export function deps(): Deps {
  built ??= makeDeps(readConfig());
  return built;
}

/** Tests swap an adapter (a fixed clock, the WeChat stand-in they inspect) through here. */
export function overrideDeps(partial: Partial<Deps>): Deps {
  built = { ...deps(), ...partial };
  return built;
}
