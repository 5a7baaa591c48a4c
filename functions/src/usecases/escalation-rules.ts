/** The overdue escalation steps a district configures (风险提醒函 → 工作督办函 → 执法线索). */
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import type * as z from 'zod';
import { DEFAULT_ESCALATION, DomainError, type Actor, type EscalationStep, type SetEscalationRulesBody, districtOf } from '@safegrid/shared';
import type { Deps } from '../deps';
import { cancellationReasons } from '../repos/transact';
import { requireDistrictKeeper } from './scope-checks';

/** Who keeps a district's rules: its own supervisors and admins, not a street's. */
const KEEPERS = ['supervisor', 'admin'] as const;
const KEEPER_MESSAGE = '只有本区的监管人员或管理员可以查看和设置升级规则';

async function rulesOf(d: Deps, district: string) {
  const { Item } = await d.db.escalationRules.build(GetItemCommand).key({ district }).send();
  return Item;
}

export async function escalationSteps(d: Deps, area: string): Promise<EscalationStep[]> {
  return (await rulesOf(d, districtOf(area)))?.steps ?? DEFAULT_ESCALATION;
}

export async function getEscalationRules(d: Deps, actor: Actor, district: string) {
  await requireDistrictKeeper(d, actor, district, KEEPERS, KEEPER_MESSAGE);
  const rules = await rulesOf(d, district);
  return { district, steps: rules?.steps ?? DEFAULT_ESCALATION, version: rules?.version ?? 0 };
}

export async function setEscalationRules(d: Deps, actor: Actor, body: z.infer<typeof SetEscalationRulesBody>) {
  await requireDistrictKeeper(d, actor, body.district, KEEPERS, KEEPER_MESSAGE);
  const item = { district: body.district, steps: body.steps, version: body.version + 1, updatedAt: d.clock.now().toISOString(), updatedBy: actor.userId };
  try {
    await d.db.escalationRules
      .build(PutItemCommand)
      .item(item)
      .options({ condition: body.version === 0 ? { attr: 'district', exists: false } : { attr: 'version', eq: body.version } })
      .send();
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException' && !cancellationReasons(error)) throw error;
    throw new DomainError('CONFLICT', '升级规则已被他人修改，请刷新后重新设置', { version: '规则已更新' });
  }
  return { district: body.district, steps: body.steps, version: item.version };
}
