import type { Account } from '../model.js';

/**
 * The requester's money (docs: guide/concepts/budget.md): the balance pays accepted assignments'
 * rewards and bonuses; the rewards of assignments issued and not yet reviewed are reserved ("Gray
 * indicates funds reserved for the tasks waiting to be reviewed"). `GET /requester` shows the
 * balance, reserved money still in it. Fees are not counted (README, known differences).
 */

/** Dollars to the micro-dollar, so sums of cents stay exact. */
export function money(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** What may still be spent: the balance less the rewards reserved. */
export function available(account: Account): number {
  return money(account.requester.balance - account.reserved);
}

/** An assignment was issued: its reward is held until it is reviewed or ends unfinished. */
export function reserve(account: Account, amount: number): void {
  account.reserved = money(account.reserved + amount);
}

/** An assignment ended unpaid (skipped, expired, rejected): its reward is free again. */
export function release(account: Account, amount: number): void {
  account.reserved = Math.max(0, money(account.reserved - amount));
}

/** Money leaves the account (an accepted assignment's reward, a bonus). */
export function pay(account: Account, amount: number): void {
  account.requester.balance = money(account.requester.balance - amount);
}

/** The message of a refusal for want of money (error code NOT_ENOUGH_BALANCE, toloka-kit error_codes.py). */
export function notEnoughText(what: string, needed: number, left: number): string {
  return `Not enough money for ${what}: it needs $${money(needed)}, the account has $${money(left)} to spend`;
}
