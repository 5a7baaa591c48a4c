import type { Config } from '../config';

/** Starts the import worker for a job, without waiting for it. */
export interface ImportRunner {
  start(jobId: string): Promise<void>;
}

/**
 * Invokes the `processImport` function asynchronously (InvocationType Event). Locally the API's
 * runner (scripts/local/runner.ts) serves the Lambda API too: LAMBDA_ENDPOINT points there.
 */
export function lambdaRunner(config: Config): ImportRunner {
  const endpoint = config.lambdaEndpoint;
  const functionName = config.importFunction;
  return {
    async start(jobId) {
      const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
      const client = new LambdaClient({
        region: config.region,
        endpoint,
        ...(endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
      });
      try {
        await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ jobId })) }));
      } finally {
        client.destroy();
      }
    },
  };
}
