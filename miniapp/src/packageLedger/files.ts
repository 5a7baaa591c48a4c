/**
 * Files on the phone (weapp) and in the browser (H5): open a downloaded .xlsx, pick an .xlsx or a
 * photo, PUT its bytes to a presigned storage URL. The H5 branches are dropped from the weapp build.
 */
import Taro from '@tarojs/taro';

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

/** 1.2 MB, 350 KB. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const cancelled = (e: unknown) => /cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? (e as Error)?.message ?? ''));

/** Open a generated .xlsx: downloaded and shown by WeChat's document viewer (share/save from its menu); a new tab in H5. */
export async function openXlsx(url: string): Promise<void> {
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
    await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
  } catch {
    throw new FileError('无法打开该文件，请稍后重试');
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

const IMAGE_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
/** The MIME type from the browser, else from the file's extension ('' when unknown). */
export function imageType(path: string, type?: string): string {
  if (type && type.includes('/')) return type;
  const ext = /\.(\w+)(?:\?.*)?$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return IMAGE_TYPES[ext] ?? '';
}

/** One photo from the album or the camera, compressed on the phone; undefined when the user cancels. */
export async function pickImage(): Promise<PickedFile | undefined> {
  try {
    if (typeof Taro.chooseMedia === 'function') {
      const res = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'] });
      const f = res.tempFiles[0];
      if (!f) return undefined;
      const file = f.originalFileObj;
      return { name: file?.name ?? f.tempFilePath, size: f.size, path: f.tempFilePath, file, type: imageType(file?.name ?? f.tempFilePath, file?.type) };
    }
    const res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] });
    const f = res.tempFiles[0];
    if (!f) return undefined;
    const file = f.originalFileObj;
    return { name: file?.name ?? f.path, size: f.size, path: f.path, file, type: imageType(file?.name ?? f.path, file?.type ?? f.type) };
  } catch (e) {
    if (cancelled(e)) return undefined;
    throw new FileError('无法选择照片，请重试');
  }
}

function readBytes(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath,
      success: (res) => (typeof res.data === 'string' ? reject(new FileError('读取文件失败')) : resolve(res.data)),
      fail: () => reject(new FileError('读取文件失败，请重新选择')),
    });
  });
}

/**
 * PUT the file's bytes to a presigned URL with the Content-Type the URL was signed for.
 * weapp: read into an ArrayBuffer, then Taro.request; H5: fetch with the File as the body.
 */
export async function putFile(url: string, picked: PickedFile, contentType: string): Promise<void> {
  const header = { 'Content-Type': contentType };
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
    try {
      status = (await fetch(url, { method: 'PUT', body, headers: header })).status;
    } catch {
      throw new FileError('上传失败，请检查网络后重试');
    }
  } else {
    const data = await readBytes(picked.path!);
    try {
      status = (await Taro.request({ url, method: 'PUT', data, header, dataType: '其他', responseType: 'text' })).statusCode;
    } catch {
      throw new FileError('上传失败，请检查网络后重试');
    }
  }
  if (status < 200 || status >= 300) throw new FileError(`上传失败（${status}），请重新上传`);
}
