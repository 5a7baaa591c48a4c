/**
 * Census import and ledger export, through the real handlers against DynamoDB Local and s3rver:
 * the presigned upload, the job, the worker (run inline), the report, idempotence, malformed
 * files, scope, and the exported workbook read back.
 */
import { ulid } from 'ulid';
import { ENTERPRISE_FIELD_LABELS, MAX_IMPORT_BYTES, XLSX_CONTENT_TYPE } from '@safegrid/shared';
import { deps, overrideDeps } from '../src/deps';
import { handler as createEnterprise } from '../src/handlers/createEnterprise';
import { handler as createUpload } from '../src/handlers/createUpload';
import { handler as exportEnterprises } from '../src/handlers/exportEnterprises';
import { handler as getImport } from '../src/handlers/getImport';
import { handler as importTemplate } from '../src/handlers/importTemplate';
import { handler as startImport } from '../src/handlers/startImport';
import { handler as processImport } from '../src/handlers/processImport';
import { readFirstSheet } from '../src/lib/xlsx';
import { type CellValue, workbookBuffer } from '../src/lib/xlsx-write';
import { ZipWriter, bufferSource } from '../src/lib/xlsx-zip';
import { HEADERS } from '../src/usecases/census-columns';
import { processImportJob } from '../src/usecases/census';
import { expectNothingWritten, fixture, invoke, policyOf, postUpload, setupTable, snapshot, tokenFor, userById, uscc } from './support';

const { M1, M2, S1 } = fixture.paths;
const as = (id: string) => tokenFor(userById(id));
// Some tests send many requests in a row; on a loaded 2-core machine they outlast 5 s.
jest.setTimeout(30_000);

const started: string[] = [];

beforeAll(async () => {
  await setupTable();
  overrideDeps({ importRunner: { start: async (id: string) => void started.push(id) } });
});

type Row = (CellValue | undefined)[];
const xlsx = (rows: Row[], name = '企业台账') => workbookBuffer([{ name, rows }]);
/** The table without the import jobs and the uploader's quota (each import uploads its file first): what an import may not touch. */
const outsideJobs = (items: string[]) => items.filter((i) => !i.includes('"pk":{"S":"IMPORT#') && !i.includes('"pk":{"S":"LIMIT#'));

/** The fixture's ent-n as a census row. */
function fixtureRow(n: number, changes: Partial<Record<keyof typeof ENTERPRISE_FIELD_LABELS, CellValue>> = {}): Row {
  const row: Record<string, CellValue | undefined> = {
    uscc: uscc(n),
    name: `测试企业${n}`,
    kind: '企业',
    address: `测试路${n}号`,
    lng: 117.1,
    lat: 36.2,
    area: n === 3 ? M2 : M1,
    industry: '工贸',
    riskClass: 'B',
    tags: '',
    status: '在营',
    legalRepresentative: '张三',
    safetyManager: undefined,
    contacts: '李四 13900000001',
    employees: 20,
    guaranteeLeaderId: undefined,
    ...changes,
  };
  return Object.keys(ENTERPRISE_FIELD_LABELS).map((k) => row[k]);
}

/** Upload through the presigned URL, start the job, run the worker inline; the job as getImport answers. */
async function importFile(user: string, bytes: Buffer, fileName = '普查.xlsx') {
  const token = await as(user);
  const upload = await invoke(createUpload, { method: 'POST', token, body: { purpose: 'census-import', fileName, contentType: XLSX_CONTENT_TYPE, size: bytes.length } });
  expect(upload.status).toBe(200);
  expect(await postUpload(upload.body, bytes, fileName)).toBe(204);
  const id = ulid();
  const start = await invoke(startImport, { method: 'POST', token, body: { id, key: upload.body.key, fileName } });
  if (start.status !== 200) return { start, job: undefined };
  expect(start.body.job).toMatchObject({ id, status: 'queued', fileName });
  expect(started).toContain(id);
  await processImportJob(deps(), id);
  const res = await invoke(getImport, { token, params: { id } });
  expect(res.status).toBe(200);
  return { start, job: res.body.job, key: upload.body.key as string, id };
}

const bad = uscc(101).slice(0, 17) + (uscc(101).endsWith('0') ? '1' : '0');
const goodRows: Row[] = [
  HEADERS,
  fixtureRow(101, { name: '新登记企业101', address: '新路101号' }),
  fixtureRow(0, { uscc: undefined, kind: '个体工商户', name: '老王小吃', address: '新路5号', area: '一社区第1网格1号微网格', industry: '餐饮', riskClass: 'D', tags: '燃气使用、人员密集', safetyManager: '王五 13900000005 店长', contacts: '王五 13900000005；王六 13900000006', employees: 3 }),
  fixtureRow(1, { employees: 25 }),
  fixtureRow(2),
  fixtureRow(102, { uscc: bad, riskClass: 'E', lng: '东经117' }),
  fixtureRow(103, { area: M2 }),
  [],
  fixtureRow(101, { name: '新登记企业101', address: '新路101号' }),
  fixtureRow(104, { name: '', contacts: '王五' }),
  fixtureRow(105, { area: '不存在的网格' }),
];

describe('census import', () => {
  let first: Awaited<ReturnType<typeof importFile>>;

  it('writes the valid rows and reports each rejected row with its number and reasons in Chinese', async () => {
    first = await importFile('admin-s1', await xlsx(goodRows));
    expect(first.job).toEqual({
      id: first.id,
      status: 'done',
      fileName: '普查.xlsx',
      createdAt: expect.any(String),
      finishedAt: expect.any(String),
      total: 9,
      created: 2,
      updated: 1,
      unchanged: 1,
      rejected: [
        { row: 6, reasons: { uscc: '统一社会信用代码：统一社会信用代码校验位不正确，请逐位核对营业执照', riskClass: '风险等级：“E”不是可选值，应为 A、B、C、D、红、橙、黄、蓝、绿 之一', lng: '经度：应为数字' } },
        { row: 7, reasons: { area: '所属网格不在您的管辖范围内' } },
        { row: 9, reasons: { uscc: '与第 2 行是同一企业，请合并为一行' } },
        { row: 10, reasons: { name: '名称：不能为空', contacts: '联系人：第1位应写成“姓名 电话”，多位用分号“；”分隔' } },
        { row: 11, reasons: { area: '所属网格：在您管辖的范围内没有名为“不存在的网格”的网格或微网格，请填写区域编号或正确的名称' } },
      ],
    });
    const list = await invoke(exportEnterprises, { method: 'POST', token: await as('sup-s1'), body: { area: M1 } });
    const rows = await download(list.body.url);
    const byName = new Map(rows.slice(1).map((r) => [r[1], r]));
    expect(byName.get('测试企业1')?.[14]).toBe(25);
    expect(byName.get('老王小吃')).toEqual(['', '老王小吃', '个体工商户', '新路5号', 117.1, 36.2, M1, '餐饮', 'D', '燃气使用、人员密集', '在营', '张三', '王五 13900000005 店长', '王五 13900000005；王六 13900000006', 3].map((v) => (v === '' ? undefined : v)));
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = outsideJobs(await snapshot());
    const again = await importFile('admin-s1', await xlsx(goodRows));
    expect(again.job).toMatchObject({ status: 'done', total: 9, created: 0, updated: 0, unchanged: 4 });
    expect(again.job!.rejected.map((r: { row: number }) => r.row)).toEqual([6, 7, 9, 10, 11]);
    expect(outsideJobs(await snapshot())).toEqual(before);
  });

  it('returns the same job for a retried start, and 409 for another body under the same id', async () => {
    const token = await as('admin-s1');
    const body = { id: first.id!, key: first.key!, fileName: '普查.xlsx' };
    const retry = await expectNothingWritten(() => invoke(startImport, { method: 'POST', token, body }));
    expect(retry.status).toBe(200);
    expect(retry.body.job).toEqual(first.job);
    const other = await expectNothingWritten(() => invoke(startImport, { method: 'POST', token, body: { ...body, fileName: '别的.xlsx' } }));
    expect(other.status).toBe(409);
  });

  it('shows a job to its creator and to supervisors and admins over its area only', async () => {
    const id = first.id!;
    for (const [user, status] of [['admin-d', 200], ['sup-s1', 200], ['sup-s2', 404], ['admin-s2', 404]] as const) {
      const res = await invoke(getImport, { token: await as(user), params: { id } });
      expect({ user, status: res.status }).toEqual({ user, status });
    }
    expect((await invoke(getImport, { token: await as('gw-1'), params: { id } })).status).toBe(403);
  });

  it('refuses to import a file someone else uploaded, writing nothing', async () => {
    const bytes = await xlsx(goodRows);
    const upload = await invoke(createUpload, {
      method: 'POST',
      token: await as('sup-s1'),
      body: { purpose: 'census-import', fileName: 'a.xlsx', contentType: XLSX_CONTENT_TYPE, size: bytes.length },
    });
    await postUpload(upload.body, bytes);
    const token = await as('admin-s1');
    for (const key of [upload.body.key, 'imports/admin-s1/../sup-s1/x.xlsx', 'templates/census-v2.xlsx']) {
      const res = await expectNothingWritten(() => invoke(startImport, { method: 'POST', token, body: { id: ulid(), key, fileName: 'a.xlsx' } }));
      expect({ key, status: res.status }).toEqual({ key, status: 403 });
    }
  });

  it('answers a file that is not an xlsx, empty or missing with a 4xx naming the file, writing nothing', async () => {
    const token = await as('admin-s1');
    const cases: [Buffer | undefined, number, string][] = [
      [Buffer.from('名称,地址\n测试,测试路\n'), 400, '不是 .xlsx 文件'],
      [undefined, 400, '文件不存在，请重新上传'],
    ];
    for (const [bytes, status, message] of cases) {
      let key = `imports/admin-s1/${ulid()}.xlsx`;
      if (bytes) {
        const upload = await invoke(createUpload, { method: 'POST', token, body: { purpose: 'census-import', fileName: 'a.xlsx', contentType: XLSX_CONTENT_TYPE, size: bytes.length } });
        await postUpload(upload.body, bytes);
        key = upload.body.key;
      }
      const res = await expectNothingWritten(() => invoke(startImport, { method: 'POST', token, body: { id: ulid(), key, fileName: 'a.xlsx' } }));
      expect({ status: res.status, message: res.body.error.fields?.key }).toEqual({ status, message });
    }
  });

  it('fails the job with a clear Chinese message for a damaged file, an empty workbook, wrong headers or no data rows', async () => {
    const good = await xlsx(goodRows);
    const damaged = Buffer.concat([good.subarray(0, 200), Buffer.alloc(good.length - 200, 7)]);
    const cases: [Buffer, RegExp][] = [
      [damaged, /^文件不是有效的 \.xlsx 格式/],
      [await xlsx([]), /^文件是空的/],
      [await xlsx([['企业名称', '地址', '电话'], ['某公司', '某路', '13900000000']]), /^表头不正确.*缺少列：名称、类型、经度.*无法识别的列：企业名称、电话/],
      [await xlsx([HEADERS]), /^文件只有表头/],
    ];
    for (const [bytes, error] of cases) {
      const before = outsideJobs(await snapshot());
      const { job } = await importFile('admin-s1', bytes);
      expect(job).toMatchObject({ status: 'failed', total: 0, created: 0, rejected: [] });
      expect(job!.error).toMatch(error);
      expect(outsideJobs(await snapshot())).toEqual(before);
    }
  });

  it('runs the worker from its Lambda handler, once per job', async () => {
    const bytes = await xlsx([HEADERS, fixtureRow(201, { name: '处理器企业' })]);
    const token = await as('sup-s1');
    const upload = await invoke(createUpload, { method: 'POST', token, body: { purpose: 'census-import', fileName: 'b.xlsx', contentType: XLSX_CONTENT_TYPE, size: bytes.length } });
    await postUpload(upload.body, bytes);
    const id = ulid();
    await invoke(startImport, { method: 'POST', token, body: { id, key: upload.body.key, fileName: 'b.xlsx' } });
    await Promise.all([processImport({ jobId: id }), processImport({ jobId: id })]);
    const res = await invoke(getImport, { token, params: { id } });
    expect(res.body.job).toMatchObject({ status: 'done', total: 1, created: 1 });
  });
});

describe('uploads', () => {
  const body = { purpose: 'census-import', fileName: '普查.xlsx', contentType: XLSX_CONTENT_TYPE, size: 1000 };

  it('hands an importer a presigned POST under their own prefix, for that type and up to 20 MB', async () => {
    const res = await invoke(createUpload, { method: 'POST', token: await as('sup-s1'), body });
    expect(res.status).toBe(200);
    expect(res.body.key).toMatch(/^imports\/sup-s1\/[0-9A-Z]{26}\.xlsx$/);
    // S3 refuses a POST outside the policy (s3rver does not check it; startImport checks the size and the bytes again).
    expect(policyOf(res.body.fields).conditions).toEqual(
      expect.arrayContaining([{ key: res.body.key }, ['eq', '$Content-Type', XLSX_CONTENT_TYPE], ['content-length-range', 1, MAX_IMPORT_BYTES]]),
    );
    expect(res.body.fields).toMatchObject({ key: res.body.key, 'Content-Type': XLSX_CONTENT_TYPE });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('answers 413 for a file over 20 MB that reached storage anyway, writing nothing', async () => {
    const token = await as('admin-s1');
    const big = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(21 * 1024 * 1024)]);
    const upload = await invoke(createUpload, { method: 'POST', token, body: { ...body, size: 1000 } });
    await deps().storage.putBuffer(upload.body.key, big, XLSX_CONTENT_TYPE);
    const res = await expectNothingWritten(() => invoke(startImport, { method: 'POST', token, body: { id: ulid(), key: upload.body.key, fileName: 'big.xlsx' } }));
    expect({ status: res.status, message: res.body.error.fields.key }).toEqual({ status: 413, message: '文件不能超过 20 MB' });
  });

  it('refuses another content type or more than 20 MB with 400 naming the field', async () => {
    const token = await as('admin-s1');
    const cases = [
      [{ contentType: 'application/vnd.ms-excel' }, 'contentType', '文件类型：只能上传 .xlsx 格式的 Excel 文件'],
      [{ size: 100 * 1024 * 1024 }, 'size', '文件大小：文件不能超过 20 MB'],
      [{ size: 0 }, 'size', '文件大小：文件为空'],
    ] as const;
    for (const [change, field, message] of cases) {
      const res = await expectNothingWritten(() => invoke(createUpload, { method: 'POST', token, body: { ...body, ...change } }));
      expect({ status: res.status, message: res.body.error.fields[field] }).toEqual({ status: 400, message });
    }
  });

  it('is refused to roles that do not import', async () => {
    for (const user of ['gw-1', 'pub-1', 'owner-1', 'dept-d', 'guar-s1']) {
      for (const [handler, req] of [
        [createUpload, { method: 'POST', body }],
        [startImport, { method: 'POST', body: { id: ulid(), key: `imports/${user}/${ulid()}.xlsx`, fileName: 'a.xlsx' } }],
        [importTemplate, {}],
      ] as const) {
        const res = await expectNothingWritten(() => invoke(handler, req as object));
        expect(res.status).toBe(401);
        const withRole = await expectNothingWritten(async () => invoke(handler, { ...(req as object), token: await as(user) }));
        expect({ user, status: withRole.status }).toEqual({ user, status: 403 });
      }
    }
  });
});

async function download(url: string): Promise<Row[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const rows: Row[] = [];
  for await (const r of readFirstSheet(bufferSource(Buffer.from(await res.arrayBuffer())))) rows.push(r.cells);
  return rows;
}

describe('template', () => {
  it('is an xlsx with the Chinese headers and an example row that imports as it is', async () => {
    const res = await invoke(importTemplate, { token: await as('admin-s1') });
    expect(res.status).toBe(200);
    const again = await invoke(importTemplate, { token: await as('sup-s1') });
    expect(again.status).toBe(200);
    const file = Buffer.from(await (await fetch(res.body.url)).arrayBuffer());
    const rows: Row[] = [];
    for await (const r of readFirstSheet(bufferSource(file))) rows.push(r.cells);
    expect(rows[0]).toEqual(['统一社会信用代码', '名称', '类型', '地址', '经度', '纬度', '所属网格', '行业', '风险等级', '特殊标签', '经营状态', '法定代表人', '安全管理员', '联系人', '从业人数', '包保责任人']);
    expect(rows).toHaveLength(2);
    expect(file.toString('latin1')).toContain('xl/worksheets/sheet2.xml');
    const { job } = await importFile('admin-s1', file, '模板.xlsx');
    expect(job).toMatchObject({ status: 'done', total: 1, created: 1, rejected: [] });
  });
});

describe('export', () => {
  it('gives a URL of an xlsx with Chinese headers and the rows in the caller’s area only', async () => {
    const res = await invoke(exportEnterprises, { method: 'POST', token: await as('sup-s2'), body: {} });
    expect(res.status).toBe(200);
    const rows = await download(res.body.url);
    expect(rows[0]).toEqual(HEADERS);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['测试企业3']);
    expect(res.body.rows).toBe(1);
    expect(rows[1]).toEqual(fixtureRow(3).map((v) => (v === '' ? undefined : v)));
  });

  it('exports the filtered list, and a supervisor’s export imports again unchanged', async () => {
    const token = await as('sup-d');
    const res = await invoke(exportEnterprises, { method: 'POST', token, body: { industry: '工贸' } });
    const rows = await download(res.body.url);
    expect(rows.length - 1).toBe(res.body.rows);
    expect(new Set(rows.slice(1).map((r) => r[7]))).toEqual(new Set(['工贸']));
    const all = await download((await invoke(exportEnterprises, { method: 'POST', token, body: {} })).body.url);
    const { job } = await importFile('sup-d', await xlsx(all));
    expect(job).toMatchObject({ status: 'done', total: all.length - 1, created: 0, updated: 0, unchanged: all.length - 1, rejected: [] });
  });

  it('masks phones for roles that see them masked, and scopes a gridworker to their grid', async () => {
    const admin = await download((await invoke(exportEnterprises, { method: 'POST', token: await as('admin-s1'), body: {} })).body.url);
    expect(admin.slice(1).every((r) => /^\S+ 1\d\d\*{4}\d{4}/.test(String(r[13])))).toBe(true);
    const gw = await invoke(exportEnterprises, { method: 'POST', token: await as('gw-1'), body: {} });
    expect(gw.status).toBe(200);
    expect((await download(gw.body.url)).slice(1).every((r) => r[6] === M1)).toBe(true);
    const outside = await expectNothingWritten(async () => invoke(exportEnterprises, { method: 'POST', token: await as('gw-1'), body: { area: S1 } }));
    expect(outside.status).toBe(403);
    for (const user of ['pub-1', 'owner-1', 'worker-1']) {
      const res = await expectNothingWritten(async () => invoke(exportEnterprises, { method: 'POST', token: await as(user), body: {} }));
      expect({ user, status: res.status }).toEqual({ user, status: 403 });
    }
  });
});

describe('reading workbooks written by Excel', () => {
  it('reads shared strings stored after the sheet, prefixed names, stored entries and rows with gaps', async () => {
    const parts: Buffer[] = [];
    const zip = new ZipWriter(async (c) => void parts.push(c));
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    await zip.add('[Content_Types].xml', ['<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>']);
    await zip.add('_rels/.rels', [`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${rel}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`]);
    await zip.add('xl/workbook.xml', [`<x:workbook xmlns:x="${main}" xmlns:r="${rel}"><x:sheets><x:sheet name="普查" sheetId="7" r:id="rId3"/></x:sheets></x:workbook>`]);
    await zip.add('xl/_rels/workbook.xml.rels', [
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="${rel}/worksheet" Target="worksheets/data.xml"/><Relationship Id="rId9" Type="${rel}/sharedStrings" Target="strs.xml"/></Relationships>`,
    ]);
    await zip.add('xl/worksheets/data.xml', [
      `<x:worksheet xmlns:x="${main}"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row>`,
      '<x:row r="4"><x:c r="B4"><x:v>1.5</x:v></x:c><x:c r="C4" t="inlineStr"><x:is><x:r><x:t>富</x:t></x:r><x:r><x:t>文本</x:t></x:r></x:is></x:c><x:c r="D4" t="b"><x:v>1</x:v></x:c><x:c r="E4" t="str"><x:f>A1</x:f><x:v>名称</x:v></x:c></x:row></x:sheetData></x:worksheet>',
    ]);
    await zip.add('xl/strs.xml', [`<sst xmlns="${main}"><si><t>名称</t></si><si><r><t xml:space="preserve">地 </t></r><r><t>址</t></r><rPh><t>ディ</t></rPh></si></sst>`]);
    await zip.finish();
    const rows: { row: number; cells: Row }[] = [];
    for await (const r of readFirstSheet(bufferSource(Buffer.concat(parts)))) rows.push(r);
    expect(rows).toEqual([
      { row: 1, cells: ['名称', undefined, '地 址'] },
      { row: 4, cells: [undefined, 1.5, '富文本', true, '名称'] },
    ]);
  });
});

describe('credit codes and the census layout (issue #16, item 7)', () => {
  /** The fixture's ent-n as the API's create body, field for field what fixtureRow(n) says. */
  const apiBody = (n: number, over: Record<string, unknown> = {}) => ({
    id: ulid(),
    uscc: uscc(n),
    name: `测试企业${n}`,
    kind: '企业',
    address: `测试路${n}号`,
    lng: 117.1,
    lat: 36.2,
    area: M1,
    industry: '工贸',
    riskClass: 'B',
    tags: [],
    status: '在营',
    legalRepresentative: '张三',
    contacts: [{ name: '李四', phone: '13900000001' }],
    employees: 20,
    ...over,
  });
  const create = async (body: object) => invoke(createEnterprise, { method: 'POST', token: await as('sup-s1'), body });

  it('refuses a code whose organisation code (positions 9–17) fails its own GB 11714 check, in the import and the API', async () => {
    // Its outer (GB 32100) check character is right; the embedded organisation code's is not (6, not 0).
    const code = '91370911MA3C0B1210';
    const message = '统一社会信用代码：统一社会信用代码第9至17位（组织机构代码）校验不正确，请逐位核对营业执照';
    const before = outsideJobs(await snapshot());
    const { job } = await importFile('admin-s1', await xlsx([HEADERS, fixtureRow(1201, { uscc: code })]));
    expect(job).toMatchObject({ status: 'done', total: 1, created: 0, rejected: [{ row: 2, reasons: { uscc: message } }] });
    expect(outsideJobs(await snapshot())).toEqual(before);
    const res = await expectNothingWritten(() => create(apiBody(1201, { uscc: code })));
    expect({ status: res.status, uscc: res.body.error.fields.uscc }).toEqual({ status: 400, uscc: message });
  });

  it('takes a lower-case code in the API and the import alike, keeping it upper-case', async () => {
    const res = await create(apiBody(1202, { uscc: ` ${uscc(1202).toLowerCase()} ` }));
    expect(res.status).toBe(200);
    expect(res.body.enterprise.uscc).toBe(uscc(1202));
    // The same code in lower case from a sheet is the same file; a new one is stored upper-case, so the API then finds it taken.
    const { job } = await importFile('admin-s1', await xlsx([HEADERS, fixtureRow(1202, { uscc: uscc(1202).toLowerCase() }), fixtureRow(1203, { uscc: uscc(1203).toLowerCase() })]));
    expect(job).toMatchObject({ status: 'done', total: 2, created: 1, unchanged: 1, rejected: [] });
    const taken = await expectNothingWritten(() => create(apiBody(1203, { name: '另一家' })));
    expect({ status: taken.status, uscc: taken.body.error.fields.uscc }).toEqual({ status: 409, uscc: '已登记' });
  });

  it('refuses a 企业 without a code in the import and the API, naming the field; a 个体工商户 may go without', async () => {
    const message = '统一社会信用代码：企业必须填写（只有个体工商户可以不填），请按营业执照填写18位代码';
    const { job } = await importFile('admin-s1', await xlsx([HEADERS, fixtureRow(1204, { uscc: undefined }), fixtureRow(1205, { uscc: undefined, kind: '个体工商户' })]));
    expect(job).toMatchObject({ status: 'done', total: 2, created: 1, rejected: [{ row: 2, reasons: { uscc: message } }] });
    const { uscc: _none, ...noCode } = apiBody(1206);
    const res = await expectNothingWritten(() => create(noCode));
    expect({ status: res.status, uscc: res.body.error.fields.uscc }).toEqual({ status: 400, uscc: message });
    expect((await create({ ...noCode, kind: '个体工商户' })).status).toBe(200);
  });

  it('finds the header below a title row, ignores an unknown 备注 column and says so, and numbers rows as the sheet does', async () => {
    const { job } = await importFile(
      'admin-s1',
      await xlsx([['某某街道企业普查表'], [], [...HEADERS, '备注'], [...fixtureRow(1207), '新开业'], [...fixtureRow(1208, { riskClass: 'E' }), '']]),
    );
    expect(job).toMatchObject({
      status: 'done',
      total: 2,
      created: 1,
      notes: ['以第3行为表头，其上方的标题等内容未导入', '已忽略无法识别的列：备注'],
      rejected: [{ row: 5, reasons: { riskClass: expect.stringMatching(/^风险等级：“E”不是可选值/) } }],
    });
  });

  it('still fails a file missing a required column, naming the header’s own row', async () => {
    const { job } = await importFile('admin-s1', await xlsx([['某某街道企业普查表'], [], HEADERS.filter((h) => h !== '名称'), fixtureRow(1209)]));
    expect(job).toMatchObject({ status: 'failed', total: 0, created: 0, rejected: [] });
    expect(job!.error).toMatch(/^表头不正确（第3行应为：统一社会信用代码、名称、.*）。缺少列：名称。请下载导入模板/);
  });

  it('says only that a code registered where the importer cannot see cannot be imported here', async () => {
    // ent-3 is in S2; admin-s1 holds S1, where this row would put it.
    const before = outsideJobs(await snapshot());
    const { job } = await importFile('admin-s1', await xlsx([HEADERS, fixtureRow(3, { area: M1, name: '换了名字的企业' })]));
    expect(job).toMatchObject({ status: 'done', total: 1, created: 0, updated: 0, rejected: [{ row: 2, reasons: { uscc: '该企业不能在此导入，请联系区级管理员核实' } }] });
    expect(JSON.stringify(job!.rejected)).not.toMatch(/管辖|登记|网格|二街道|测试企业3/);
    expect(outsideJobs(await snapshot())).toEqual(before);
  });
});
