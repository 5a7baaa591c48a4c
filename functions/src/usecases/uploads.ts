/**
 * Files go from the phone straight to storage: the API hands out a presigned POST for a key under
 * the caller's (or the record's) own prefix, and a record that names a file checks it is there and
 * that its bytes are what it claims (the policy fixes the declared type, not the bytes).
 */
import { createHmac } from 'node:crypto';
import { DomainError, HAZARD_PHOTO_PREFIX, MAX_PHOTO_BYTES, SNIFF_BYTES, isImage } from '@safegrid/shared';
import type { Deps } from '../deps';

const UPLOAD_URL_LIFETIME_MS = 600_000;

export const extensionOf = (contentType: string) => (contentType === 'image/jpeg' ? 'jpg' : contentType.split('/')[1]!);

/** A presigned POST for one file at `key`, honoured only with this type and 1 to `maxBytes` bytes. */
export async function presignedUpload(d: Deps, key: string, contentType: string, maxBytes: number) {
  const { url, fields } = await d.storage.uploadPost(key, contentType, maxBytes);
  return { key, url, fields, expiresAt: new Date(d.clock.now().getTime() + UPLOAD_URL_LIFETIME_MS).toISOString() };
}

/** Printable-ASCII keys sort alike in JavaScript and in S3 (by UTF-8 bytes), so a listing's bounds hold for them. */
const PLAIN_KEY = /^[\x20-\x7e]+$/;

/**
 * The keys that are not under `prefix`, or not in storage with 1 byte up to the size limit.
 * A record's photos are one user's recent uploads under one prefix, named by time (ULIDs), so one
 * listing page from just before the smallest key gives all their sizes in one round trip, however
 * many photos there are, and however many older uploads the prefix holds. A key that page did not
 * reach (over 1000 objects from the smallest key on) or whose order S3 may see otherwise (not
 * printable ASCII) is HEADed as before; so is a lone key, where a HEAD costs no more than a listing.
 */
export async function missingUploads(d: Deps, keys: string[], prefix: string, owns = (key: string) => key.startsWith(prefix)): Promise<Set<string>> {
  const under = [...new Set(keys.filter((key) => key.startsWith(prefix) && owns(key)))];
  const listable = under.filter((key) => PLAIN_KEY.test(key));
  let listed: { sizes: Map<string, number>; complete: boolean } = { sizes: new Map(), complete: false };
  if (listable.length > 1) {
    const smallest = listable.reduce((a, b) => (b < a ? b : a));
    // A proper prefix of the smallest key sorts before it: the page starts at the smallest key (or a stray just before it).
    listed = await d.storage.sizesUnder(prefix, smallest.slice(0, -1));
  }
  const known = (key: string) => listed.sizes.has(key) || (listed.complete && PLAIN_KEY.test(key));
  const sizes = new Map(await Promise.all(under.map(async (key) => [key, known(key) ? listed.sizes.get(key) : await d.storage.size(key)] as const)));
  return new Set(
    keys.filter((key) => {
      const size = sizes.get(key);
      // An empty object is no upload (S3 refuses one under the policy; a local S3 does not, and cannot serve its first bytes).
      return !size || size > MAX_PHOTO_BYTES;
    }),
  );
}

/** A file a record names: its key, the request field it came in, and what to tell the user when it is no image. */
export interface Upload {
  key: string;
  field: string;
  notImage: string;
}

/** Refuses the first of `photos` that is missing, naming its field. */
export function refuseMissing(photos: Upload[], missing: Set<string>) {
  const first = photos.find((p) => missing.has(p.key));
  if (first) throw new DomainError('VALIDATION_FAILED', '照片未上传成功或不是您上传的，请重新上传', { [first.field]: '照片未上传成功，请重新上传' });
}

/** Refuses the first of `photos` (all in storage) whose first bytes are not a JPEG, PNG or WebP, naming it. */
export async function refuseNonImages(d: Deps, photos: Upload[]) {
  const heads = await Promise.all(photos.map((p) => d.storage.head(p.key, SNIFF_BYTES)));
  const first = photos.find((_, i) => !isImage(heads[i] ?? Buffer.alloc(0)));
  if (first) throw new DomainError('VALIDATION_FAILED', first.notImage, { [first.field]: first.notImage });
}

/**
 * Each photo must sit under `prefix` (and be the caller's, as `owns` tells), have arrived in
 * storage within the size limit, and be an image; `field` names it in the error.
 */
export async function requireUploadedPhotos(d: Deps, photos: Upload[], prefix: string, owns?: (key: string) => boolean) {
  refuseMissing(photos, await missingUploads(d, photos.map((p) => p.key), prefix, owns));
  await refuseNonImages(d, photos);
}

/** A list of photo keys as uploads: fields `photos.0`, `photos.1`, …, told apart as 第1张照片, 第2张照片, … */
export const photoFields = (keys: string[], list = 'photos'): Upload[] =>
  keys.map((key, i) => ({ key, field: `${list}.${i}`, notImage: `第${i + 1}张照片不是图片文件，请重新拍照上传` }));

/** A user's opaque tag for the prefix of the files only they and officials read (a signature they sign with). */
export const uploaderTag = (d: Deps, userId: string) => createHmac('sha256', d.config.jwtSecret).update(`uploader:${userId}`).digest('hex').slice(0, 20);

/** The tag of one hazard photo: who uploaded it, for the server alone, and different for every photo. */
const photoTag = (d: Deps, userId: string, id: string) => createHmac('sha256', d.config.jwtSecret).update(`hazard-photo:${userId}:${id}`).digest('hex').slice(0, 20);
const HAZARD_PHOTO_KEY = /^hazards\/([0-9A-Z]{26})([0-9a-f]{20})\.[a-z]+$/;

/** A new hazard photo's key for `userId` (see HAZARD_PHOTO_PREFIX: nothing in it links two photos of one person). */
export const hazardPhotoKey = (d: Deps, userId: string, ext: string, id = d.ids.next()) => `${HAZARD_PHOTO_PREFIX}${id}${photoTag(d, userId, id)}.${ext}`;

/** Was this hazard photo key handed to `userId`? */
export const hazardPhotoOf = (d: Deps, userId: string) => (key: string) => {
  const m = HAZARD_PHOTO_KEY.exec(key);
  return m !== null && m[2] === photoTag(d, userId, m[1]!);
};
