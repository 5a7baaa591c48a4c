/** Helpers for the site-check tests: a whole check's body, its photos and signature put in storage the way the phone's uploads leave them. */
import { ulid } from 'ulid';
import { type CheckAnswer, type CheckKind, type CheckTemplate, templateItems } from '@safegrid/shared';
import { deps } from '../src/deps';
import { hazardPhotoKey } from '../src/usecases/uploads';
import { placeholderPng } from '../src/lib/png';

/** A photo (or signature) uploaded by `userId`, as the phone's presigned POST would leave it. */
export async function putPhoto(userId: string): Promise<string> {
  const d = deps();
  const key = hazardPhotoKey(d, userId, 'png', ulid());
  await d.storage.putBuffer(key, placeholderPng(120, 120, 120), 'image/png');
  return key;
}

/** Every item answered (passing), except `fail` (with a photo and a note; `fixOnSpot` ones fixed with a photo). */
export async function checkBody(
  userId: string,
  template: CheckTemplate,
  o: { fail?: string[]; fixOnSpot?: string[]; enterpriseId?: string; kind?: CheckKind; at?: { lng: number; lat: number } } = {},
) {
  const answers: CheckAnswer[] = [];
  for (const item of templateItems(template)) {
    if (o.fail?.includes(item.id)) {
      const fixed = o.fixOnSpot?.includes(item.id);
      answers.push({ itemId: item.id, result: 'fail', photos: [await putPhoto(userId)], note: '现场发现问题，已拍照留存', ...(fixed ? { fixedOnSpot: true, fixPhotos: [await putPhoto(userId)] } : {}) });
    } else if (item.kind === 'passfail') answers.push({ itemId: item.id, result: 'pass', photos: [] });
    else if (item.kind === 'number') answers.push({ itemId: item.id, value: item.min ?? 0, photos: [] });
    else if (item.kind === 'text') answers.push({ itemId: item.id, text: '无其他情况', photos: [] });
    else answers.push({ itemId: item.id, photos: [await putPhoto(userId)] });
  }
  return {
    id: ulid(),
    enterpriseId: o.enterpriseId ?? 'ent-1',
    kind: o.kind ?? 'daily',
    templateId: template.id,
    templateVersion: template.version,
    checkIn: { ...(o.at ?? { lng: 117.1001, lat: 36.2001 }), at: new Date().toISOString() },
    answers,
    summary: '总体情况良好，个别问题已要求整改',
    signatureKey: await putPhoto(userId),
    signerName: '李四',
  };
}
