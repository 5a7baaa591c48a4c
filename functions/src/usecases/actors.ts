import { type Actor, DomainError } from '@safegrid/shared';
import type { Deps } from '../deps';
import { getUser } from '../repos/users';

/**
 * What a signed-in user may do now: their record's grants, read at most once per ACTOR_TTL_MS per
 * container (a cached read; bench/auth measures it). A grant removed or an account deactivated
 * elsewhere stops working within that time in every container, and at once in the one that wrote
 * it (forgetActor). The cache keeps the most recent users only.
 */
const ACTOR_TTL_MS = 30_000;
const ACTOR_CACHE_SIZE = 5_000;
const actors = new Map<string, { actor: Actor; until: number }>();

export async function currentActor(d: Deps, userId: string): Promise<Actor> {
  const now = Date.now();
  const hit = actors.get(userId);
  if (hit && hit.until > now) return hit.actor;
  actors.delete(userId);
  const user = await getUser(d.db, userId);
  if (!user || user.deactivatedAt) throw new DomainError('UNAUTHENTICATED', '账号不存在或已停用，请重新登录');
  const actor: Actor = { userId: user.id, grants: user.grants };
  actors.set(userId, { actor, until: now + ACTOR_TTL_MS });
  if (actors.size > ACTOR_CACHE_SIZE) actors.delete(actors.keys().next().value!);
  return actor;
}

/** After this container changed what a user may do: their next request reads the record again. */
export const forgetActor = (userId: string) => void actors.delete(userId);
