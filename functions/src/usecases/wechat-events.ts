/**
 * WeChat's message push: the results of asynchronous image checks. WeChat signs each push with
 * the token set in the mini-program's console (sha1 of the sorted token, timestamp and nonce).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { $append } from 'dynamodb-toolbox/entity/actions/update/symbols';
import type * as z from 'zod';
import { DomainError, type WechatEventBody, type WechatEventQuery } from '@safegrid/shared';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';
import { cancellationReasons, transact } from '../repos/transact';

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
  // Both or neither, once: a push that fails is sent again by WeChat, and the item's condition makes the repeat a no-op.
  // Lists read the flag on the hazard; a move racing this may drop it there, but the detail page reads the item as well.
  try {
    await transact([
      d.db.blockedPhotos
        .build(PutTransaction)
        .item({ hazardId: check.hazardId, key: check.key, at: d.clock.now().toISOString() })
        .options({ condition: { attr: 'hazardId', exists: false } }) as never,
      d.db.hazards
        .build(UpdateTransaction)
        .item({ id: check.hazardId, blockedPhotos: $append([check.key]) })
        .options({ condition: { attr: 'id', exists: true } }) as never,
    ]);
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0] === 'ConditionalCheckFailed') return { ok: true as const };
    if (reasons?.[1] === 'ConditionalCheckFailed') logLine({ level: 'error', event: 'block-photo-failed', hazardId: check.hazardId, error: 'hazard not found' });
    else throw error;
  }
  return { ok: true as const };
}
