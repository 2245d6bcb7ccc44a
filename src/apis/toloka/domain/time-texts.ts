import { flatText } from '../../../core/flat-text.js';
import { tolokaTime } from '../schemas.js';

/**
 * Toloka's texts of times (`2026-01-01T00:00:00.000`), one string per moment: the objects an
 * operation creates, its `finished` and the next operation's `submitted` are mostly of one
 * millisecond, and they are kept as long as the stand (a flat string each, see flatText).
 */
export class TimeTexts {
  #at = Number.NaN;
  #text = '';

  of(ms: number): string {
    if (ms !== this.#at) {
      this.#at = ms;
      this.#text = flatText(tolokaTime(ms));
    }
    return this.#text;
  }
}
