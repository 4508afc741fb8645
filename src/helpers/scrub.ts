/**
 * Removes credentials from helper output before it is kept for diagnosis. Helpers sometimes echo
 * what they were given (or what they read from a keychain) into error text, so both the values we
 * know about and things that merely look like credentials are replaced.
 */
import { Buffer } from 'node:buffer';

import type { Secret } from '../util/secret.js';

export const SCRUBBED = '[redacted]';

/** Values shorter than this are only replaced as whole words, so "a" does not wreck the text. */
const SHORT_SECRET_LENGTH = 4;

export interface KnownCredentials {
  username?: string;
  secrets: readonly Secret[];
}

export function scrubOutput(text: string, known: KnownCredentials): string {
  let result = scrubKnown(text, known);
  for (const pattern of CREDENTIAL_LOOKALIKES) {
    result = typeof pattern.replace === 'string' ? result.replace(pattern.regex, pattern.replace) : result.replace(pattern.regex, pattern.replace);
  }
  return result;
}

/** Replaces only the known secrets (in every form they travel in); text that merely looks like a token stays. */
export function scrubKnown(text: string, known: KnownCredentials): string {
  let result = text;
  for (const value of knownForms(known)) {
    result = replaceValue(result, value);
  }
  return result;
}

/** Each secret as it is, and encoded the ways it commonly travels (base64 of user:secret for Basic auth). */
function knownForms(known: KnownCredentials): string[] {
  const forms = new Set<string>();
  for (const secret of known.secrets) {
    const value = secret.reveal();
    if (value === '') continue;
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
    // as it travels in URLs and form bodies (refresh_token=...)
    forms.add(encodeURIComponent(value));
    forms.add(new URLSearchParams({ v: value }).toString().slice(2));
    for (const plain of [value, `${known.username ?? ''}:${value}`]) {
      const standard = Buffer.from(plain, 'utf8').toString('base64');
      forms.add(standard);
      forms.add(standard.replace(/=+$/, ''));
      forms.add(Buffer.from(plain, 'utf8').toString('base64url'));
    }
  }
  // longest first, so a value that contains another is replaced whole
  return [...forms].filter((form) => form !== '').sort((a, b) => b.length - a.length);
}

function replaceValue(text: string, value: string): string {
  if (value.length >= SHORT_SECRET_LENGTH) return text.split(value).join(SCRUBBED);
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\w])${escaped}(?![\\w])`, 'g'), SCRUBBED);
}

interface Lookalike {
  regex: RegExp;
  replace: string | ((match: string) => string);
}

const CREDENTIAL_LOOKALIKES: readonly Lookalike[] = [
  // JSON fields that carry credentials: "Secret": "...", "password":"...", "auth": "..."
  {
    regex: /("(?:secret|password|auth|identitytoken|registrytoken|token|access_token|refresh_token)"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi,
    replace: `$1${SCRUBBED}$3`,
  },
  // HTTP authorization values
  { regex: /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{4,}/g, replace: `$1 ${SCRUBBED}` },
  // JSON Web Tokens
  { regex: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: SCRUBBED },
  // long runs of base64-like characters: tokens and keys
  { regex: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,2}/g, replace: (run) => (looksRandom(run) ? SCRUBBED : run) },
];

/**
 * A token-like run has a long piece without separators that mixes digits, upper- and lowercase
 * letters. Paths and names such as `docker-credential-helpers/bm9wZQ==` stay readable, and so
 * does base64 of a registry address (docker-credential-pass names its entries that way).
 */
function looksRandom(run: string): boolean {
  return run
    .split(/[/-]/)
    .some(
      (piece) =>
        piece.length >= 16 && /[0-9]/.test(piece) && /[a-z]/.test(piece) && /[A-Z]/.test(piece) && !isEncodedRegistryAddress(piece),
    );
}

const REGISTRY_ADDRESS = /^(?:https?:\/\/)?(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9a-fA-F:]+\])(?::\d{1,5})?(?:\/[\w./-]*)?$/;

function isEncodedRegistryAddress(piece: string): boolean {
  const decoded = Buffer.from(piece, piece.includes('_') ? 'base64url' : 'base64').toString('latin1');
  return REGISTRY_ADDRESS.test(decoded);
}
