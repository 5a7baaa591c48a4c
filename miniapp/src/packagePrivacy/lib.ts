import Taro from '@tarojs/taro';
import { FileError } from '../lib/files';

/**
 * Save data as a .json file the user keeps (PIPL's portability): a download in the browser; in
 * WeChat, written to the app's own files and handed to 发送给朋友 / 保存到手机, since WeChat has no
 * downloads folder.
 */
export async function saveJson(fileName: string, data: unknown): Promise<void> {
  const text = JSON.stringify(data, null, 2);
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
    return;
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
  await new Promise<void>((resolve, reject) =>
    Taro.getFileSystemManager().writeFile({ filePath, data: text, encoding: 'utf8', success: () => resolve(), fail: () => reject(new FileError('保存文件失败，请检查手机存储空间后重试')) }),
  );
  try {
    await Taro.shareFileMessage({ filePath, fileName });
  } catch (e) {
    if (!/cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? ''))) throw new FileError('无法发送文件，请稍后重试');
  }
}
