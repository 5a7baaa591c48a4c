import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './photos.css';

export interface GridPhoto {
  /** Unique in the grid (the storage key, or a local id while uploading). */
  id: string;
  /** What the thumbnail shows: a presigned URL or a local file path. */
  src: string;
  /** Under the thumbnail (e.g. the photo's kind). */
  caption?: ReactNode;
  /** Over the thumbnail (e.g. an upload's state). */
  overlay?: ReactNode;
  /** A tap on the thumbnail; by default it previews the grid's photos full screen. */
  onTap?: () => void;
  /** Shows × in the corner. */
  onRemove?: () => void;
  removeLabel?: string;
}

export function previewPhotos(urls: string[], current: string): void {
  void Taro.previewImage({ urls, current }).catch(() => undefined);
}

/** Photos as square thumbnails (tap to preview), shared by the ledger and the hazard loop. */
export function PhotoGrid({ photos, className }: { photos: GridPhoto[]; className?: string }) {
  const urls = photos.map((p) => p.src);
  return (
    <View className={`photo-grid ${className ?? ''}`}>
      {photos.map((p) => (
        <View key={p.id} className="photo-item">
          <Image className="photo-img" src={p.src} mode="aspectFill" onClick={p.onTap ?? (() => previewPhotos(urls, p.src))} />
          {p.overlay}
          {p.caption}
          {p.onRemove ? (
            <View className="photo-remove" aria-label={p.removeLabel ?? '删除照片'} onClick={p.onRemove}>
              <Text>×</Text>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}
