/**
 * The census import worker: invoked asynchronously (InvocationType Event) by startImport with
 * `{ jobId }`; no HTTP event. Stops 30 s before Lambda's limit and says so on the job. A problem
 * with the file is written on the job, not thrown; what is thrown (an event without a job, the
 * table unreachable) is retried by Lambda and then lands in the on-failure queue.
 */
import { remainingMs } from '../adapters/metrics';
import { job } from '../lib/job';
import { processImportJob } from '../usecases/census';

export const handler = job<{ jobId?: string }>('processImport', async (d, event, context) => {
  if (typeof event?.jobId !== 'string') throw new Error('processImport: event without jobId');
  const remaining = remainingMs(context);
  await processImportJob(d, event.jobId, remaining ? { deadline: Date.now() + remaining - 30_000 } : {});
  return { job: event.jobId };
});
