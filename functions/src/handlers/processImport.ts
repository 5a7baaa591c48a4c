/**
 * The census import worker: invoked asynchronously (InvocationType Event) by startImport with
 * `{ jobId }`; no HTTP event. Stops 30 s before Lambda's limit and says so on the job.
 */
import type { Context } from 'aws-lambda';
import { deps } from '../deps';
import { logLine } from '../lib/log';
import { processImportJob } from '../usecases/census';

export async function handler(event: { jobId?: string }, context?: Context): Promise<void> {
  if (typeof event?.jobId !== 'string') {
    logLine({ level: 'error', route: 'processImport', error: 'event without jobId' });
    return;
  }
  const started = Date.now();
  const remaining = context?.getRemainingTimeInMillis?.();
  await processImportJob(deps(), event.jobId, remaining ? { deadline: started + remaining - 30_000 } : {});
  logLine({ level: 'info', route: 'processImport', job: event.jobId, ms: Date.now() - started });
}
