import { APPMETRICA_RULES } from '../apis/appmetrica-logs/report/rules.js';
import { MYTARGET_RULES } from '../apis/mytarget/report/rules.js';
import { TOLOKA_RULES } from '../apis/toloka/report/rules.js';
import type { ApiName } from '../core/journal.js';
import type { Scenario } from '../scenarios/schema.js';
import { COMMON_RULES } from './common-rules.js';
import type { ApiRules } from './engine.js';

/** Every API's rules with the active scenario's thresholds for them, then the rules all APIs share. */
export function rulesOf(api: ApiName, scenario: Scenario): ApiRules[] {
  const own: ApiRules =
    api === 'appmetrica'
      ? { rules: APPMETRICA_RULES as ApiRules['rules'], knobs: scenario.appmetrica.report }
      : api === 'mytarget'
        ? { rules: MYTARGET_RULES as ApiRules['rules'], knobs: scenario.mytarget.report }
        : { rules: TOLOKA_RULES as ApiRules['rules'], knobs: scenario.toloka.report };
  return [own, { rules: COMMON_RULES as ApiRules['rules'], knobs: scenario.report }];
}

/** Every rule's code, API and severity (the README and docs list them). */
export const RULE_CATALOG = [
  ...APPMETRICA_RULES.map((r) => ({ api: 'appmetrica', ...r })),
  ...MYTARGET_RULES.map((r) => ({ api: 'mytarget', ...r })),
  ...TOLOKA_RULES.map((r) => ({ api: 'toloka', ...r })),
  ...COMMON_RULES.map((r) => ({ api: 'any', ...r })),
];
