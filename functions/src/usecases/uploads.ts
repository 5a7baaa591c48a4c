/**
 * Files go from the phone straight to storage: the API hands out a presigned PUT for a key under
 * the caller's (or the record's) own prefix, and a record that names a file checks it is there.
 */
import { createHmac } from 'node:crypto';
import { DomainError, MAX_PHOTO_BYTES } from '@safegrid/shared';
import type { Deps } from '../deps';

const UPLOAD_URL_LIFETIME_MS = 600_000;

export const extensionOf = (contentType: string) => (contentType === 'image/jpeg' ? 'jpg' : contentType.split('/')[1]!);

/** A presigned PUT for one file at `key`, honoured only with this type and size. */
export async function presignedUpload(d: Deps, key: string, contentType: string, size: number) {
  const url = await d.storage.uploadUrl(key, contentType, size);
  return { key, url, expiresAt: new Date(d.clock.now().getTime() + UPLOAD_URL_LIFETIME_MS).toISOString() };
}

/** The keys that are not under `prefix`, or not in storage within the size limit. */
export async function missingUploads(d: Deps, keys: string[], prefix: string): Promise<Set<string>> {
  const missing = new Set<string>();
  await Promise.all(
    keys.map(async (key) => {
      const size = key.startsWith(prefix) ? await d.storage.size(key) : undefined;
      if (size === undefined || size > MAX_PHOTO_BYTES) missing.add(key);
    }),
  );
  return missing;
}

/** Refuses the first of `photos` that is missing, naming its field. */
export function refuseMissing(photos: { key: string; field: string }[], missing: Set<string>) {
  const first = photos.find((p) => missing.has(p.key));
  if (first) throw new DomainError('VALIDATION_FAILED', '照片未上传成功或不是您上传的，请重新上传', { [first.field]: '照片未上传成功，请重新上传' });
}

/** Each photo must sit under `prefix` and have arrived in storage within the size limit; `field` names it in the error. */
export async function requireUploadedPhotos(d: Deps, photos: { key: string; field: string }[], prefix: string) {
  refuseMissing(photos, await missingUploads(d, photos.map((p) => p.key), prefix));
}

/** The fields of a list of photo keys: `photos.0`, `photos.1`, … */
export const photoFields = (keys: string[], list = 'photos') => keys.map((key, i) => ({ key, field: `${list}.${i}` }));

/** A user's opaque tag for storage keys that others will see (a hazard's photos reach the enterprise; the reporter must not). */
export const uploaderTag = (d: Deps, userId: string) => createHmac('sha256', d.config.jwtSecret).update(`uploader:${userId}`).digest('hex').slice(0, 20);
