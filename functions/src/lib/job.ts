/**
 * The functions no HTTP request starts (the schedules, the census worker): deps with the stage's
 * secrets first, one log line, NearTimeout at the end, and a failure thrown back to Lambda. An
 * asynchronous invocation that throws is retried twice by Lambda and then lands in the on-failure
 * queue (serverless.yml, `destinations`), where the FailedInvocations alarm sees it.
 */
import type { Context } from 'aws-lambda';
import { noteNearTimeout, remainingMs } from '../adapters/metrics';
import { type Deps, loadDeps } from '../deps';
import { logLine } from './log';

export type JobHandler<E> = (event: E, context?: Context) => Promise<void>;

export function job<E>(name: string, run: (d: Deps, event: E, context: Context | undefined) => Promise<object | undefined>): JobHandler<E> {
  return async (event, context) => {
    const started = Date.now();
    const budget = remainingMs(context);
    let d: Deps | undefined;
    try {
      d = await loadDeps();
      const summary = await run(d, event, context);
      logLine({ level: 'info', route: name, ...(summary ?? {}), ms: Date.now() - started });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      logLine({ level: 'error', route: name, error: e.message, stack: e.stack, ms: Date.now() - started });
      throw error;
    } finally {
      if (d) noteNearTimeout(d.metrics, name, budget, remainingMs(context));
    }
  };
}
