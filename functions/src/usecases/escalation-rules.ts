/** The overdue escalation steps a district configures (风险提醒函 → 工作督办函 → 执法线索). */
import type * as z from 'zod';
import { DEFAULT_ESCALATION, type Actor, type EscalationStep, type SetEscalationRulesBody } from '@safegrid/shared';
import type { Deps } from '../deps';
import { type Setting, keepSetting, keptSetting, settingFor } from './district-settings';

const ESCALATION: Setting<EscalationStep[]> = { name: 'ESCALATION', label: '升级规则', fallback: DEFAULT_ESCALATION };

export async function escalationSteps(d: Deps, area: string): Promise<EscalationStep[]> {
  return (await settingFor(d, area, ESCALATION)).value;
}

export async function getEscalationRules(d: Deps, actor: Actor, district: string) {
  const { value, version } = await keptSetting(d, actor, district, ESCALATION);
  return { district, steps: value, version };
}

export async function setEscalationRules(d: Deps, actor: Actor, body: z.infer<typeof SetEscalationRulesBody>) {
  const { value, version } = await keepSetting(d, actor, body.district, ESCALATION, body.steps, body.version);
  return { district: body.district, steps: value, version };
}
