/** The few DOM helpers the page is built with (no framework: the page is small and ships as one file). */

/** What h() and fill() take as children: arrays are flattened, null, undefined and false skipped. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/**
 * Attributes, plus: `class`, `text` (textContent), `style` (assigned to el.style), `on<event>`
 * (a listener). null, undefined and false leave an attribute out; true sets it empty.
 */
export interface Props {
  class?: string | undefined;
  text?: string | number | undefined;
  style?: Partial<CSSStyleDeclaration> | undefined;
  [attribute: string]: unknown;
}

/** The element with this id, as the type the caller knows it to be; the page's HTML has them all. */
export function $<E extends HTMLElement = HTMLElement>(id: string): E {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no element #${id} (admin/ui/page.ts and the script disagree)`);
  return el as E;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'style') Object.assign(el.style, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v as EventListener);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el: Element, c: Child): void {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) for (const x of c as readonly Child[]) append(el, x);
  else el.append(c instanceof Node ? c : String(c));
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/**
 * Sets a select's options ([value, label] pairs), rebuilding them only when they changed (a
 * rebuild would close the list under the user's pointer), and its value unless it has focus.
 */
export function setOptions(select: HTMLSelectElement, options: readonly (readonly [string, string])[], value?: string): void {
  const key = JSON.stringify(options);
  if (select.dataset.key !== key) {
    fill(
      select,
      options.map(([v, label]) => h('option', { value: v, text: label })),
    );
    select.dataset.key = key;
  }
  if (value !== undefined && document.activeElement !== select) select.value = value;
}

/** `fn` once input has paused for `ms` (filters typed into: one read per pause, not per key). */
export function debounce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
