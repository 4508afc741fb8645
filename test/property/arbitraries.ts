/**
 * Generators of hostile outside input for the parser properties: text that is almost a config
 * file, random JSON, random bytes, BOMs, CRLF, duplicate keys; plus the timing guard every
 * property shares.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';

/** Generated inputs per parser and run (the issue asks for at least 10,000). */
export const RUNS = 10_000;

/** One parse of one small input taking this long means something is quadratic or worse. */
export const SINGLE_INPUT_LIMIT_MS = 250;

/** Runs `parse`, failing when a single input takes unreasonably long. */
export function timed<T>(what: string, parse: () => T, limitMs = SINGLE_INPUT_LIMIT_MS): T {
  const started = performance.now();
  const result = parse();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < limitMs, `${what} took ${elapsed.toFixed(0)} ms on one input`);
  return result;
}

export const CANARY = 'canary-fuzz-secret-value';

const hostArb = fc.oneof(
  fc.constantFrom(
    'docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'registry-1.docker.io', 'myreg.example.com',
    'myreg.example.com:5000', 'http://myreg.example.com', 'https://myreg.example.com/v2/', 'localhost:5001', '[::1]:5000',
    '*.example.com', 'MyReg.Example.COM', 'quay.io/org', '', ' ', ':', 'https://', '127.0.0.1',
  ),
  fc.domain(),
  fc.string({ maxLength: 20 }),
);

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** values of the wrong type (or right type, random content) for any field; never the canary */
const plain = fc.string({ maxLength: 16 });
const anyValue = fc.oneof(plain, fc.integer(), fc.boolean(), fc.constant(null), fc.array(plain, { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), plain, { maxKeys: 2 }));
/** secret positions: the canary, also where it does not belong (an array, an object) */
const secretValue = fc.oneof(fc.constant(CANARY), fc.constant([CANARY]), fc.constant({ v: CANARY }), anyValue);

const entryArb = fc.record(
  {
    auth: fc.oneof(fc.constant(b64(`alice:${CANARY}`)), fc.constant(b64(CANARY)), fc.constant(`${b64(`a:${CANARY}`)}=`), fc.base64String({ maxLength: 24 }), anyValue),
    username: fc.oneof(fc.constantFrom('alice', '<token>', ''), anyValue),
    password: secretValue,
    identitytoken: secretValue,
    registrytoken: secretValue,
    email: anyValue,
    unknown: secretValue,
  },
  { requiredKeys: [] },
);

/** An object shaped like config.json / auth.json, with every field possibly of the wrong type. */
export const configObjectArb = fc.record(
  {
    auths: fc.oneof(fc.dictionary(hostArb, fc.oneof(entryArb, anyValue), { maxKeys: 4 }), anyValue),
    credsStore: fc.oneof(fc.constantFrom('desktop', 'pass', 'secretservice', ''), anyValue),
    credHelpers: fc.oneof(fc.dictionary(hostArb, fc.oneof(fc.constantFrom('pass', 'ecr-login', ''), anyValue), { maxKeys: 3 }), anyValue),
    HttpHeaders: anyValue,
    proxies: anyValue,
  },
  { requiredKeys: [] },
);

/** Text edits that keep a file almost valid: a BOM, CRLF, a duplicated key, one character changed. */
function mangle(text: string, how: number, at: number, char: string): string {
  const position = text.length === 0 ? 0 : at % text.length;
  switch (how) {
    case 0:
      return text;
    case 1:
      return `\ufeff${text}`;
    case 2:
      return text.replace(/\n/g, '\r\n');
    case 3:
      return text.replace(/\{"/, (open) => `${open}auths":{},"`);
    case 4:
      return text.slice(0, position) + char + text.slice(position);
    case 5:
      return text.slice(0, position) + text.slice(position + 1);
    default:
      return text.slice(0, position);
  }
}

/** Mostly-valid config text with one of many kinds of damage. */
export const configTextArb = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(configObjectArb, fc.nat(6), fc.nat(), fc.constantFrom('"', '{', '}', ',', ':', '\\', '\u0000', '\ud800', 'x', ' ')).map(([object, how, at, char]) => mangle(JSON.stringify(object, null, how % 2 === 0 ? '\t' : undefined), how, at, char)) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes).toString('utf8')) },
  { weight: 1, arbitrary: fc.nat(3000).map((depth) => `{"auths":${'['.repeat(depth)}${']'.repeat(depth)}}`) },
);

/** Time for one extreme input (megabytes of text): linear work, with room for a slow machine. */
export const EXTREME_INPUT_LIMIT_MS = 3000;

/** Extreme shapes every parser gets on top of the generated ones. */
export const EXTREME_TEXTS: readonly string[] = [
  '['.repeat(100_000),
  `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
  `{"auths":{"x":{"auth":"${'A'.repeat(3_000_000)}"}}}`,
  `{"auths":{"x":{"password":"${'\\u0041'.repeat(200_000)}"}}}`,
  `{${Array.from({ length: 20_000 }, (_, i) => `"auths":{"k${i}":{}}`).join(',')}}`,
  '\ufeff\ufeff{}',
  '\u0000'.repeat(10_000),
  `"${'\\'.repeat(100_001)}`,
];

export { b64 };
