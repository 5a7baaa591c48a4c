/**
 * Files on the phone (weapp) and in the browser (H5): open a downloaded .xlsx or .pdf (and a ledger's
 * export, one way for every ledger), pick an .xlsx
 * or photos (compressed on the phone), send a file to a presigned storage POST, and the whole photo
 * upload (check → presign → send) that the ledger and the hazard loop share. The H5 branches are
 * dropped from the weapp build.
 */
import Taro from '@tarojs/taro';
import { validate } from '@safegrid/shared';
import { messageOf } from '../api/client';

/** A file the user picked: a local path (weapp, H5 photos) and/or the browser's File (H5). */
export interface PickedFile {
  name: string;
  size: number;
  /** The MIME type where the platform tells it (H5). */
  type?: string;
  path?: string;
  file?: Blob;
}

export class FileError extends Error {}

/** The message to show for an API error, a file problem or anything else. */
export function errorText(error: unknown): string {
  return error instanceof FileError ? error.message : messageOf(error);
}

/** 1.2 MB, 350 KB. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const cancelled = (e: unknown) => /cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? (e as Error)?.message ?? ''));

/** Open a generated .xlsx or .pdf: downloaded and shown by WeChat's document viewer (share/save from its menu); a new tab in H5. */
export async function openDocument(url: string, fileType: 'xlsx' | 'pdf'): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const opened = window.open(url, '_blank');
    if (!opened) window.location.href = url;
    return;
  }
  let filePath: string;
  try {
    const res = await Taro.downloadFile({ url });
    if (res.statusCode < 200 || res.statusCode >= 300) throw new FileError(`文件下载失败（${res.statusCode}），请稍后重试`);
    filePath = res.tempFilePath;
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new FileError('文件下载失败，请检查网络后重试');
  }
  try {
    await Taro.openDocument({ filePath, fileType, showMenu: true });
  } catch {
    throw new FileError('无法打开该文件，请稍后重试');
  }
}

/**
 * A ledger's 导出Excel: ask the API for the workbook, say how many rows it holds (or that there were
 * none), then open it; a failure is told in a toast or, when long, a dialog.
 */
export async function exportExcel(request: () => Promise<{ url: string; rows?: number | undefined }>, texts: { empty: string; unit: string }): Promise<void> {
  try {
    const res = await request();
    if (res.rows === 0) {
      void Taro.showToast({ title: texts.empty, icon: 'none' });
      return;
    }
    void Taro.showToast({ title: res.rows === undefined ? '已导出' : `已导出 ${res.rows} ${texts.unit}`, icon: 'success' });
    await openDocument(res.url, 'xlsx');
  } catch (e) {
    const message = errorText(e);
    if (message.length <= 14) void Taro.showToast({ title: message, icon: 'none', duration: 2500 }).catch(() => undefined);
    else void Taro.showModal({ title: '导出失败', content: message, showCancel: false }).catch(() => undefined);
  }
}

/** Ask the browser for one file (H5 only): a hidden file input, resolved with undefined when cancelled. */
function pickInBrowser(accept: string): Promise<File | undefined> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.className = 'ledger-file-input';
    const done = (file: File | undefined) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0]));
    input.addEventListener('cancel', () => done(undefined));
    document.body.appendChild(input);
    input.click();
  });
}

/** One .xlsx from a WeChat chat (weapp) or the file system (H5); undefined when the user cancels. */
export async function pickXlsx(): Promise<PickedFile | undefined> {
  if (process.env.TARO_ENV === 'h5') {
    const file = await pickInBrowser('.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return file ? { name: file.name, size: file.size, type: file.type, file } : undefined;
  }
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    const f = res.tempFiles[0];
    return f ? { name: f.name, size: f.size, path: f.path } : undefined;
  } catch (e) {
    if (cancelled(e)) return undefined;
    throw new FileError('无法选择文件，请从微信聊天中选择 Excel 文件');
  }
}

/** One GeoJSON file (a street's boundaries) from a WeChat chat (weapp) or the file system (H5); undefined when the user cancels. */
export async function pickGeoJson(): Promise<PickedFile | undefined> {
  if (process.env.TARO_ENV === 'h5') {
    const file = await pickInBrowser('.geojson,.json,application/geo+json,application/json');
    return file ? { name: file.name, size: file.size, type: file.type, file } : undefined;
  }
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['geojson', 'json'] });
    const f = res.tempFiles[0];
    return f ? { name: f.name, size: f.size, path: f.path } : undefined;
  } catch (e) {
    if (cancelled(e)) return undefined;
    throw new FileError('无法选择文件，请从微信聊天中选择 GeoJSON（.geojson）文件');
  }
}

const IMAGE_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
/** The MIME type from the browser, else from the file's extension ('' when unknown). */
export function imageType(path: string, type?: string): string {
  if (type && type.includes('/')) return type;
  const ext = /\.(\w+)(?:\?.*)?$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return IMAGE_TYPES[ext] ?? '';
}

type Chosen = { path: string; size: number; file?: File; type?: string };

/** The size of a local file (weapp), or undefined when the platform cannot tell. */
export function fileSize(filePath: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    try {
      Taro.getFileSystemManager().getFileInfo({ filePath, success: (res) => resolve(res.size), fail: () => resolve(undefined) });
    } catch {
      resolve(undefined);
    }
  });
}

/**
 * Compress a photo on the phone (weapp's compressImage; H5 has none): the smaller of the two is
 * kept, and anything that fails leaves the photo as it was chosen.
 */
async function compressed(chosen: Chosen): Promise<Chosen> {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.compressImage !== 'function') return chosen;
  try {
    const res = await Taro.compressImage({ src: chosen.path, quality: 80 });
    const size = await fileSize(res.tempFilePath);
    if (!size || size >= chosen.size) return chosen;
    return { path: res.tempFilePath, size };
  } catch {
    return chosen;
  }
}

/**
 * Up to `count` photos from the album or the camera, compressed on the phone; [] when the user
 * cancels. H5 keeps the browser's File, whose type and bytes the upload uses.
 */
export async function pickImages(count = 1): Promise<PickedFile[]> {
  let chosen: Chosen[];
  try {
    if (typeof Taro.chooseMedia === 'function') {
      const res = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'] });
      chosen = res.tempFiles.map((f) => ({ path: f.tempFilePath, size: f.size, file: f.originalFileObj, type: f.originalFileObj?.type }));
    } else {
      const res = await Taro.chooseImage({ count, sizeType: ['compressed'] });
      chosen = res.tempFiles.map((f) => ({ path: f.path, size: f.size, file: f.originalFileObj, type: f.originalFileObj?.type ?? f.type }));
    }
  } catch (e) {
    if (cancelled(e)) return [];
    throw new FileError('无法选择照片，请重试');
  }
  const out: PickedFile[] = [];
  for (const c of chosen.slice(0, count)) {
    const f = await compressed(c);
    const name = f.file?.name ?? f.path;
    out.push({ name, size: f.size, path: f.path, file: f.file, type: imageType(name, f.type) });
  }
  return out;
}

/** A presigned POST from the API: the policy's form fields, which go before the file. */
export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

/**
 * Send the file to a presigned POST: the policy's fields, then the file as the part named `file`
 * (S3 reads no field after it; the object's type is the policy's Content-Type field).
 * weapp: Taro.uploadFile, which streams the file from its path (never read into memory, and
 * WeChat's own upload, steadier on a weak signal); H5: fetch with a FormData.
 */
export async function sendFile(upload: PresignedPost, picked: PickedFile): Promise<void> {
  let status: number;
  if (process.env.TARO_ENV === 'h5') {
    let body: Blob;
    if (picked.file) body = picked.file;
    else {
      try {
        body = await (await fetch(picked.path!)).blob();
      } catch {
        throw new FileError('读取文件失败，请重新选择');
      }
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', body);
    try {
      status = (await fetch(upload.url, { method: 'POST', body: form })).status;
    } catch {
      throw new FileError('上传失败，请检查网络后重试');
    }
  } else {
    try {
      status = (await Taro.uploadFile({ url: upload.url, filePath: picked.path!, name: 'file', formData: upload.fields })).statusCode;
    } catch {
      throw new FileError('上传失败，请检查网络后重试');
    }
  }
  if (status < 200 || status >= 300) throw new FileError(`上传失败（${status}），请重新上传`);
}

/** Where a photo upload stands: asking the API for a presigned POST, then sending the file. */
export type UploadStage = 'signing' | 'uploading';

/**
 * Upload one image straight to storage: check its type and size with the route's own schema
 * (nothing is sent when they fail), ask the API for a presigned POST, send the file, and answer the
 * storage key the API will accept in a record. The body's type follows the schema (a photo route
 * takes JPEG, PNG or WebP; the signature route PNG only).
 */
export async function uploadImage<B extends { contentType: string; size: number }>(
  picked: PickedFile,
  options: {
    schema: Parameters<typeof validate<B>>[0];
    presign: (body: B) => Promise<PresignedPost & { key: string }>;
    onStage?: (stage: UploadStage) => void;
  },
): Promise<string> {
  const checked = validate(options.schema, { contentType: picked.type ?? '', size: picked.size });
  if (!checked.ok) throw new FileError(Object.values(checked.fields).join('；'));
  const body = checked.data;
  options.onStage?.('signing');
  const upload = await options.presign(body);
  options.onStage?.('uploading');
  await sendFile(upload, picked);
  return upload.key;
}
