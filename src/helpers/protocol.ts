/**
 * The docker-credential-helpers wire format, as the Go client library
 * (`docker-credential-helpers/client`) speaks it: what goes to the helper's stdin for each
 * action, and how its stdout is read back. Pure: no processes here.
 */
import { type Node, parseTree } from 'jsonc-parser';

import { Secret } from '../util/secret.js';

export type HelperAction = 'get' | 'store' | 'erase' | 'list';

export interface StoreInput {
  serverURL: string;
  username: string;
  secret: Secret;
}

/** What each action takes as input. */
export interface HelperInputs {
  get: string;
  erase: string;
  store: StoreInput;
  list: undefined;
}

/** The username a helper uses to say "the secret is an identity token". */
export const IDENTITY_TOKEN_USERNAME = '<token>';

/** Trimmed stdout of a helper that has nothing for the server URL (credentials/error.go). */
export const NOT_FOUND_MESSAGE = 'credentials not found in native keychain';

/** Trimmed stdouts the Go client turns into typed validation errors, printed as they are. */
export const VALIDATION_MESSAGES: readonly string[] = ['no credentials server URL', 'no credentials username'];

/** `list` is sent this literal; helpers ignore it. */
export const LIST_STDIN = 'unused';

/** The exact bytes the Go client writes to the helper's stdin. */
export function stdinFor<A extends HelperAction>(action: A, input: HelperInputs[A]): string {
  switch (action) {
    case 'get':
    case 'erase':
      return input as string;
    case 'store':
      return encodeStoreRequest(input as StoreInput);
    case 'list':
      return LIST_STDIN;
    default:
      throw new TypeError(`unknown helper action ${String(action)}`);
  }
}

/**
 * `json.NewEncoder(w).Encode(credentials.Credentials{...})`: field order of the Go struct,
 * HTML-safe escaping (`<token>` becomes `\u003ctoken\u003e`) and a trailing newline.
 */
export function encodeStoreRequest(input: StoreInput): string {
  const body = JSON.stringify({
    ServerURL: input.serverURL,
    Username: input.username,
    Secret: input.secret.reveal(),
  });
  return `${goHtmlEscape(body)}\n`;
}

/** Go's encoder escapes these even with SetEscapeHTML left on its default (true). */
function goHtmlEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function isNotFoundMessage(stdout: string): boolean {
  return stdout.trim() === NOT_FOUND_MESSAGE;
}

export type GetReply =
  | { kind: 'credentials'; serverURL: string; username: string; secret: Secret }
  | { kind: 'empty'; serverURL: string }
  | { kind: 'invalid'; message: string };

/**
 * Reads a `get` reply as the Go client does: the first JSON value on stdout (anything after it
 * is never read), decoded into a struct pre-filled with the requested server URL, with field
 * names matched case-insensitively. A reply with neither username nor secret is `empty`.
 */
export function parseGetReply(stdout: string, requestedServerURL: string): GetReply {
  const value = firstJsonValue(stdout);
  if (value.kind === 'invalid') return value;
  const root = value.node;
  if (root.type === 'null') {
    // Go leaves the pre-filled struct untouched: an answer with no username and no secret.
    return { kind: 'empty', serverURL: requestedServerURL };
  }
  if (root.type !== 'object') {
    return { kind: 'invalid', message: `the helper printed a JSON ${root.type}, not an object with ServerURL, Username and Secret` };
  }
  const fields: Record<'serverurl' | 'username' | 'secret', string | undefined> = {
    serverurl: undefined,
    username: undefined,
    secret: undefined,
  };
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined) continue;
    const field = goFoldFieldName(String(keyNode.value));
    if (field !== 'serverurl' && field !== 'username' && field !== 'secret') continue;
    if (valueNode.type === 'null') continue; // Go leaves the field as it was
    if (valueNode.type !== 'string') {
      return { kind: 'invalid', message: `the helper's reply has a ${valueNode.type} in "${String(keyNode.value)}" where a string belongs` };
    }
    fields[field] = String(valueNode.value);
  }
  const serverURL = fields.serverurl ?? requestedServerURL;
  const username = fields.username ?? '';
  const secretText = fields.secret ?? '';
  if (username === '' && secretText === '') return { kind: 'empty', serverURL };
  return { kind: 'credentials', serverURL, username, secret: new Secret(secretText) };
}

export type ListReply = { kind: 'entries'; entries: Record<string, string> } | { kind: 'invalid'; message: string };

/** Reads a `list` reply: a JSON object of server URL → username (`null` is an empty list, as in Go). */
export function parseListReply(stdout: string): ListReply {
  const value = firstJsonValue(stdout);
  if (value.kind === 'invalid') return value;
  const root = value.node;
  const entries: Record<string, string> = Object.create(null) as Record<string, string>;
  if (root.type === 'null') return { kind: 'entries', entries };
  if (root.type !== 'object') {
    return { kind: 'invalid', message: `the helper printed a JSON ${root.type}, not an object of server URL to username` };
  }
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined) continue;
    const serverURL = String(keyNode.value);
    if (valueNode.type === 'null') {
      entries[serverURL] = '';
      continue;
    }
    if (valueNode.type !== 'string') {
      return { kind: 'invalid', message: `the helper's list has a ${valueNode.type} for "${serverURL}" where a username belongs` };
    }
    entries[serverURL] = String(valueNode.value);
  }
  return { kind: 'entries', entries };
}

type FirstValue = { kind: 'value'; node: Node } | { kind: 'invalid'; message: string };

/** `json.Decoder.Decode`: one strict JSON value; text after it is never looked at. */
function firstJsonValue(text: string): FirstValue {
  if (text.trim() === '') return { kind: 'invalid', message: 'the helper printed nothing' };
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (root === undefined) return { kind: 'invalid', message: 'the helper did not print JSON' };
  // The tree keeps properties in source order (duplicates included) but is lenient; the strict
  // check of the same text is JSON.parse. Anything before the value (a comment) is an error in Go.
  const valueText = text.slice(root.offset, root.offset + root.length);
  if (text.slice(0, root.offset).trim() !== '' || !isStrictJson(valueText)) {
    return { kind: 'invalid', message: 'the helper did not print valid JSON' };
  }
  return { kind: 'value', node: root };
}

function isStrictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * encoding/json matches field names by Unicode simple case folding, under which the long s
 * (U+017F) equals "s" and the Kelvin sign (U+212A) equals "k".
 */
function goFoldFieldName(name: string): string {
  return name.replace(/\u017f/g, 's').replace(/\u212a/g, 'k').toLowerCase();
}
