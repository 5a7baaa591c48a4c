/**
 * Census import jobs. The job (`IMPORT#<id>` / `IMPORT`) holds the status and counts; the
 * rejected rows go into parts beside it (`IMPORT#<id>` / `REJECTED#0001`…), each well under
 * DynamoDB's 400 KB item limit, so a file with 10,000 bad rows still has its whole report.
 */
import { Entity } from 'dynamodb-toolbox/entity';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { $set } from 'dynamodb-toolbox/entity/actions/update/symbols';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { ImportJob } from '@safegrid/shared';
import type { Entities } from './entities';
import type { SafegridTable } from './table';

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

const jobSchema = item({
  id: string().key(),
  ownerId: string(),
  /** The importer's area (their first admin or supervisor grant): who else may read the job. */
  area: string(),
  key: string(),
  fileName: string(),
  status: string().enum(...IMPORT_STATUSES),
  createdAt: string(),
  startedAt: string().optional(),
  finishedAt: string().optional(),
  total: number(),
  created: number(),
  updated: number(),
  unchanged: number(),
  rejectedCount: number(),
  rejectedParts: number(),
  error: string().optional(),
  notes: list(string()).optional(),
  requestHash: string(),
});
export type ImportJobRecord = {
  id: string;
  ownerId: string;
  area: string;
  key: string;
  fileName: string;
  status: ImportStatus;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
  rejectedParts: number;
  error?: string;
  /** What the import passed over (a title row, unknown columns): shown with the report. */
  notes?: string[];
  requestHash: string;
};

const makeJobEntity = (table: SafegridTable) =>
  new Entity({ name: 'ImportJob', table, schema: jobSchema, timestamps: false, computeKey: ({ id }) => ({ pk: `IMPORT#${id}`, sk: 'IMPORT' }) });

const makeRejectedEntity = (table: SafegridTable) =>
  new Entity({
    name: 'ImportRejected',
    table,
    schema: item({ jobId: string().key(), part: number().key(), rows: string() }),
    computeKey: ({ jobId, part }) => ({ pk: `IMPORT#${jobId}`, sk: `REJECTED#${String(part).padStart(5, '0')}` }),
  });

const built = new WeakMap<SafegridTable, { jobs: ReturnType<typeof makeJobEntity>; rejected: ReturnType<typeof makeRejectedEntity> }>();
function entities(db: Entities) {
  let e = built.get(db.table);
  if (!e) built.set(db.table, (e = { jobs: makeJobEntity(db.table), rejected: makeRejectedEntity(db.table) }));
  return e;
}

const isConditionFailure = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

/** Creates the job unless one with this id exists; returns false when it did. */
export async function createJob(db: Entities, job: ImportJobRecord): Promise<boolean> {
  try {
    await entities(db).jobs.build(PutItemCommand).item(job).options({ condition: { attr: 'id', exists: false } }).send();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function getJob(db: Entities, id: string): Promise<ImportJobRecord | undefined> {
  const { Item } = await entities(db).jobs.build(GetItemCommand).key({ id }).send();
  return Item as ImportJobRecord | undefined;
}

/**
 * Takes a queued job for this worker (or a running one whose worker died: started before
 * `staleBefore`). False when another worker has it or it is finished.
 */
export async function claimJob(db: Entities, id: string, startedAt: string, staleBefore: string): Promise<boolean> {
  try {
    await entities(db)
      .jobs.build(UpdateItemCommand)
      .item({ id, status: 'running', startedAt })
      .options({
        condition: {
          or: [
            { attr: 'status', eq: 'queued' },
            { and: [{ attr: 'status', eq: 'running' }, { attr: 'startedAt', lt: staleBefore }] },
          ],
        },
      })
      .send();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export type JobProgress = Pick<ImportJobRecord, 'total' | 'created' | 'updated' | 'unchanged' | 'rejectedCount' | 'rejectedParts'>;

export async function updateJob(db: Entities, id: string, changes: Partial<JobProgress> & Partial<Pick<ImportJobRecord, 'status' | 'finishedAt' | 'error' | 'notes'>>) {
  const { notes, ...rest } = changes;
  await entities(db)
    .jobs.build(UpdateItemCommand)
    // A list is replaced whole ($set), not merged element by element into one that does not exist yet.
    .item({ id, ...rest, ...(notes ? { notes: $set(notes) } : {}) })
    .send();
}

export async function putRejectedPart(db: Entities, jobId: string, part: number, rows: ImportJob['rejected']) {
  await entities(db).rejected.build(PutItemCommand).item({ jobId, part, rows: JSON.stringify(rows) }).send();
}

/** Every rejected row of a job, in row order. */
export async function listRejected(db: Entities, jobId: string): Promise<ImportJob['rejected']> {
  const rows: ImportJob['rejected'] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.table
      .build(QueryCommand)
      .entities(entities(db).rejected)
      .query({ partition: `IMPORT#${jobId}`, range: { beginsWith: 'REJECTED#' } })
      .options({ exclusiveStartKey })
      .send();
    for (const part of page.Items ?? []) rows.push(...(JSON.parse(part.rows) as ImportJob['rejected']));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return rows.sort((a, b) => a.row - b.row);
}
