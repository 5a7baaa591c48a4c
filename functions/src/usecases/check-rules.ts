/** What a district sets for its site checks: coverage periods by risk class, the check-in distance, guarantee checks per month. */
import type * as z from 'zod';
import { DEFAULT_CHECK_RULES, type Actor, type CheckRules, type SetCheckRulesBody } from '@safegrid/shared';
import type { Deps } from '../deps';
import { type Setting, keepSetting, keptSetting, settingFor } from './district-settings';

const CHECKS: Setting<CheckRules> = { name: 'CHECKS', label: '检查规则', fallback: DEFAULT_CHECK_RULES };

export async function checkRules(d: Deps, area: string): Promise<CheckRules> {
  return (await settingFor(d, area, CHECKS)).value;
}

export async function getCheckRules(d: Deps, actor: Actor, district: string) {
  const { value, version } = await keptSetting(d, actor, district, CHECKS);
  return { district, rules: value, version };
}

export async function setCheckRules(d: Deps, actor: Actor, body: z.infer<typeof SetCheckRulesBody>) {
  const { value, version } = await keepSetting(d, actor, body.district, CHECKS, body.rules, body.version);
  return { district: body.district, rules: value, version };
}
