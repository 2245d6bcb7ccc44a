import { hashString } from '../../../core/random.js';
import { errors, fieldError } from '../errors.js';
import type { Account } from '../model.js';
import type { ComposeForm, Folder } from './forms.js';
import type { ListSpec } from './lists.js';
import type { TimeTexts } from './time-texts.js';

/** docs: Message: a text in languages, from an interlocutor, when. */
export interface Message {
  readonly text: Record<string, string>;
  readonly from: { id: string; role: 'REQUESTER'; myself: true };
  readonly created: string;
}

/** docs: MessageThreadViewV1. */
export interface MessageThread {
  readonly id: string;
  readonly topic: Record<string, string>;
  /** The Tolokers it was sent to (DIRECT); undefined when they are not listed (ALL, FILTER). */
  readonly recipients: readonly string[] | undefined;
  readonly messages: Message[];
  readonly compose: { recipients_select_type: ComposeForm['recipients_select_type']; recipients_ids?: string[]; recipients_filter?: Record<string, unknown> };
  folders: Folder[];
  readonly answerable: boolean;
  readonly created: string;
  readonly createdAt: number;
}

/** What a POST to the message threads asks: a compose, a reply, or folders added or removed. */
export type ThreadChange =
  | { kind: 'compose'; form: ComposeForm }
  | { kind: 'reply'; id: string; text: Record<string, string> }
  | { kind: 'folders'; id: string; folders: readonly Folder[]; add: boolean };

/** GET /message-threads (docs: getMessageThreads; toloka-kit MessageThreadSearchRequest): folder and folder_ne (comma-separated), id, created. */
export const THREAD_LIST: ListSpec<MessageThread> = {
  id: (t) => t.id,
  times: { created: (t) => t.createdAt },
  equals: { folder: (t) => t.folders },
  lists: ['folder'],
  defaultLimit: 50,
  maxLimit: 300,
};

/**
 * The requester's messages to Tolokers (docs: the message-thread operations): a compose makes a
 * thread in OUTBOX with its first message, a reply adds one, and folders are added and removed.
 * The simulated Tolokers read and never answer.
 */
export class MessageThreads {
  readonly #texts: TimeTexts;
  readonly #seed: number;
  #byAccount = new WeakMap<Account, Map<string, MessageThread>>();

  constructor(texts: TimeTexts, seed: number) {
    this.#texts = texts;
    this.#seed = seed;
  }

  #of(account: Account): Map<string, MessageThread> {
    let threads = this.#byAccount.get(account);
    if (!threads) this.#byAccount.set(account, (threads = new Map()));
    return threads;
  }

  /** A thread id as Toloka writes them (24 hex digits, a Mongo ObjectId): its second, the seed's part, a count. */
  #id(account: Account, now: number): string {
    const n = this.#of(account).size + 1;
    const machine = hashString(`toloka message threads ${account.token}`, this.#seed).toString(16).padStart(8, '0');
    return `${Math.floor(now / 1000).toString(16).padStart(8, '0')}${machine}${n.toString(16).padStart(8, '0')}`.slice(0, 24);
  }

  /** POST /message-threads/compose. */
  compose(account: Account, form: ComposeForm, now: number): MessageThread {
    if (form.recipients_select_type === 'DIRECT' && (form.recipients_ids ?? []).length === 0) throw errors.validation({ recipients_ids: fieldError('VALUE_REQUIRED') });
    if (form.recipients_select_type === 'FILTER' && form.recipients_filter === undefined) throw errors.validation({ recipients_filter: fieldError('VALUE_REQUIRED') });
    const unknown = (form.recipients_ids ?? []).findIndex((id) => !account.users.has(id));
    if (form.recipients_select_type === 'DIRECT' && unknown >= 0) throw errors.validation({ [`recipients_ids.${unknown}`]: fieldError('ENTITY_DOES_NOT_EXIST') });
    const created = this.#texts.of(now);
    const compose: MessageThread['compose'] = { recipients_select_type: form.recipients_select_type };
    if (form.recipients_select_type === 'DIRECT') compose.recipients_ids = form.recipients_ids;
    if (form.recipients_select_type === 'FILTER') compose.recipients_filter = form.recipients_filter;
    const thread: MessageThread = {
      id: this.#id(account, now),
      topic: form.topic,
      recipients: form.recipients_select_type === 'DIRECT' ? form.recipients_ids : undefined,
      messages: [{ text: form.text, from: { id: account.requester.id, role: 'REQUESTER', myself: true }, created }],
      compose,
      folders: ['OUTBOX'],
      answerable: form.answerable,
      created,
      createdAt: now,
    };
    this.#of(account).set(thread.id, thread);
    return thread;
  }

  change(account: Account, change: ThreadChange, now: number): MessageThread {
    if (change.kind === 'compose') return this.compose(account, change.form, now);
    if (change.kind === 'reply') return this.reply(account, change.id, change.text, now);
    return this.folders(account, change.id, change.folders, change.add);
  }

  get(account: Account, id: string): MessageThread {
    const thread = this.#byAccount.get(account)?.get(id);
    if (!thread) throw errors.notFound('message thread', id);
    return thread;
  }

  /** POST /message-threads/{id}/reply: the requester's next message. */
  reply(account: Account, id: string, text: Record<string, string>, now: number): MessageThread {
    const thread = this.get(account, id);
    thread.messages.push({ text, from: { id: account.requester.id, role: 'REQUESTER', myself: true }, created: this.#texts.of(now) });
    return thread;
  }

  /** POST .../add-to-folders (add) or .../remove-from-folders. */
  folders(account: Account, id: string, folders: readonly Folder[], add: boolean): MessageThread {
    const thread = this.get(account, id);
    thread.folders = add ? [...new Set([...thread.folders, ...folders])] : thread.folders.filter((f) => !folders.includes(f));
    return thread;
  }

  all(account: Account): Iterable<MessageThread> {
    return this.#of(account).values();
  }

  /** A new generation: no threads are kept. */
  reset(): void {
    this.#byAccount = new WeakMap();
  }
}
