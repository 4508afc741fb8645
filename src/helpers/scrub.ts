/**
 * Removes credentials from helper output before it is kept for diagnosis. Helpers sometimes echo
 * what they were given (or what they read from a keychain) into error text, so both the values we
 * know about and things that merely look like credentials are replaced.
 */
import { Buffer } from 'node:buffer';

import { type Secret, secretsSeen } from '../util/secret.js';

export const SCRUBBED = '[redacted]';

/** Values shorter than this are only replaced as whole words, so "a" does not wreck the text. */
const SHORT_SECRET_LENGTH = 4;

export interface KnownCredentials {
  username?: string;
  secrets: readonly Secret[];
}

/**
 * `text` without the given credentials, without every other secret this process has read
 * (a helper may print one from the same config), and without anything that looks like one.
 */
export function scrubOutput(text: string, known: KnownCredentials): string {
  let result = scrubKnown(text, known);
  // short values would wreck ordinary words ("pass" in docker-credential-pass); the caller's own are handled above
  result = scrubSeen(result);
  for (const pattern of credentialLookalikes()) {
    result = typeof pattern.replace === 'string' ? result.replace(pattern.regex, pattern.replace) : result.replace(pattern.regex, pattern.replace);
  }
  return result;
}

/** Replaces only the known secrets (in every form they travel in); text that merely looks like a token stays. */
export function scrubKnown(text: string, known: KnownCredentials): string {
  return knownScrubber(known)(text);
}

/** `scrubKnown` for many texts: the forms of the secrets are worked out once. */
export function knownScrubber(known: KnownCredentials): (text: string) => string {
  const forms = knownForms(known);
  return (text) => {
    let result = text;
    for (const value of forms) {
      result = replaceValue(result, value);
    }
    return scrubTruncatedTail(result, forms);
  };
}

/** A value as it is, JSON- and Go-JSON-escaped, URL-encoded and in base64: longest first. */
function valueForms(value: string): string[] {
  const forms = new Set<string>([value, JSON.stringify(value).slice(1, -1), goJsonEscaped(value), encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]);
  const standard = Buffer.from(value, 'utf8').toString('base64');
  forms.add(standard);
  forms.add(standard.replace(/=+$/, ''));
  return [...forms].filter((form) => form !== '').sort((a, b) => b.length - a.length);
}

/**
 * The forms of every secret seen, indexed by their first characters, so scrubbing a text costs
 * a lookup per position of the text rather than a search per secret (it runs for every helper
 * answer, and a config may hold hundreds of secrets).
 */
const PREFIX = 4;
const seenIndex = new Map<string, Set<string>>();
const indexedValues = new Set<string>();

function indexSeenSecrets(): void {
  for (const value of secretsSeen()) {
    if (value.length < MIN_SEEN_SECRET_LENGTH || indexedValues.has(value)) continue;
    if (indexedValues.size >= 4096) {
      indexedValues.clear();
      seenIndex.clear();
    }
    indexedValues.add(value);
    for (const form of valueForms(value)) {
      const key = form.slice(0, PREFIX);
      const forms = seenIndex.get(key) ?? new Set<string>();
      forms.add(form);
      seenIndex.set(key, forms);
    }
  }
}

function scrubSeen(text: string): string {
  indexSeenSecrets();
  const present = new Set<string>();
  for (let at = 0; at + PREFIX <= text.length; at++) {
    for (const form of seenIndex.get(text.slice(at, at + PREFIX)) ?? []) if (text.startsWith(form, at)) present.add(form);
  }
  let result = text;
  for (const form of [...present].sort((a, b) => b.length - a.length)) result = replaceValue(result, form);
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
    forms.add(goJsonEscaped(value));
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

/** A string as Go's encoding/json writes it (HTML-safe: <, >, & and U+2028/9 as \u escapes), without the quotes. */
export function goJsonEscaped(value: string): string {
  return JSON.stringify(value)
    .slice(1, -1)
    .replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const MIN_SEEN_SECRET_LENGTH = 8;

/** Output cut off inside a secret (a capped stream, a truncated line) ends with its first part. */
const MIN_PARTIAL_LENGTH = 8;

function scrubTruncatedTail(text: string, forms: readonly string[]): string {
  for (const form of forms) {
    if (form.length <= MIN_PARTIAL_LENGTH) continue;
    // the longest proper prefix of the form that ends the text: the earliest start of one
    const head = form.slice(0, MIN_PARTIAL_LENGTH);
    let at = text.indexOf(head, Math.max(0, text.length - (form.length - 1)));
    while (at >= 0 && at <= text.length - MIN_PARTIAL_LENGTH) {
      if (form.startsWith(text.slice(at))) return `${text.slice(0, at)}${SCRUBBED}`;
      at = text.indexOf(head, at + 1);
    }
  }
  return text;
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

const SECRET_FIELD_NAMES = new Set(['secret', 'password', 'auth', 'identitytoken', 'registrytoken', 'token', 'access_token', 'refresh_token']);

/** A JSON key, also when written with escapes (`"\u0070assword"`), names a secret field. */
function isSecretKey(quotedKey: string): boolean {
  try {
    return SECRET_FIELD_NAMES.has((JSON.parse(quotedKey) as string).toLowerCase());
  } catch {
    return false;
  }
}

let lookalikes: readonly Lookalike[] | undefined;

/** Made on first use: V8 parses each pattern when it is created, and most commands scrub nothing. */
function credentialLookalikes(): readonly Lookalike[] {
  lookalikes ??= [
    // JSON fields that carry credentials: "Secret": "...", "password":"...", "auth": "...", also
    // with escaped key names and cut off before the closing quote
    {
      regex: /("(?:[^"\\]|\\.)*")(\s*:\s*")((?:[^"\\]|\\.)*)("|\\?$)/g,
      replace: (match) => {
        const parts = /^("(?:[^"\\]|\\.)*")(\s*:\s*")((?:[^"\\]|\\.)*)("|\\?$)/.exec(match);
        if (parts === null || !isSecretKey(parts[1] ?? '')) return match;
        return `${parts[1]}${parts[2]}${SCRUBBED}${parts[4] === '"' ? '"' : ''}`;
      },
    },
    // the same fields in prose and forms: `Secret: x`, `password=x`
    { regex: /\b(secret|password|passwd|token|access_token|refresh_token|identitytoken)(\s*[:=]\s*)(?!\[redacted\]|")[^\s&,;]+/gi, replace: `$1$2${SCRUBBED}` },
    // HTTP authorization values
    { regex: /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{4,}/g, replace: `$1 ${SCRUBBED}` },
    // JSON Web Tokens
    { regex: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: SCRUBBED },
    // long runs of base64-like characters: tokens and keys
    { regex: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,2}/g, replace: (run) => (looksRandom(run) ? SCRUBBED : run) },
  ];
  return lookalikes;
}

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
