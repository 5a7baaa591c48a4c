import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Table } from 'dynamodb-toolbox/table';
import type { Config } from '../config';

/**
 * The single table. Keys are generic (pk/sk, gsi1pk/gsi1sk) so each entity shapes them for the
 * questions it answers; see the README's key design table.
 */
export function makeTable(config: Config) {
  const client = new DynamoDBClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    ...(config.dynamodbEndpoint
      ? {
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          // DynamoDB Local (Jetty) closes idle connections without a word; a pool of them kept alive
          // answered a request after a quiet spell with "socket hang up" on every retry (a 500 seen
          // in the browser tests). A new connection a request costs nothing on this machine.
          requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
        }
      : {}),
  });
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return new Table({
    name: config.tableName,
    documentClient,
    partitionKey: { name: 'pk', type: 'string' },
    sortKey: { name: 'sk', type: 'string' },
    indexes: Object.fromEntries(
      INDEXES.map((n) => [n, { type: 'global', partitionKey: { name: `${n}pk`, type: 'string' }, sortKey: { name: `${n}sk`, type: 'string' } }]),
    ) as Record<(typeof INDEXES)[number], { type: 'global'; partitionKey: { name: string; type: 'string' }; sortKey: { name: string; type: 'string' } }>,
  });
}
export type SafegridTable = ReturnType<typeof makeTable>;

/**
 * The global secondary indexes, each `<name>pk` / `<name>sk`, shared by the entities (each
 * shapes them for its own questions; docs/dynamodb.md): e.g. gsi1 area subtree, gsi2 by
 * industry or hazard state, gsi3 by risk class or reporter, gsi4 by guarantee leader or
 * enterprise, gsi5 by credit code or escalation due time, gsi6 overdue hazards (sparse).
 */
export const INDEXES = ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'gsi6'] as const;

/** The table's definition for CreateTable, used by the local stack and the tests (serverless.yml mirrors it; a test compares). */
export const TABLE_DEFINITION = {
  AttributeDefinitions: ['pk', 'sk', ...INDEXES.flatMap((n) => [`${n}pk`, `${n}sk`])].map((AttributeName) => ({
    AttributeName,
    AttributeType: 'S' as const,
  })),
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' as const },
    { AttributeName: 'sk', KeyType: 'RANGE' as const },
  ],
  GlobalSecondaryIndexes: INDEXES.map((n) => ({
    IndexName: n,
    KeySchema: [
      { AttributeName: `${n}pk`, KeyType: 'HASH' as const },
      { AttributeName: `${n}sk`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  })),
  BillingMode: 'PAY_PER_REQUEST' as const,
};

/**
 * The attribute DynamoDB's TTL reads (epoch seconds): short-lived items (rate-limit counters) carry
 * it and are deleted some time after it passes. serverless.yml enables TTL on it; so does ensureTable.
 */
export const TTL_ATTRIBUTE = 'ttl';

/**
 * Sort key for "everything under an area": `<path>/#<id>`. A query with begins_with `<area>/`
 * then matches the area itself and its descendants, and never a sibling whose code merely
 * starts the same (`c1/` is not a prefix of `c10/`).
 */
export const underArea = (area: string, id: string) => `${area}/#${id}`;
export const subtreePrefix = (area: string) => `${area}/`;
