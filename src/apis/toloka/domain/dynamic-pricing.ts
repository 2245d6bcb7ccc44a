import type { Pool } from '../model.js';
import { isObject } from './validation.js';

/**
 * A Toloker's reward for one assignment of the pool (docs: create-pool, `dynamic_pricing_config`):
 * with a SKILL config, the `reward_per_assignment` of the interval [`from`, `to`] (defaults 0 and
 * 100) their value of `skill_id` falls in; without a value, or in no interval, the pool's own
 * `reward_per_assignment` ("the basic price").
 */
export function rewardFor(pool: Pool, skill: (skillId: string) => number | undefined): number {
  const base = typeof pool.form.reward_per_assignment === 'number' ? pool.form.reward_per_assignment : 0;
  const config = pool.form.dynamic_pricing_config;
  if (!isObject(config) || config.type !== 'SKILL' || config.skill_id === undefined || !Array.isArray(config.intervals)) return base;
  const value = skill(String(config.skill_id));
  if (value === undefined) return base;
  for (const interval of config.intervals) {
    if (!isObject(interval) || typeof interval.reward_per_assignment !== 'number') continue;
    const from = typeof interval.from === 'number' ? interval.from : 0;
    const to = typeof interval.to === 'number' ? interval.to : 100;
    if (value >= from && value <= to) return interval.reward_per_assignment;
  }
  return base;
}
