import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { CreatePhotoUploadBody, MAX_PHOTOS, PHOTO_KINDS, type EnterpriseView, type HistoryEntry } from '@safegrid/shared';
import { ApiError, call } from '../../api/client';
import { FieldError } from '../../components/Field';
import { PhotoGrid } from '../../components/PhotoGrid';
import { errorText, pickImages, uploadImage } from '../../lib/files';

type Kind = (typeof PHOTO_KINDS)[number];
type Photo = { key: string; kind: Kind };
type Saved = { enterprise: EnterpriseView; history: HistoryEntry[] };

const keyed = (photos: EnterpriseView['photos']): Photo[] => photos.map(({ key, kind }) => ({ key, kind }));
const BUSY_TEXT = { uploading: '正在上传照片…', saving: '正在保存…', deleting: '正在删除…' } as const;
const BUSY_PERCENT = { uploading: 40, saving: 85, deleting: 60 } as const;

/**
 * 照片 of the premises and licences: thumbnails (tap to preview), and for those who may change
 * `photos`, 添加照片 (kind → pick → presigned upload → the file's photos with it appended) and ×.
 */
export function Photos({ enterprise, onSaved, onStale }: { enterprise: EnterpriseView; onSaved: (res: Saved) => void; onStale: () => void }) {
  const photos = enterprise.photos;
  const canEdit = enterprise.editable.includes('photos');
  const [choosing, setChoosing] = useState(false);
  const [busy, setBusy] = useState<keyof typeof BUSY_TEXT | ''>('');
  const [error, setError] = useState('');

  const update = (e: EnterpriseView, next: Photo[]) =>
    call('updateEnterprise', { params: { id: e.id }, body: { version: e.version, changes: { photos: next } } });

  const add = async (kind: Kind) => {
    setChoosing(false);
    setError('');
    let picked;
    try {
      [picked] = await pickImages(1);
    } catch (e) {
      return setError(errorText(e));
    }
    if (!picked) return;
    setBusy('uploading');
    try {
      const key = await uploadImage(picked, {
        schema: CreatePhotoUploadBody,
        presign: (body) => call('createPhotoUpload', { params: { id: enterprise.id }, body }),
      });
      setBusy('saving');
      const photo: Photo = { key, kind };
      let res: Saved;
      try {
        res = await update(enterprise, [...keyed(photos), photo]);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 409)) throw e;
        // Changed meanwhile: the photo is uploaded, so append it to the file as it is now.
        const fresh = await call('getEnterprise', { params: { id: enterprise.id } });
        res = await update(fresh.enterprise, [...keyed(fresh.enterprise.photos), photo]);
      }
      onSaved(res);
      void Taro.showToast({ title: '已添加照片', icon: 'success' }).catch(() => undefined);
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError && e.status === 409) onStale();
    } finally {
      setBusy('');
    }
  };

  const remove = async (photo: EnterpriseView['photos'][number]) => {
    setError('');
    const { confirm } = await Taro.showModal({ title: '删除照片', content: `删除这张${photo.kind}？`, confirmText: '删除', confirmColor: '#f53f3f' });
    if (!confirm) return;
    setBusy('deleting');
    try {
      onSaved(await update(enterprise, keyed(photos.filter((p) => p.key !== photo.key))));
      void Taro.showToast({ title: '已删除', icon: 'success' }).catch(() => undefined);
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError && e.status === 409) onStale();
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="photos">
      {photos.length === 0 ? <Empty size="small" title="暂无照片" description={canEdit ? '可添加门头照片、营业执照等' : undefined} /> : null}
      {photos.length > 0 ? (
        <PhotoGrid
          photos={photos.map((p) => ({
            id: p.key,
            src: p.url,
            caption: (
              <View className="photo-kind">
                <Text>{p.kind}</Text>
              </View>
            ),
            onRemove: canEdit ? () => !busy && void remove(p) : undefined,
            removeLabel: `删除${p.kind}`,
          }))}
        />
      ) : null}
      {busy ? (
        <View className="upload-progress photo-progress">
          <View className="progress-track">
            <View className="progress-bar" style={{ width: `${BUSY_PERCENT[busy]}%` }} />
          </View>
          <View className="muted progress-text">{BUSY_TEXT[busy]}</View>
        </View>
      ) : null}
      <FieldError message={error} />
      {canEdit && photos.length < MAX_PHOTOS ? (
        choosing ? (
          <View className="photo-kinds">
            <Text className="muted">照片类型：</Text>
            {PHOTO_KINDS.map((k) => (
              <View key={k} className="choice photo-kind-choice" onClick={() => void add(k)}>
                <Text>{k}</Text>
              </View>
            ))}
            <Text className="link" onClick={() => setChoosing(false)}>
              取消
            </Text>
          </View>
        ) : (
          <View className="actions photo-actions">
            <Button block fill="outline" type="primary" disabled={!!busy} onClick={() => setChoosing(true)}>
              添加照片
            </Button>
          </View>
        )
      ) : null}
      {canEdit && photos.length >= MAX_PHOTOS ? <View className="muted photo-full">{`最多 ${MAX_PHOTOS} 张照片，请先删除不需要的照片`}</View> : null}
    </View>
  );
}
