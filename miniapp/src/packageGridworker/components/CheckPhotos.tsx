import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useRef, type Dispatch, type MutableRefObject, type SetStateAction } from 'react';
import { CreateHazardPhotoUploadBody, MAX_HAZARD_PHOTOS } from '@safegrid/shared';
import { call } from '../../api/client';
import { FieldError } from '../../components/Field';
import { PhotoGrid, previewPhotos } from '../../components/PhotoGrid';
import { errorText, pickImages, uploadImage, type PickedFile } from '../../lib/files';
import { newId } from '../../lib/id';
import { allPhotos, dropFiles, emptyAnswer, keepFile, mapPhotos, type CheckDraft, type CheckPhoto } from '../lib';

const STATE_TEXT = { signing: '准备上传…', uploading: '上传中…' } as const;

export type PhotoField = 'photos' | 'fixPhotos';

/**
 * The check's photo uploads, for every item at once: each photo goes straight to storage (as a
 * hazard photo) as soon as it is picked, one at a time (kind to a weak signal); one that fails, or
 * that was taken without a connection, keeps its local path and goes again on a tap, with 上传全部,
 * when the phone's connection comes back, or when the page opens again.
 */
export function useCheckUploads(draftRef: MutableRefObject<CheckDraft | undefined>, setDraft: Dispatch<SetStateAction<CheckDraft | undefined>>) {
  /** The browser's File of each photo picked in this session (H5). */
  const files = useRef(new Map<string, Blob>());
  const queue = useRef<Promise<void>>(Promise.resolve());
  /** Photos removed while their upload waited its turn. */
  const removed = useRef(new Set<string>());

  const patch = (id: string, change: Partial<CheckPhoto>) => setDraft((d) => (d ? mapPhotos(d, (p) => (p.id === id ? { ...p, ...change } : p)) : d));

  const upload = (photo: CheckPhoto) => {
    patch(photo.id, { status: 'uploading', stage: 'signing', error: undefined });
    queue.current = queue.current.then(async () => {
      if (removed.current.has(photo.id)) return;
      const picked: PickedFile = { name: photo.name, size: photo.size, type: photo.type, path: photo.path, file: files.current.get(photo.id) };
      try {
        const key = await uploadImage(picked, {
          schema: CreateHazardPhotoUploadBody,
          presign: (body) => call('createHazardPhotoUpload', { body }),
          onStage: (stage) => patch(photo.id, { stage }),
        });
        patch(photo.id, { status: 'done', key, stage: undefined, error: undefined });
      } catch (e) {
        patch(photo.id, { status: 'failed', stage: undefined, error: errorText(e) });
      }
    });
    return queue.current;
  };

  /** Every photo without a key that is not on its way already. */
  const uploadAll = () => {
    const d = draftRef.current;
    if (!d) return Promise.resolve();
    const todo = allPhotos(d).filter((p) => p.status === 'waiting' || p.status === 'failed');
    todo.forEach((p) => void upload(p));
    return queue.current;
  };

  // The connection is back: send what waits.
  const latest = useRef(uploadAll);
  latest.current = uploadAll;
  useEffect(() => {
    const onChange = (res: { isConnected: boolean }) => {
      if (res.isConnected) void latest.current();
    };
    try {
      Taro.onNetworkStatusChange(onChange);
    } catch {
      /* not on this platform: 上传全部 and the retry on each photo remain */
    }
    return () => {
      try {
        Taro.offNetworkStatusChange(onChange);
      } catch {
        /* nothing to remove */
      }
    };
  }, []);

  /** Pick photos for an item's list and start their uploads; '' or why picking failed. */
  const add = async (itemId: string, field: PhotoField): Promise<string> => {
    const have = draftRef.current?.answers[itemId]?.[field].length ?? 0;
    let picked: PickedFile[];
    try {
      picked = await pickImages(MAX_HAZARD_PHOTOS - have);
    } catch (e) {
      return errorText(e);
    }
    const added: CheckPhoto[] = [];
    for (const f of picked) {
      const id = newId();
      if (f.file) files.current.set(id, f.file);
      const kept = await keepFile(f.path ?? '');
      added.push({ id, path: kept.path, name: f.name, size: f.size, type: f.type, status: 'waiting', ...(kept.saved ? { saved: true } : {}) });
    }
    if (!added.length) return '';
    setDraft((d) => {
      if (!d) return d;
      const a = d.answers[itemId] ?? emptyAnswer();
      return { ...d, answers: { ...d.answers, [itemId]: { ...a, [field]: [...a[field], ...added] } } };
    });
    added.forEach((p) => void upload(p));
    return '';
  };

  const remove = (itemId: string, field: PhotoField, photo: CheckPhoto) => {
    files.current.delete(photo.id);
    removed.current.add(photo.id);
    dropFiles([photo]);
    setDraft((d) => {
      const a = d?.answers[itemId];
      if (!d || !a) return d;
      return { ...d, answers: { ...d.answers, [itemId]: { ...a, [field]: a[field].filter((p) => p.id !== photo.id) } } };
    });
  };

  return { upload, uploadAll, add, remove };
}

/** Start the uploads of a reopened draft's waiting photos once, when the page opens. */
export function useResumeUploads(uploadAll: () => Promise<void>, enabled: boolean) {
  const done = useRef(false);
  useEffect(() => {
    if (!enabled || done.current) return;
    done.current = true;
    void uploadAll();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled]);
}

/** One list of photos with each one's upload state: 待上传 / 上传中 / 已上传 / 上传失败 (tap to retry). */
export function CheckPhotos({
  photos,
  onAdd,
  onRetry,
  onRemove,
  error,
  addText,
  name,
}: {
  photos: CheckPhoto[];
  onAdd: () => void;
  onRetry: (p: CheckPhoto) => void;
  onRemove: (p: CheckPhoto) => void;
  error?: string;
  addText: string;
  name: string;
}) {
  const urls = photos.map((p) => p.path);
  const failedOne = photos.find((p) => p.status === 'failed' && p.error);
  const done = photos.filter((p) => p.status === 'done').length;
  const label = (p: CheckPhoto) =>
    p.status === 'done' ? '✓ 已上传' : p.status === 'failed' ? '上传失败 · 点此重试' : p.status === 'waiting' ? '待上传 · 点此上传' : STATE_TEXT[p.stage ?? 'signing'];
  return (
    <View className={`photos ck-photos ck-photos-${name}`}>
      {photos.length ? (
        <PhotoGrid
          photos={photos.map((p, i) => {
            const retry = p.status === 'failed' || p.status === 'waiting' ? () => onRetry(p) : undefined;
            return {
              id: p.id,
              src: p.path,
              onTap: retry ?? (() => previewPhotos(urls, p.path)),
              onRemove: () => onRemove(p),
              removeLabel: `删除第${i + 1}张照片`,
              overlay: (
                <View className={`ck-upload ck-upload-${p.status}`} onClick={retry}>
                  <Text>{label(p)}</Text>
                </View>
              ),
            };
          })}
        />
      ) : null}
      {photos.length ? <View className="muted ck-upload-count">{`已上传 ${done}/${photos.length} 张`}</View> : null}
      {failedOne ? <FieldError message={failedOne.error} /> : null}
      <FieldError message={error} />
      {photos.length < MAX_HAZARD_PHOTOS ? (
        <View className="ck-photo-add">
          <Button block fill="outline" type="primary" size="large" onClick={onAdd}>
            {photos.length ? '继续添加照片' : addText}
          </Button>
        </View>
      ) : null}
    </View>
  );
}
