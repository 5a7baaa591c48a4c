import { setTimeout as sleep } from 'node:timers/promises';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { ExecuteTransactWriteInput } from 'dynamodb-toolbox/entity/actions/transactWrite';

/** One item of a write transaction (a Put, Update, Delete or ConditionCheck of any entity). */
export type Write = Extract<ExecuteTransactWriteInput[number], { params: unknown }>;

type Cancelled = { name?: string; CancellationReasons?: { Code?: string }[] };

/** Why each item of a cancelled transaction failed ('ConditionalCheckFailed', 'TransactionConflict', 'None', …), or undefined for any other error. */
export function cancellationReasons(error: unknown): (string | undefined)[] | undefined {
  const e = error as Cancelled;
  if (e?.name !== 'TransactionCanceledException') return undefined;
  return (e.CancellationReasons ?? []).map((r) => r.Code);
}

const RETRYABLE = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * One transaction. Every move of the district adds to the district's counter items, so two
 * unrelated moves at the same moment can collide (TransactionConflict): those are retried with
 * jittered backoff. A failed condition is the caller's to explain and is thrown at once.
 */
export async function transact(writes: Write[], attempts = 8): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await execute(...(writes as never[]));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      const retryable = reasons
        ? !reasons.includes('ConditionalCheckFailed') && reasons.some((r) => r && RETRYABLE.has(r))
        : (error as { name?: string }).name === 'TransactionInProgressException';
      if (!retryable || attempt >= attempts) throw error;
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
}
