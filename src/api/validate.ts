/**
 * Input checks at the library's edge: every bad argument becomes a `RegauthError` with a stable
 * code before any file, helper or registry is touched.
 */
import { ALL_CLIENT_IDS, CLIENT_IDS, type ClientId } from '../clients/model.js';
import { dockerVersionArgument, type DockerVersion } from '../clients/versions.js';
import { parseImageRef } from '../reference/parse.js';
import type { ImageRef } from '../reference/model.js';
import { RegauthError } from '../util/errors.js';
import { Secret } from '../util/secret.js';

/** What each option of a public function must be; keys not listed are refused (typos, internal hooks). */
export type OptionKind = 'string' | 'boolean' | 'positive-number' | 'env' | 'string-list' | 'client' | 'function' | 'secret';

export type OptionSpec = Readonly<Record<string, OptionKind>>;

function optionsError(fn: string, message: string): RegauthError {
  return new RegauthError('E_OPTIONS_INVALID', `${fn}: ${message}`);
}

function kindMatches(kind: OptionKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'positive-number':
      return typeof value === 'number' && Number.isFinite(value) && value > 0;
    case 'env':
      return isPlainObject(value) && Object.values(value).every((entry) => entry === undefined || typeof entry === 'string');
    case 'string-list':
      return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
    case 'client':
      return typeof value === 'string';
    case 'function':
      return typeof value === 'function';
    case 'secret':
      return typeof value === 'string' || value instanceof Secret;
  }
}

const KIND_TEXT: Record<OptionKind, string> = {
  string: 'a string',
  boolean: 'true or false',
  'positive-number': 'a positive number',
  env: 'an object of strings',
  'string-list': 'an array of strings',
  client: 'a client id',
  function: 'a function',
  secret: 'a string or a Secret',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The options object of `fn`: undefined or a plain object whose keys and values fit `spec`. */
export function checkOptions(fn: string, options: unknown, spec: OptionSpec): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) throw optionsError(fn, 'options must be an object');
  for (const [name, value] of Object.entries(options)) {
    const kind = spec[name];
    if (kind === undefined) throw optionsError(fn, `unknown option "${name}" (known: ${Object.keys(spec).sort().join(', ')})`);
    if (value === undefined) continue;
    if (!kindMatches(kind, value)) throw optionsError(fn, `option "${name}" must be ${KIND_TEXT[kind]}`);
    if (kind === 'client') checkClient(value as string);
  }
}

/** One of the client ids, else E_CLIENT_UNKNOWN. */
export function checkClient(value: unknown, allowed: readonly ClientId[] = CLIENT_IDS): ClientId {
  if (typeof value === 'string' && value !== '' && (ALL_CLIENT_IDS as readonly string[]).includes(value) && !(allowed as readonly string[]).includes(value)) {
    throw new RegauthError('E_CLIENT_UNSUPPORTED', `${value} is modelled by resolve and ls only`, { hint: `clients here: ${allowed.join(', ')}; regauth resolve IMAGE --client ${value} lists each host and what it is sent` });
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RegauthError('E_CLIENT_UNKNOWN', `unknown client ${JSON.stringify(value) ?? String(value)}`, { hint: `clients: ${allowed.join(', ')}` });
  }
  return value as ClientId;
}

/** An image reference as Docker's distribution/reference reads it, else E_REFERENCE_INVALID. */
export function checkImage(image: unknown): ImageRef {
  if (typeof image !== 'string') throw new RegauthError('E_REFERENCE_INVALID', 'the image reference must be a string');
  return parseImageRef(image);
}

/** A non-empty string argument, else E_OPTIONS_INVALID. */
export function checkText(fn: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw optionsError(fn, `${name} must be a non-empty string`);
  return value;
}

/** `dockerVersion: "28.2"` → the modelled release, else E_OPTIONS_INVALID. */
export function checkDockerVersion(fn: string, text: string | undefined): DockerVersion | undefined {
  if (text === undefined) return undefined;
  try {
    return dockerVersionArgument(text);
  } catch (error) {
    throw optionsError(fn, error instanceof Error ? error.message : String(error));
  }
}
