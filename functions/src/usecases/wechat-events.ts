/**
 * WeChat's message push: the results of asynchronous image checks. WeChat signs each push with
 * the token set in the mini-program's console (sha1 of the sorted token, timestamp and nonce).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { $append } from 'dynamodb-toolbox/entity/actions/update/symbols';
import type * as z from 'zod';
import { DomainError, type WechatEventBody, type WechatEventQuery } from '@safegrid/shared';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';

export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export async function wechatEvent(d: Deps, q: z.infer<typeof WechatEventQuery>, body: z.infer<typeof WechatEventBody>) {
  const token = d.config.wechat.pushToken;
  const expected = Buffer.from(pushSignature(token, q.timestamp, q.nonce));
  const given = Buffer.from(q.signature);
  if (!token || expected.length !== given.length || !timingSafeEqual(expected, given)) throw new DomainError('FORBIDDEN', '签名不正确');
  if (body.Event !== 'wxa_media_check' || !body.trace_id || body.result?.suggest !== 'risky') return { ok: true as const };
  const { Item: check } = await d.db.mediaChecks.build(GetItemCommand).key({ traceId: body.trace_id }).send();
  if (!check) return { ok: true as const };
  await d.db.blockedPhotos.build(PutItemCommand).item({ hazardId: check.hazardId, key: check.key, at: d.clock.now().toISOString() }).send();
  // Lists read the flag on the hazard; a move racing this update may drop it there, but the detail
  // page reads the item above as well, so a flagged photo is never shown in full.
  await d.db.hazards
    .build(UpdateItemCommand)
    .item({ id: check.hazardId, blockedPhotos: $append([check.key]) })
    .options({ condition: { attr: 'id', exists: true } })
    .send()
    .catch((error) => logLine({ level: 'error', event: 'block-photo-failed', hazardId: check.hazardId, error: (error as Error).message }));
  return { ok: true as const };
}
