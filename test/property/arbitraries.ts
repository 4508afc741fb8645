/**
 * Generators of hostile outside input for the parser properties: text that is almost a config
 * file, random JSON, random bytes, BOMs, CRLF, duplicate keys; plus the timing guard every
 * property shares.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';

/** Generated inputs per parser and run (the issue asks for at least 10,000). */
export const RUNS = 10_000;

/**
 * A net against a parser that hangs on one small input, not a performance bound: it must hold
 * on a machine loaded many times over (timings go to bench/, not to tests).
 */
export const SINGLE_INPUT_LIMIT_MS = 10_000;

/** Runs `parse`, failing when a single input never seems to end. */
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

/** The same net for one extreme input (megabytes of text). */
export const EXTREME_INPUT_LIMIT_MS = 30_000;

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

/** Registries the resolver properties look up, with the keys each names them by in files. */
export const PROPERTY_REGISTRIES = ['docker.io', 'myreg.example.com', 'myreg.example.com:5000', 'localhost:5001', 'quay.io'] as const;

function keysNaming(registry: string): string[] {
  // Docker and crane find Hub credentials only under the v1 URL; containers/image and the kubelet take "docker.io"
  if (registry === 'docker.io') return ['https://index.docker.io/v1/', 'docker.io'];
  return [registry, `https://${registry}`];
}

/** An entry carrying the canary the way each client reads it (containers/image ignores username/password). */
const canaryEntryArb = fc.constantFrom<Record<string, string>>(
  { auth: b64(`alice:${CANARY}`) },
  { auth: b64(`alice:${CANARY}`), email: 'alice@example.com' },
  { auth: b64(`alice:${CANARY}`), identitytoken: CANARY },
  { identitytoken: CANARY },
);

/** A neighbour every client can decode (a field of the wrong type fails the whole file for most of them). */
const wellTypedEntryArb = fc.record(
  { auth: fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([user, password]) => b64(`${user}:${password}`)), email: fc.string({ maxLength: 10 }) },
  { requiredKeys: [] },
);

/**
 * A config that names the registry with the canary as its secret, in every key spelling the
 * clients accept (the same credentials under each, so no winner is random), among random
 * neighbours; sometimes lightly damaged. `kube` is the same content as the kubelet may get it:
 * the bare file or wrapped in a Kubernetes pull secret. Every client finds the canary in most.
 */
export function configWithSecretFor(registry: string): fc.Arbitrary<{ text: string; kube: string }> {
  return fc
    .tuple(canaryEntryArb, fc.dictionary(fc.domain(), wellTypedEntryArb, { maxKeys: 3 }), fc.nat(19), fc.nat(), fc.constantFrom('"', '{', ',', 'x'), fc.boolean())
    .map(([entry, neighbours, how, at, char, asSecret]) => {
      const auths: Record<string, unknown> = { ...neighbours };
      for (const key of keysNaming(registry)) auths[key] = entry;
      const intact = JSON.stringify({ auths }, null, how % 2 === 0 ? '\t' : undefined);
      // how 1: a BOM, 2: CRLF, 19: one character inserted somewhere; otherwise intact
      const text = how <= 2 ? mangle(intact, how, at, char) : how === 19 ? mangle(intact, 4, at, char) : intact;
      const kube = asSecret ? JSON.stringify({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(text) } }) : text;
      return { text, kube };
    });
}
