/**
 * What a district sets for itself (escalation steps, check rules, assessment weights): one item per setting, kept by the
 * district's own supervisors and admins, written with the version it was read at so two keepers
 * cannot silently overwrite each other.
 */
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { DomainError, type Actor, districtOf } from '@safegrid/shared';
import type { Deps } from '../deps';
import { requireDistrictKeeper } from './scope-checks';

export interface Setting<T> {
  /** Its key in the district's settings partition, and how it is called in messages. */
  name: 'ESCALATION' | 'CHECKS' | 'ASSESSMENT';
  label: string;
  fallback: T;
}

/** Who keeps a district's settings: its own supervisors and admins, not a street's. */
const KEEPERS = ['supervisor', 'admin'] as const;
const keeperMessage = (s: Setting<unknown>) => `只有本区的监管人员或管理员可以查看和设置${s.label}`;

/** The setting in force for `area`'s district, and its version (0 while the district uses the fallback). */
export async function settingFor<T>(d: Deps, area: string, s: Setting<T>): Promise<{ value: T; version: number }> {
  const { Item } = await d.db.districtSettings.build(GetItemCommand).key({ district: districtOf(area), name: s.name }).send();
  return Item ? { value: Item.value as T, version: Item.version } : { value: s.fallback, version: 0 };
}

export async function keptSetting<T>(d: Deps, actor: Actor, district: string, s: Setting<T>) {
  await requireDistrictKeeper(d, actor, district, KEEPERS, keeperMessage(s));
  return { district, ...(await settingFor(d, district, s)) };
}

/** Writes the next version over the one the keeper read (`version`), or refuses with a conflict. */
export async function keepSetting<T>(d: Deps, actor: Actor, district: string, s: Setting<T>, value: T, version: number) {
  await requireDistrictKeeper(d, actor, district, KEEPERS, keeperMessage(s));
  try {
    await d.db.districtSettings
      .build(PutItemCommand)
      .item({ district, name: s.name, value, version: version + 1, updatedAt: d.clock.now().toISOString(), updatedBy: actor.userId })
      .options({ condition: version === 0 ? { attr: 'district', exists: false } : { attr: 'version', eq: version } })
      .send();
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    throw new DomainError('CONFLICT', `${s.label}已被他人修改，请刷新后重新设置`, { version: '规则已更新' });
  }
  return { district, value, version: version + 1 };
}
