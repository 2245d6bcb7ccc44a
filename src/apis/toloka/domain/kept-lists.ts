import type { RawQuery } from '../schemas.js';
import type { Account } from '../model.js';
import { THREAD_LIST, type MessageThread, type MessageThreads } from './messages.js';
import { parseListQuery } from '../schemas.js';
import { ATTACHMENT_LIST, type Attachments, type Attachment } from './attachments.js';
import { runList, type ListSpec } from './lists.js';
import { RESTRICTION_LIST, type Restriction } from './restrictions.js';
import { SKILL_LIST, USER_SKILL_LIST, type Skill, type UserSkill } from './skills.js';
import type { Tolokers } from './tolokers.js';
import { SUBSCRIPTION_LIST, type Subscription, type Webhooks } from './webhooks.js';

/** The lists kept by domain modules, by the path they are listed at, and what each holds. */
export interface KeptItems {
  skills: Skill;
  'user-skills': UserSkill;
  'user-restrictions': Restriction;
  attachments: Attachment;
  'webhook-subscriptions': Subscription;
  'message-threads': MessageThread;
}

const SPECS: { [K in keyof KeptItems]: ListSpec<KeptItems[K]> } = {
  skills: SKILL_LIST,
  'user-skills': USER_SKILL_LIST,
  'user-restrictions': RESTRICTION_LIST,
  attachments: ATTACHMENT_LIST,
  'webhook-subscriptions': SUBSCRIPTION_LIST,
  'message-threads': THREAD_LIST,
};

/** Where the lists are kept. */
export interface KeptSources {
  readonly tolokers: Tolokers;
  readonly attachments: Attachments;
  readonly webhooks: Webhooks;
  readonly messages: MessageThreads;
}

/** One page of any of them, with the filters, sort and limits of its ListSpec (lists.ts). */
export class KeptLists {
  readonly #from: KeptSources;
  readonly #now: () => number;

  constructor(from: KeptSources, now: () => number) {
    this.#from = from;
    this.#now = now;
  }

  page<K extends keyof KeptItems>(account: Account, kind: K, query: RawQuery): { items: KeptItems[K][]; has_more: boolean } {
    const items: { [L in keyof KeptItems]: () => Iterable<KeptItems[L]> } = {
      skills: () => this.#from.tolokers.skills.all(account),
      'user-skills': () => this.#from.tolokers.skills.userSkills(account, this.#now()),
      'user-restrictions': () => this.#from.tolokers.restrictions.all(account),
      attachments: () => this.#from.attachments.all(account),
      'webhook-subscriptions': () => this.#from.webhooks.all(account).values(),
      'message-threads': () => this.#from.messages.all(account),
    };
    const spec = SPECS[kind];
    return runList(items[kind](), parseListQuery(query, spec), spec);
  }
}
