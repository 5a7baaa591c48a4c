import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { CreateHazardPhotoUploadBody, MAX_HAZARD_PHOTOS } from '@safegrid/shared';
import { call } from '../../api/client';
import { FieldError } from '../../components/Field';
import { PhotoGrid, previewPhotos } from '../../components/PhotoGrid';
import { errorText, pickImages, uploadImage, type PickedFile } from '../../lib/files';
import { newId } from '../../lib/id';
import type { UploadItem } from '../lib';

const STAGE_TEXT = { signing: '准备上传…', uploading: '上传中…' } as const;

/**
 * Photos for a hazard, taken or chosen (compressed on the phone), each uploaded straight to storage
 * as soon as it is picked, one at a time (kind to a weak signal), with its own state: 上传中 / 已上传 /
 * 上传失败 (tap to retry). The items live with the caller, so a draft can keep them.
 */
export function PhotoUploader({
  items,
  setItems,
  max = MAX_HAZARD_PHOTOS,
  error,
  addText = '拍照或从相册选择',
}: {
  items: UploadItem[];
  setItems: Dispatch<SetStateAction<UploadItem[]>>;
  max?: number;
  error?: string;
  addText?: string;
}) {
  const [pickError, setPickError] = useState('');
  /** The browser's File of each photo picked in this session (H5), for uploads and retries. */
  const files = useRef(new Map<string, Blob>());
  /** One upload at a time. */
  const queue = useRef<Promise<void>>(Promise.resolve());

  const patch = (id: string, change: Partial<UploadItem>) => setItems((prev) => prev.map((p) => (p.id === id ? { ...p, ...change } : p)));

  const upload = (item: UploadItem) => {
    const picked: PickedFile = { name: item.name, size: item.size, type: item.type, path: item.path, file: files.current.get(item.id) };
    queue.current = queue.current.then(async () => {
      try {
        const key = await uploadImage(picked, {
          schema: CreateHazardPhotoUploadBody,
          presign: (body) => call('createHazardPhotoUpload', { body }),
          onStage: (stage) => patch(item.id, { stage }),
        });
        patch(item.id, { status: 'done', key, stage: undefined, error: undefined });
      } catch (e) {
        patch(item.id, { status: 'failed', stage: undefined, error: errorText(e) });
      }
    });
  };

  const add = async () => {
    setPickError('');
    let picked: PickedFile[];
    try {
      picked = await pickImages(max - items.length);
    } catch (e) {
      return setPickError(errorText(e));
    }
    const added: UploadItem[] = picked.map((f) => {
      const id = newId();
      if (f.file) files.current.set(id, f.file);
      return { id, path: f.path ?? '', name: f.name, size: f.size, type: f.type, status: 'uploading', stage: 'signing' };
    });
    if (added.length === 0) return;
    setItems((prev) => [...prev, ...added]);
    added.forEach(upload);
  };

  const retry = (item: UploadItem) => {
    patch(item.id, { status: 'uploading', stage: 'signing', error: undefined });
    upload({ ...item, status: 'uploading' });
  };

  const remove = (item: UploadItem) => {
    files.current.delete(item.id);
    setItems((prev) => prev.filter((p) => p.id !== item.id));
  };

  const done = items.filter((p) => p.status === 'done').length;
  const failed = items.filter((p) => p.status === 'failed');
  const urls = items.map((p) => p.path);
  return (
    <View className="photos hz-uploader">
      {items.length > 0 ? (
        <PhotoGrid
          photos={items.map((p, i) => ({
            id: p.id,
            src: p.path,
            onTap: p.status === 'failed' ? () => retry(p) : () => previewPhotos(urls, p.path),
            onRemove: () => remove(p),
            removeLabel: `删除第${i + 1}张照片`,
            overlay: (
              <View className={`hz-upload hz-upload-${p.status}`} onClick={p.status === 'failed' ? () => retry(p) : undefined}>
                <Text>{p.status === 'done' ? '✓ 已上传' : p.status === 'failed' ? '上传失败 · 点此重试' : STAGE_TEXT[p.stage ?? 'signing']}</Text>
              </View>
            ),
          }))}
        />
      ) : null}
      {items.length > 0 ? <View className="muted hz-upload-count">{`已上传 ${done}/${items.length} 张${items.length >= max ? `（最多 ${max} 张）` : ''}`}</View> : null}
      {failed[0]?.error ? <FieldError message={failed[0].error} /> : null}
      <FieldError message={pickError} />
      <FieldError message={error} />
      {items.length < max ? (
        <View className="actions hz-photo-add">
          <Button block fill="outline" type="primary" size="large" onClick={() => void add()}>
            {items.length === 0 ? addText : '继续添加照片'}
          </Button>
        </View>
      ) : null}
    </View>
  );
}
