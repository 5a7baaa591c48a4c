/**
 * The census (企业普查) import and the ledger export, as .xlsx.
 *
 * Import: createUpload hands out a PUT URL under `imports/<userId>/`; startImport records a job
 * and starts the worker; processImportJob reads the sheet as a stream (ZIP by ranged reads,
 * rows as they are inflated), checks every row with the shared schema, writes the valid ones
 * through importEnterpriseRow (idempotent: keyed by credit code, or name + address) a few at a
 * time, and records the counts and each rejected row with its reasons in Chinese.
 * Export: the filtered ledger, page by page, through the one ledger export (./exports).
 */
import { createHash } from 'node:crypto';
import {
  DomainError,
  FULL_PHONE_ROLES,
  MAX_IMPORT_BYTES,
  SNIFF_BYTES,
  XLSX_CONTENT_TYPE,
  areasOf,
  canReachArea,
  canSee,
  sniffType,
  type Actor,
  type Area,
  type CreateUploadBody,
  type ExportEnterprisesBody,
  type ImportJob,
  type StartImportBody,
} from '@safegrid/shared';
import type * as z from 'zod';
import { spend } from './rate-limits';
import { presignedUpload } from './uploads';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';
import { type SheetRow, XlsxError, readFirstSheet } from '../lib/xlsx';
import { workbookBuffer } from '../lib/xlsx-write';
import { getArea, listChildren } from '../repos/areas';
import { enterpriseKeyOf } from '../repos/enterprises';
import { type ImportJobRecord, claimJob, createJob, getJob, listRejected, putRejectedPart, updateJob } from '../repos/imports';
import { getUser } from '../repos/users';
import { COLUMNS, HEADERS, HEADER_SEARCH_ROWS, documentationRows, formatRow, headerScore, isBlank, mapHeaders, parseRow } from './census-columns';
import { allPages, exportWorkbook } from './exports';
import { importEnterpriseRow, queryEnterprises } from './ledger';
import { NameCache } from './views';

/** Who imports: supervisors and admins, inside their areas. */
export const IMPORTERS = ['admin', 'supervisor'] as const;
export const MAX_IMPORT_ROWS = 50_000;
// v2: the example code passes the organisation-code check; a stage still holding v1 would hand out one that does not.
export const TEMPLATE_KEY = 'templates/census-v2.xlsx';
/** Rows written at once: DynamoDB is I/O-bound, a handful in flight keeps it busy. */
const CONCURRENCY = 16;
/** A rejected-rows part is flushed to its own item at about this many bytes of JSON. */
const PART_BYTES = 200 * 1024;
/** A worker that has not finished this long after starting has died (Lambda's limit is 15 min). */
const STALE_MS = 16 * 60 * 1000;

/**
 * A row whose file is registered in an area the importer cannot see: saying so, or where, would
 * tell them about a business outside their areas, so the reason only says what to do.
 */
const NOT_HERE = '该企业不能在此导入，请联系区级管理员核实';

const importPrefix = (userId: string) => `imports/${userId}/`;
const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

function importerArea(actor: Actor): string {
  const area = areasOf(actor, ...IMPORTERS)[0];
  if (!area) throw new DomainError('FORBIDDEN', '您的角色不能导入企业台账');
  return area;
}

// ---- upload and template

export async function createUpload(d: Deps, actor: Actor, body: z.infer<typeof CreateUploadBody>) {
  importerArea(actor);
  await spend(d, actor.userId, 'upload');
  return presignedUpload(d, `${importPrefix(actor.userId)}${d.ids.next()}.xlsx`, body.contentType, MAX_IMPORT_BYTES);
}

export function templateWorkbook(): Promise<Buffer> {
  return workbookBuffer([
    { name: '企业台账', header: true, widths: COLUMNS.map((c) => c.width), rows: [HEADERS, COLUMNS.map((c) => c.example)] },
    { name: '填写说明', header: true, widths: [16, 10, 70, 60], rows: documentationRows() },
  ]);
}

/** The template, made once and kept in S3. */
export async function importTemplate(d: Deps) {
  const files = d.storage;
  if ((await files.size(TEMPLATE_KEY)) === undefined) await files.putBuffer(TEMPLATE_KEY, await templateWorkbook(), XLSX_CONTENT_TYPE);
  return { url: await files.downloadUrl(TEMPLATE_KEY, '企业台账导入模板.xlsx') };
}

// ---- jobs

function jobView(job: ImportJobRecord, rejected: ImportJob['rejected']): ImportJob {
  return {
    id: job.id,
    status: job.status,
    fileName: job.fileName,
    createdAt: job.createdAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    total: job.total,
    created: job.created,
    updated: job.updated,
    unchanged: job.unchanged,
    rejected,
    ...(job.notes?.length ? { notes: job.notes } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}

/** Records the job (once per client id) and starts the worker; the file is checked for what can be seen at once. */
export async function startImport(d: Deps, actor: Actor, body: z.infer<typeof StartImportBody>) {
  const area = importerArea(actor);
  const prefix = importPrefix(actor.userId);
  if (!body.key.startsWith(prefix) || body.key.slice(prefix.length).split('/').some((s) => s === '..' || s === '.' || s === '')) {
    throw new DomainError('FORBIDDEN', '只能导入您本人上传的文件', { key: '不是您上传的文件' });
  }
  const requestHash = hashOf({ ...body, userId: actor.userId });
  const existing = await getJob(d.db, body.id);
  if (existing) return retried(d, existing, requestHash);

  const files = d.storage;
  const source = await files.source(body.key);
  if (!source) throw new DomainError('VALIDATION_FAILED', '上传的文件不存在或已过期，请重新上传', { key: '文件不存在，请重新上传' });
  if (source.size > MAX_IMPORT_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，请拆分后分批导入`, { key: `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB` });
  }
  if (source.size === 0) throw new DomainError('VALIDATION_FAILED', '上传的文件是空的，请检查后重新上传', { key: '文件为空' });
  if (sniffType(await source.read(0, SNIFF_BYTES)) !== 'application/zip') {
    throw new DomainError('VALIDATION_FAILED', '文件不是 .xlsx 格式（.xls、.csv 等请用 Excel 另存为 .xlsx），请使用导入模板', { key: '不是 .xlsx 文件' });
  }

  const job: ImportJobRecord = {
    id: body.id,
    ownerId: actor.userId,
    area,
    key: body.key,
    fileName: body.fileName,
    status: 'queued',
    createdAt: d.clock.now().toISOString(),
    total: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejectedCount: 0,
    rejectedParts: 0,
    requestHash,
  };
  if (!(await createJob(d.db, job))) return retried(d, (await getJob(d.db, body.id))!, requestHash);
  await d.importRunner.start(job.id);
  return { job: jobView(job, []) };
}

/** A retried start: the same job back (started again if it never ran); another body under the id is a 409. */
async function retried(d: Deps, job: ImportJobRecord, requestHash: string) {
  if (job.requestHash !== requestHash) throw new DomainError('CONFLICT', '该编号已被另一个导入任务使用，请重新选择文件导入', { id: '编号已被使用' });
  if (job.status === 'queued') await d.importRunner.start(job.id);
  return { job: jobView(job, job.rejectedParts ? await listRejected(d.db, job.id) : []) };
}

/** The job, to the one who started it and to supervisors and admins over its area; 404 to anyone else. */
export async function getImport(d: Deps, actor: Actor, id: string) {
  const job = await getJob(d.db, id);
  if (!job || !(job.ownerId === actor.userId || canSee(actor, { area: job.area }, ...IMPORTERS))) {
    throw new DomainError('NOT_FOUND', '导入任务不存在或您无权查看');
  }
  return { job: jobView(job, job.rejectedParts ? await listRejected(d.db, id) : []) };
}

// ---- the worker

/** Area column → path: a path as it is, a name looked up among the areas the importer holds. */
class AreaResolver {
  private byName?: Promise<Map<string, Area[]>>;
  constructor(
    private readonly d: Deps,
    private readonly roots: string[],
  ) {}

  private async load(): Promise<Map<string, Area[]>> {
    const byName = new Map<string, Area[]>();
    let level = (await Promise.all(this.roots.map((r) => getArea(this.d.db, r)))).filter((a): a is Area => Boolean(a));
    while (level.length) {
      for (const a of level) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
      level = (await Promise.all(level.map((a) => listChildren(this.d.db, a.path)))).flat();
    }
    return byName;
  }

  async resolve(raw: string): Promise<{ path: string } | { error: string }> {
    const value = raw.trim();
    if (/^[0-9A-Za-z_-]+(\/[0-9A-Za-z_-]+)*$/.test(value)) return { path: value };
    this.byName ??= this.load();
    const found = (await this.byName).get(value)?.filter((a) => a.level === 'grid' || a.level === 'microgrid') ?? [];
    if (found.length === 1) return { path: found[0]!.path };
    if (found.length > 1) return { error: `有${found.length}个名为“${value}”的网格，请改填区域编号` };
    return { error: `在您管辖的范围内没有名为“${value}”的网格或微网格，请填写区域编号或正确的名称` };
  }
}

export interface ProcessOptions {
  /** Epoch ms by which the worker must have stopped (Lambda's remaining time, less a margin). */
  deadline?: number;
}

/** File-level failure: the whole file is refused with this message. */
class FileProblem extends Error {}

/**
 * Runs one import job to the end. Safe to call twice: only a queued job (or one whose worker
 * died) is taken. Never throws for a problem with the file; the job says what it was.
 */
export async function processImportJob(d: Deps, jobId: string, options: ProcessOptions = {}): Promise<void> {
  const job = await getJob(d.db, jobId);
  if (!job) return;
  const now = d.clock.now();
  if (!(await claimJob(d.db, jobId, now.toISOString(), new Date(now.getTime() - STALE_MS).toISOString()))) return;

  const progress = { total: 0, created: 0, updated: 0, unchanged: 0, rejectedCount: 0, rejectedParts: 0 };
  const notes: string[] = [];
  let part: ImportJob['rejected'] = [];
  let partBytes = 0;
  const flush = async () => {
    if (!part.length) return;
    const rows = part;
    part = [];
    partBytes = 0;
    await putRejectedPart(d.db, jobId, ++progress.rejectedParts, rows);
  };
  const reject = async (row: number, reasons: Record<string, string>) => {
    progress.rejectedCount++;
    part.push({ row, reasons });
    partBytes += JSON.stringify(reasons).length * 3 + 20;
    if (partBytes >= PART_BYTES) await flush();
  };
  const finish = async (status: 'done' | 'failed', error?: string) => {
    await flush();
    await updateJob(d.db, jobId, { ...progress, status, finishedAt: d.clock.now().toISOString(), ...(notes.length ? { notes } : {}), ...(error ? { error } : {}) });
  };

  try {
    const user = await getUser(d.db, job.ownerId);
    const actor: Actor = { userId: job.ownerId, grants: user?.grants ?? [] };
    const roots = areasOf(actor, ...IMPORTERS);
    if (!roots.length) throw new FileProblem('导入人已没有导入权限，未导入任何内容');
    const source = await d.storage.source(job.key);
    if (!source) throw new FileProblem('上传的文件不存在或已过期，请重新上传');
    if (source.size > MAX_IMPORT_BYTES) throw new FileProblem(`文件超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，请拆分后分批导入`);

    const areas = new AreaResolver(d, roots);
    // The same grids and importer recur on every row: read each once per job.
    const names = new NameCache(d.db);
    const at = d.clock.now().toISOString();
    const seen = new Map<string, number>();
    const inFlight = new Set<Promise<void>>();
    let columns: Map<number, (typeof COLUMNS)[number]> | undefined;
    let failure: unknown;

    const write = async (row: number, fields: Parameters<typeof importEnterpriseRow>[2]) => {
      try {
        const outcome = await importEnterpriseRow(d, actor, fields, at, names);
        progress[outcome]++;
      } catch (error) {
        if (!(error instanceof DomainError) || error.status >= 500) failure ??= error;
        // The row's own grid is the importer's, so the refusal is about the file it matched elsewhere.
        else if (error.code === 'FORBIDDEN' && canReachArea(actor, fields.area, ...IMPORTERS)) await reject(row, { [fields.uscc ? 'uscc' : 'name']: NOT_HERE });
        else await reject(row, error.fields ?? { row: error.message });
      }
    };

    const dataRow = async ({ row, cells }: SheetRow) => {
      if (isBlank(cells)) return;
      if (++progress.total > MAX_IMPORT_ROWS) {
        progress.total--;
        throw new FileProblem(`文件超过 ${MAX_IMPORT_ROWS} 行，第 ${row} 行起未导入；请拆分后分批导入（重复导入不会产生重复数据）`);
      }
      if (options.deadline && Date.now() > options.deadline) {
        throw new FileProblem(`导入超时，第 ${row} 行起未导入；请重新导入该文件（已导入的行不会重复）`);
      }
      const resolved = new Map<string, Awaited<ReturnType<AreaResolver['resolve']>>>();
      const areaCell = [...columns!].find(([, c]) => c.field === 'area')?.[0];
      const rawArea = areaCell === undefined ? undefined : cells[areaCell];
      if (rawArea !== undefined && String(rawArea).trim()) resolved.set(String(rawArea), await areas.resolve(String(rawArea)));
      const parsed = parseRow(cells, columns!, (raw) => resolved.get(raw) ?? { path: raw });
      if (!parsed.ok) return reject(row, parsed.reasons);
      const key = enterpriseKeyOf(parsed.fields);
      const first = seen.get(key);
      if (first !== undefined) return reject(row, { [parsed.fields.uscc ? 'uscc' : 'name']: `与第 ${first} 行是同一企业，请合并为一行` });
      seen.set(key, row);
      const task: Promise<void> = write(row, parsed.fields).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
      if (progress.total % 1000 === 0) await updateJob(d.db, jobId, { total: progress.total });
    };

    // A title, a date or a note may sit above the header: the header is the one of the first
    // non-blank rows holding the most known column names, and the data rows follow it.
    const head: SheetRow[] = [];
    const findHeader = async () => {
      const scores = head.map((r) => headerScore(r.cells));
      const best = scores.indexOf(Math.max(...scores));
      const header = head[best]!;
      const headers = mapHeaders(header.cells, header.row);
      if (!headers.ok) throw new FileProblem(headers.error);
      columns = headers.at;
      if (best > 0) notes.push(`以第${header.row}行为表头，其上方的标题等内容未导入`);
      if (headers.ignored.length) notes.push(`已忽略无法识别的列：${headers.ignored.slice(0, 10).join('、')}${headers.ignored.length > 10 ? ` 等${headers.ignored.length}列` : ''}`);
      for (const r of head.slice(best + 1)) await dataRow(r);
    };

    for await (const r of readFirstSheet(source)) {
      if (failure) throw failure;
      if (columns) await dataRow(r);
      else if (!isBlank(r.cells) && head.push(r) === HEADER_SEARCH_ROWS) await findHeader();
    }
    if (!columns && head.length) await findHeader();
    await Promise.all(inFlight);
    if (failure) throw failure;
    if (!columns) throw new FileProblem('文件是空的：第一个工作表没有内容。请下载导入模板，按模板填写后重新上传');
    if (progress.total === 0) throw new FileProblem('文件只有表头，没有企业数据行，请填写后重新上传');
    await finish('done');
  } catch (error) {
    if (error instanceof FileProblem || error instanceof XlsxError) return finish('failed', error.message);
    logLine({ level: 'error', event: 'import-failed', job: jobId, error: (error as Error).message, stack: (error as Error).stack });
    await finish('failed', '导入过程中出现系统错误，已导入的行会保留；请稍后重新导入该文件（重复导入不会产生重复数据）');
  }
}

// ---- export

const PAGE = 500;

/** The filtered ledger in the census layout, as an .xlsx in S3; answers its URL and the row count. */
export function exportEnterprises(d: Deps, actor: Actor, filters: z.infer<typeof ExportEnterprisesBody>) {
  const rows = allPages((cursor) => queryEnterprises(d, actor, filters, { limit: PAGE, ...(cursor ? { cursor } : {}) }));
  async function* ledgerRows() {
    for await (const e of rows) yield formatRow(e, !canSee(actor, { area: e.area, enterpriseId: e.id }, ...FULL_PHONE_ROLES));
  }
  return exportWorkbook(d, actor, '企业台账', [{ name: '企业台账', headers: HEADERS, widths: COLUMNS.map((c) => c.width), rows: ledgerRows() }]);
}
