import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { EnterpriseView } from '@safegrid/shared';
import LedgerDetail from '../src/packageLedger/pages/detail/index';
import { formParts, reset, signIn, stubNavigation, stubNetwork, stubUploadFile } from './helpers';
import { department, history, owner, view } from './ledger-fixtures';

const shop = { key: 'photos/e1/01SHOP.jpg', kind: '门头照片' as const, url: 'https://s3.test/photos/e1/01SHOP.jpg?sig=1' };
const licence = { key: 'photos/e1/01LIC.png', kind: '营业执照' as const, url: 'https://s3.test/photos/e1/01LIC.png?sig=1' };
const NEW_KEY = 'photos/e1/01NEW.jpg';
const PRESIGNED = 'https://s3.test/bucket';
const FIELDS = { key: 'photos/e1/01NEW.jpg', 'Content-Type': 'image/jpeg', Policy: 'eyJjb25kaXRpb25zIjpbXX0=', 'X-Amz-Signature': 'abc' };

const imgs = (container: HTMLElement) => [...container.querySelectorAll('.photo-img')] as HTMLElement[];
const srcOf = (el: HTMLElement) => el.getAttribute('src') ?? (el as unknown as { src?: string }).src;

beforeEach(() => {
  (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = { id: 'e1' };
});
afterEach(() => {
  delete (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams;
  process.env.TARO_ENV = 'h5';
  reset();
});

function stubChooseMedia(file: { tempFilePath: string; size: number; fileType?: string; originalFileObj?: File }) {
  return jest.spyOn(Taro, 'chooseMedia').mockImplementation((() =>
    Promise.resolve({
      type: 'image',
      tempFiles: [{ duration: 0, height: 800, width: 600, thumbTempFilePath: '', fileType: 'image', ...file }],
      errMsg: 'chooseMedia:ok',
    })) as never);
}

test('shows each photo with its kind, previews on tap, and offers no changes to a reader', async () => {
  signIn(department);
  stubNetwork({ 'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ photos: [shop, licence] }), history } } });
  stubNavigation();
  const preview = jest.spyOn(Taro, 'previewImage').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = render(<LedgerDetail />);
  expect(await screen.findByText('照片')).toBeTruthy();
  const thumbs = imgs(container);
  expect(thumbs.map(srcOf)).toEqual([shop.url, licence.url]);
  expect(thumbs[0]!.getAttribute('mode')).toBe('aspectFill');
  expect([...container.querySelectorAll('.photo-kind')].map((c) => c.textContent)).toEqual(['门头照片', '营业执照']);
  fireEvent.click(thumbs[1]!);
  expect(preview).toHaveBeenCalledWith({ urls: [shop.url, licence.url], current: licence.url });
  expect(screen.queryByText('添加照片')).toBeNull();
  expect(container.querySelector('.photo-remove')).toBeNull();
});

test('an enterprise without photos shows the empty state', async () => {
  signIn(department);
  stubNetwork({ 'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view(), history } } });
  stubNavigation();
  render(<LedgerDetail />);
  expect(await screen.findByText('暂无照片')).toBeTruthy();
});

test('weapp: 添加照片 → kind → compressed image → createPhotoUpload → uploadFile to the POST → updateEnterprise with the photo appended', async () => {
  process.env.TARO_ENV = 'weapp';
  signIn(owner);
  const editable = ['safetyManager', 'contacts', 'employees', 'photos'];
  const readFile = jest.fn();
  jest.spyOn(Taro, 'getFileSystemManager').mockReturnValue({ readFile } as never);
  const uploads = stubUploadFile();
  const choose = stubChooseMedia({ tempFilePath: 'wxfile://tmp/shop-front.jpg', size: 345678 });
  const added = { key: NEW_KEY, kind: '营业执照' as const, url: 'https://s3.test/photos/e1/01NEW.jpg?sig=2' };
  const sent = stubNetwork({
    'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable, photos: [shop] }), history } },
    'POST /enterprises/e1/photo-uploads': { statusCode: 200, data: { key: NEW_KEY, url: PRESIGNED, fields: FIELDS, expiresAt: '2026-11-23T02:00:00.000Z' } },
    'PUT /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable, photos: [shop, added], version: 4 }), history } },
  });
  const nav = stubNavigation();
  const { container } = render(<LedgerDetail />);
  fireEvent.click(await screen.findByText('添加照片'));
  fireEvent.click(within(container.querySelector('.photo-kinds') as HTMLElement).getByText('营业执照'));

  await waitFor(() => expect(imgs(container)).toHaveLength(2));
  expect(choose).toHaveBeenCalledWith({ count: 1, mediaType: ['image'], sizeType: ['compressed'] });
  const calls = sent.slice(1);
  expect(calls.map((s) => `${s.method} ${s.url}`)).toEqual([
    'POST http://api.test/enterprises/e1/photo-uploads',
    'PUT http://api.test/enterprises/e1',
  ]);
  expect(calls[0]!.data).toEqual({ contentType: 'image/jpeg', size: 345678 });
  // The file goes from its path as WeChat's multipart POST, the policy's fields beside it.
  expect(uploads).toEqual([{ url: PRESIGNED, filePath: 'wxfile://tmp/shop-front.jpg', name: 'file', formData: FIELDS }]);
  expect(readFile).not.toHaveBeenCalled();
  expect(calls[1]!.data).toEqual({
    version: 3,
    changes: { photos: [{ key: shop.key, kind: '门头照片' }, { key: NEW_KEY, kind: '营业执照' }] },
  });
  expect(srcOf(imgs(container)[1]!)).toBe(added.url);
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已添加照片' }));
});

test('× removes a photo: updateEnterprise with the others', async () => {
  signIn(owner);
  const editable = ['contacts', 'photos'];
  const sent = stubNetwork({
    'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable, photos: [shop, licence] }), history } },
    'PUT /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable, photos: [licence], version: 4 }), history } },
  });
  stubNavigation();
  const modal = jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'ok' })) as never);
  const { container } = render(<LedgerDetail />);
  await screen.findByText('添加照片');
  fireEvent.click(container.querySelectorAll('.photo-remove')[0]!);
  await waitFor(() => expect(imgs(container)).toHaveLength(1));
  expect(modal).toHaveBeenCalledWith(expect.objectContaining({ content: '删除这张门头照片？' }));
  expect(sent[1]!.data).toEqual({ version: 3, changes: { photos: [{ key: licence.key, kind: '营业执照' }] } });
});

test('H5: an image type the API does not take is refused before anything is sent', async () => {
  signIn(owner);
  const sent = stubNetwork({ 'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable: ['photos'] }), history } } });
  stubNavigation();
  const heic = new File([new Uint8Array([1, 2, 3])], 'IMG_0001.HEIC', { type: 'image/heic' });
  stubChooseMedia({ tempFilePath: 'blob:http://localhost/abc', size: 3, originalFileObj: heic });
  const { container } = render(<LedgerDetail />);
  fireEvent.click(await screen.findByText('添加照片'));
  fireEvent.click(within(container.querySelector('.photo-kinds') as HTMLElement).getByText('门头照片'));
  expect(await screen.findByText('文件类型：只能上传 JPG、PNG 或 WebP 图片')).toBeTruthy();
  expect(sent).toHaveLength(1);
});

test("the API's error for the upload is shown and nothing is sent to storage", async () => {
  signIn(owner);
  const sent = stubNetwork({
    'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable: ['photos'] }), history } },
    'POST /enterprises/e1/photo-uploads': {
      statusCode: 400,
      data: { error: { code: 'VALIDATION_FAILED', message: '每个企业最多12张照片，请先删除不需要的照片', fields: { photos: '照片已满' } } },
    },
  });
  stubNavigation();
  const fetchMock = jest.fn();
  (globalThis as { fetch?: unknown }).fetch = fetchMock;
  const png = new File([new Uint8Array([1, 2, 3])], 'licence.png', { type: 'image/png' });
  stubChooseMedia({ tempFilePath: 'blob:http://localhost/png', size: 3, originalFileObj: png });
  const { container } = render(<LedgerDetail />);
  fireEvent.click(await screen.findByText('添加照片'));
  fireEvent.click(within(container.querySelector('.photo-kinds') as HTMLElement).getByText('其他'));
  expect(await screen.findByText('每个企业最多12张照片，请先删除不需要的照片')).toBeTruthy();
  expect(sent.map((s) => s.method)).toEqual(['GET', 'POST']);
  expect(sent[1]!.data).toEqual({ contentType: 'image/png', size: 3 });
  expect(fetchMock).not.toHaveBeenCalled();
  delete (globalThis as { fetch?: unknown }).fetch;
});

test('H5: the photo File is POSTed with fetch, after the policy’s fields', async () => {
  signIn(owner);
  const editable = ['photos'];
  const fetchMock = jest.fn(() => Promise.resolve({ status: 204 }));
  (globalThis as { fetch?: unknown }).fetch = fetchMock;
  const webp = new File([new Uint8Array([1, 2, 3, 4])], 'door.webp', { type: 'image/webp' });
  stubChooseMedia({ tempFilePath: 'blob:http://localhost/webp', size: 4, originalFileObj: webp });
  const after: Partial<EnterpriseView> = { editable, photos: [{ key: NEW_KEY, kind: '门头照片', url: 'https://s3.test/x.webp' }], version: 4 };
  const sent = stubNetwork({
    'GET /enterprises/e1': { statusCode: 200, data: { enterprise: view({ editable }), history } },
    'POST /enterprises/e1/photo-uploads': { statusCode: 200, data: { key: NEW_KEY, url: PRESIGNED, fields: FIELDS, expiresAt: '2026-11-23T02:00:00.000Z' } },
    'PUT /enterprises/e1': { statusCode: 200, data: { enterprise: view(after), history } },
  });
  stubNavigation();
  const { container } = render(<LedgerDetail />);
  fireEvent.click(await screen.findByText('添加照片'));
  fireEvent.click(within(container.querySelector('.photo-kinds') as HTMLElement).getByText('门头照片'));
  await waitFor(() => expect(imgs(container)).toHaveLength(1));
  expect(fetchMock).toHaveBeenCalledWith(PRESIGNED, { method: 'POST', body: expect.any(FormData) });
  expect(formParts((fetchMock.mock.calls[0] as unknown[])[1])).toEqual([...Object.entries(FIELDS), ['file', webp]]);
  expect(sent[1]!.data).toEqual({ contentType: 'image/webp', size: 4 });
  expect(sent[2]!.data).toEqual({ version: 3, changes: { photos: [{ key: NEW_KEY, kind: '门头照片' }] } });
  delete (globalThis as { fetch?: unknown }).fetch;
});
