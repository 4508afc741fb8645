/** `explain`: an error message or a finding id → likely causes. Pure; no I/O. */
import { explain as explainText, type Explanation } from '../doctor/explain.js';
import { RegauthError } from '../util/errors.js';

/**
 * Likely causes of a pasted error message (`kind: "messages"`), or the long text of a finding id
 * (`kind: "finding"`); `kind: "none"` with general advice when nothing matches.
 *
 * @example
 * explain('denied: requested access to the resource is denied').kind; // "messages"
 */
export function explain(text: string): Explanation {
  if (typeof text !== 'string') throw new RegauthError('E_OPTIONS_INVALID', 'explain: the text must be a string');
  return explainText(text);
}
