import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { XLSX_CONTENT_TYPE, type ImportJob } from '@safegrid/shared';
import LedgerImport, { POLL_MS } from '../src/packageLedger/pages/import/index';
import { formParts, reset, signIn, stubNavigation, stubNetwork, stubUploadFile, type Sent } from './helpers';
import { gridworker, supervisor } from './ledger-fixtures';

const PRESIGNED = 'https://s3.test/bucket';
const KEY = 'uploads/u-sup/census-01.xlsx';
const fields = { key: KEY, 'Content-Type': XLSX_CONTENT_TYPE, Policy: 'eyJjb25kaXRpb25zIjpbXX0=', 'X-Amz-Signature': 'abc' };
const upload = { key: KEY, url: PRESIGNED, fields, expiresAt: '2026-11-23T02:00:00.000Z' };

function job(over: Partial<ImportJob> = {}): ImportJob {
  return {
    id: 'job',
    status: 'queued',
    fileName: '普查台账.xlsx',
    createdAt: '2026-11-23T01:00:00.000Z',
    total: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
    ...over,
  };
}

/** Run as the WeChat build does (the jest setup is H5). */
const asWeapp = () => (process.env.TARO_ENV = 'weapp');

function stubChooseMessageFile(file: { name: string; size: number; path?: string }) {
  return jest
    .spyOn(Taro, 'chooseMessageFile')
    .mockImplementation((() =>
      Promise.resolve({ tempFiles: [{ path: 'wxfile://tmp/census.xlsx', time: 0, type: 'file', ...file }], errMsg: 'chooseMessageFile:ok' })) as never);
}


const advance = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms));
const polls = (sent: Sent[]) => sent.filter((s) => s.method === 'GET' && s.url.includes('/enterprises/imports/'));

beforeEach(() => stubNavigation());
afterEach(() => {
  jest.useRealTimers();
  process.env.TARO_ENV = 'h5';
  reset();
});

test('weapp: uploads the chosen .xlsx to the presigned POST, starts the job, polls every 2 s and reports the rejected rows', async () => {
  asWeapp();
  jest.useFakeTimers();
  signIn(supervisor);
  const uploads = stubUploadFile();
  const choose = stubChooseMessageFile({ name: '普查台账.xlsx', size: 5000 });
  let pollCount = 0;
  const sent = stubNetwork({
    'POST /uploads': { statusCode: 200, data: upload },
    'POST /enterprises/imports': (s) => ({ statusCode: 202, data: { job: job({ id: (s.data as { id: string }).id }) } }),
    'GET /enterprises/imports/*': (s) => {
      const id = new URL(s.url).pathname.split('/').pop()!;
      pollCount++;
      if (pollCount === 1) return { statusCode: 200, data: { job: job({ id, status: 'running', total: 120 }) } };
      return {
        statusCode: 200,
        data: {
          job: job({
            id,
            status: 'done',
            total: 4,
            created: 1,
            updated: 1,
            unchanged: 0,
            finishedAt: '2026-11-23T01:01:00.000Z',
            notes: ['以第3行为表头，其上方的标题等内容未导入', '已忽略无法识别的列：备注'],
            rejected: [
              { row: 3, reasons: { name: '名称：不能为空', 'contacts.0.phone': '联系电话：手机号格式不正确' } },
              { row: 5, reasons: { uscc: '与第 2 行是同一企业，请合并为一行' } },
            ],
          }),
        },
      };
    },
  });

  render(<LedgerImport />);
  fireEvent.click(screen.getByText('选择 Excel 文件'));
  expect(await screen.findByText('正在导入，请稍候（可离开本页，导入会继续进行）…')).toBeTruthy();
  expect(choose).toHaveBeenCalledWith({ count: 1, type: 'file', extension: ['xlsx'] });

  // createUpload with the file's name, type and size; then the file from its path, with the policy's fields.
  expect(sent[0]).toMatchObject({ method: 'POST', url: 'http://api.test/uploads' });
  expect(sent[0]!.data).toEqual({ purpose: 'census-import', fileName: '普查台账.xlsx', contentType: XLSX_CONTENT_TYPE, size: 5000 });
  expect(uploads).toEqual([{ url: PRESIGNED, filePath: 'wxfile://tmp/census.xlsx', name: 'file', formData: fields }]);
  expect(sent[1]).toMatchObject({ method: 'POST', url: 'http://api.test/enterprises/imports' });
  const started = sent[1]!.data as { id: string; key: string; fileName: string };
  expect(started).toEqual({ id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), key: upload.key, fileName: '普查台账.xlsx' });

  // Nothing asked before 2 s; then once per 2 s, for the job just started.
  await advance(POLL_MS - 100);
  expect(polls(sent)).toHaveLength(0);
  await advance(100);
  expect(polls(sent)).toHaveLength(1);
  expect(polls(sent)[0]!.url).toBe(`http://api.test/enterprises/imports/${started.id}`);
  expect(await screen.findByText('正在导入，已处理 120 行…')).toBeTruthy();
  await advance(POLL_MS);
  expect(polls(sent)).toHaveLength(2);

  expect(await screen.findByText('导入完成')).toBeTruthy();
  expect(screen.getByText('共 4 行：新增 1、更新 1、无变化 0、未导入 2')).toBeTruthy();
  expect(screen.getByText('第 3 行：名称：不能为空')).toBeTruthy();
  expect(screen.getByText('第 3 行：联系电话：手机号格式不正确')).toBeTruthy();
  expect(screen.getByText('第 5 行：统一社会信用代码：与第 2 行是同一企业，请合并为一行')).toBeTruthy();
  // What the import passed over is said with the report.
  expect(screen.getByText('以第3行为表头，其上方的标题等内容未导入')).toBeTruthy();
  expect(screen.getByText('已忽略无法识别的列：备注')).toBeTruthy();

  // Done: polling stops.
  await advance(POLL_MS * 3);
  expect(polls(sent)).toHaveLength(2);
});

test('a failed job shows its error and polling stops', async () => {
  asWeapp();
  jest.useFakeTimers();
  signIn(supervisor);
  stubUploadFile();
  stubChooseMessageFile({ name: '空表.xlsx', size: 8 });
  const error = '文件是空的：第一个工作表没有内容。请下载导入模板，按模板填写后重新上传';
  const sent = stubNetwork({
    'POST /uploads': { statusCode: 200, data: upload },
    'POST /enterprises/imports': { statusCode: 202, data: { job: job({ fileName: '空表.xlsx' }) } },
    'GET /enterprises/imports/*': { statusCode: 200, data: { job: job({ fileName: '空表.xlsx', status: 'failed', error }) } },
  });
  render(<LedgerImport />);
  fireEvent.click(screen.getByText('选择 Excel 文件'));
  await waitFor(() => expect(sent).toHaveLength(2));
  await advance(POLL_MS);
  expect(await screen.findByText('导入失败')).toBeTruthy();
  expect(screen.getByText(error)).toBeTruthy();
  expect(screen.queryByText(/^共 \d+ 行/)).toBeNull();
  await advance(POLL_MS * 3);
  expect(polls(sent)).toHaveLength(1);
});

test('an upload the storage refuses is reported and no import is started', async () => {
  asWeapp();
  signIn(supervisor);
  const uploads = stubUploadFile(403);
  stubChooseMessageFile({ name: '普查台账.xlsx', size: 8 });
  const sent = stubNetwork({ 'POST /uploads': { statusCode: 200, data: upload } });
  render(<LedgerImport />);
  fireEvent.click(screen.getByText('选择 Excel 文件'));
  expect(await screen.findByText('上传失败（403），请重新上传')).toBeTruthy();
  expect(uploads).toHaveLength(1);
  expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual(['POST http://api.test/uploads']);
});

test('weapp: refuses a .xls before anything is sent, with the schema message', async () => {
  asWeapp();
  signIn(supervisor);
  const uploads = stubUploadFile();
  stubChooseMessageFile({ name: '普查台账.xls', size: 5000 });
  const sent = stubNetwork({});
  render(<LedgerImport />);
  fireEvent.click(screen.getByText('选择 Excel 文件'));
  expect(await screen.findByText('文件类型：只能上传 .xlsx 格式的 Excel 文件')).toBeTruthy();
  expect(sent).toHaveLength(0);
  expect(uploads).toHaveLength(0);
});

describe('H5', () => {
  const fileInput = () => document.body.querySelector('input[type="file"]') as HTMLInputElement;
  const xlsx = (name: string, size: number) => {
    const file = new File([new Uint8Array([0x50, 0x4b, 3, 4])], name, { type: name.endsWith('.xlsx') ? XLSX_CONTENT_TYPE : 'application/vnd.ms-excel' });
    Object.defineProperty(file, 'size', { value: size });
    return file;
  };
  let fetchMock: jest.Mock;
  beforeEach(() => {
    fetchMock = jest.fn(() => Promise.resolve({ status: 204 }));
    (globalThis as { fetch?: unknown }).fetch = fetchMock;
  });
  afterEach(() => delete (globalThis as { fetch?: unknown }).fetch);

  test('refuses a file over 20 MB from the file input without any network call', async () => {
    signIn(supervisor);
    const sent = stubNetwork({});
    render(<LedgerImport />);
    fireEvent.click(screen.getByText('选择 Excel 文件'));
    const input = fileInput();
    expect(input.accept).toContain('.xlsx');
    fireEvent.change(input, { target: { files: [xlsx('大表.xlsx', 20 * 1024 * 1024 + 1)] } });
    expect(await screen.findByText('文件大小：文件不能超过 20 MB')).toBeTruthy();
    expect(sent).toHaveLength(0);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(fileInput()).toBeNull();
  });

  test('POSTs the File itself with fetch after the policy’s fields, then starts the import', async () => {
    signIn(supervisor);
    const sent = stubNetwork({
      'POST /uploads': { statusCode: 200, data: upload },
      'POST /enterprises/imports': { statusCode: 202, data: { job: job({ status: 'done', total: 2, created: 2 }) } },
    });
    render(<LedgerImport />);
    fireEvent.click(screen.getByText('选择 Excel 文件'));
    const file = xlsx('普查台账.xlsx', 4);
    fireEvent.change(fileInput(), { target: { files: [file] } });
    expect(await screen.findByText('共 2 行：新增 2、更新 0、无变化 0、未导入 0')).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledWith(PRESIGNED, { method: 'POST', body: expect.any(FormData) });
    expect(formParts(fetchMock.mock.calls[0][1])).toEqual([...Object.entries(fields), ['file', file]]);
    expect(sent.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(['POST /uploads', 'POST /enterprises/imports']);
  });

  test('下载导入模板 opens the template URL in a new tab', async () => {
    signIn(supervisor);
    stubNetwork({ 'GET /enterprises/import-template': { statusCode: 200, data: { url: 'https://s3.test/templates/census.xlsx' } } });
    const open = jest.spyOn(window, 'open').mockReturnValue({} as Window);
    render(<LedgerImport />);
    fireEvent.click(screen.getByText('下载导入模板'));
    await waitFor(() => expect(open).toHaveBeenCalledWith('https://s3.test/templates/census.xlsx', '_blank'));
  });
});

test('weapp: 下载导入模板 downloads the file and opens it with the share menu', async () => {
  asWeapp();
  signIn(supervisor);
  stubNetwork({ 'GET /enterprises/import-template': { statusCode: 200, data: { url: 'https://s3.test/templates/census.xlsx' } } });
  const download = jest
    .spyOn(Taro, 'downloadFile')
    .mockImplementation((() => Promise.resolve({ statusCode: 200, tempFilePath: 'wxfile://tmp/template.xlsx', errMsg: 'ok' })) as never);
  const openDocument = jest.spyOn(Taro, 'openDocument').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  render(<LedgerImport />);
  fireEvent.click(screen.getByText('下载导入模板'));
  await waitFor(() => expect(openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/template.xlsx', fileType: 'xlsx', showMenu: true }));
  expect(download).toHaveBeenCalledWith({ url: 'https://s3.test/templates/census.xlsx' });
});

test('roles other than supervisor and admin cannot import', () => {
  signIn(gridworker);
  stubNetwork({});
  render(<LedgerImport />);
  expect(screen.getByText('无权导入普查台账')).toBeTruthy();
  expect(screen.queryByText('选择 Excel 文件')).toBeNull();
});
