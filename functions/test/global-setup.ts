import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLogCapture } from '../../scripts/local/log-capture';
import { ensureBucket, freePort, startDynamo, startS3 } from '../../scripts/local/services';

/** One DynamoDB Local (in memory) and one s3rver for the whole run, on ports of their own; the run's log file. */
export default async function globalSetup() {
  const [dynamoPort, s3Port] = [await freePort(), await freePort()];
  const dynamo = await startDynamo(dynamoPort);
  const s3 = await startS3(s3Port, mkdtempSync(join(tmpdir(), 'safegrid-s3-')));
  await ensureBucket(s3.endpoint, 'safegrid-test');
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.S3_ENDPOINT = s3.endpoint;
  process.env.BUCKET_NAME = 'safegrid-test';
  (globalThis as { __engines?: unknown }).__engines = [dynamo, s3];
  startLogCapture();
}
