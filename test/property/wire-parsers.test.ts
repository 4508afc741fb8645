/**
 * Properties of the parsers that read what other programs send: image references typed by
 * users, WWW-Authenticate headers, token responses and error bodies from registries, and the
 * replies of credential helpers. Each gives a result or a typed error — never an exception —
 * quickly, for any input.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseImageRef, registryFromArgument } from '../../src/reference/parse.js';
import { parseScopes, parseWwwAuthenticate, pickChallenge } from '../../src/registry/challenge.js';
import { parseTokenBody } from '../../src/registry/token.js';
import { describeErrorBody, parseErrorBody } from '../../src/registry/classify.js';
import { decodeJwt } from '../../src/registry/jwt.js';
import { parseGetReply, parseListReply } from '../../src/helpers/protocol.js';
import { scrubOutput } from '../../src/helpers/scrub.js';
import { isRegauthError } from '../../src/util/errors.js';
import { secret } from '../../src/util/secret.js';
import { CANARY, RUNS, timed } from './arbitraries.js';

/** Either a value or a RegauthError; anything else thrown fails the property. */
function resultOrTypedError(what: string, parse: () => unknown): void {
  try {
    timed(what, parse);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert.ok(isRegauthError(error), `${what} threw ${String(error)}`);
  }
}

const fromAlphabet = (alphabet: string, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet.split('')), maxLength });

const referenceArb = fc.oneof(
  fromAlphabet('abcAB019-_.:/@+[]%', 80),
  fc.tuple(fc.domain(), fc.option(fc.nat(70000)), fromAlphabet('abc/._-', 30), fc.option(fromAlphabet('abcAB1.-_', 20)), fc.option(fc.stringMatching(/^[a-f0-9]{0,70}$/))).map(
    ([host, port, path, tag, digest]) => `${host}${port === null ? '' : `:${port}`}/${path}${tag === null ? '' : `:${tag}`}${digest === null ? '' : `@sha256:${digest}`}`,
  ),
  fc.string({ maxLength: 300 }),
);

const headerArb = fc.oneof(
  fromAlphabet('BearBasicrealm=",\\ \t:/service scope error_=abc', 120),
  fc.tuple(fc.constantFrom('Bearer', 'Basic', 'Negotiate', 'bearer', ''), fc.array(fc.tuple(fc.constantFrom('realm', 'service', 'scope', 'error', 'x'), fc.string({ maxLength: 20 }), fc.boolean()), { maxLength: 5 })).map(
    ([scheme, params]) => `${scheme} ${params.map(([name, value, quoted]) => (quoted ? `${name}="${value.replace(/"/g, '\\"')}"` : `${name}=${value}`)).join(',')}`,
  ),
  fc.string({ maxLength: 200 }),
);

const jsonishArb = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.record({ token: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), access_token: fc.oneof(fc.string(), fc.boolean()), expires_in: fc.oneof(fc.integer(), fc.string(), fc.double()), refresh_token: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ errors: fc.oneof(fc.array(fc.record({ code: fc.anything(), message: fc.anything() }, { requiredKeys: [] }), { maxLength: 3 }), fc.anything()), details: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 100 }),
  fc.uint8Array({ maxLength: 100 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
);

describe('wire parsers: a result or a typed error, never an exception', () => {
  test(`image references (${RUNS})`, () => {
    fc.assert(
      fc.property(referenceArb, (text) => {
        resultOrTypedError('parseImageRef', () => parseImageRef(text));
        resultOrTypedError('registryFromArgument', () => registryFromArgument(text));
      }),
      { numRuns: RUNS },
    );
  });

  test(`WWW-Authenticate headers (${RUNS})`, () => {
    fc.assert(
      fc.property(fc.array(headerArb, { maxLength: 3 }), (headers) => {
        const challenges = timed('parseWwwAuthenticate', () => parseWwwAuthenticate(headers));
        pickChallenge(challenges);
        for (const challenge of challenges) {
          // schemes are case-insensitive (RFC 7235): the parser hands them on in one case
          assert.equal(challenge.scheme, challenge.scheme.toLowerCase());
          const scope = challenge.params['scope'];
          if (scope !== undefined) timed('parseScopes', () => parseScopes(scope));
        }
      }),
      { numRuns: RUNS },
    );
  });

  test(`token responses (${RUNS})`, () => {
    fc.assert(
      fc.property(jsonishArb, (text) => {
        const body = timed('parseTokenBody', () => parseTokenBody(text));
        if (body !== null) {
          assert.ok(body.expiresIn >= 60);
          assert.equal(JSON.stringify(body).includes(body.token.reveal()) && body.token.length > 12, false, 'a token serialised');
          timed('decodeJwt', () => decodeJwt(body.token.reveal()));
        }
      }),
      { numRuns: RUNS },
    );
  });

  test(`registry error bodies (${RUNS})`, () => {
    fc.assert(
      fc.property(jsonishArb, fc.constantFrom(undefined, 'application/json', 'text/html', 'text/plain'), (text, contentType) => {
        const body = timed('parseErrorBody', () => parseErrorBody(text, contentType));
        describeErrorBody(body);
      }),
      { numRuns: RUNS },
    );
  });

  test(`helper get and list replies (${RUNS})`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          jsonishArb,
          fc.record({ ServerURL: fc.anything(), Username: fc.anything(), Secret: fc.anything() }, { requiredKeys: [] }).map((v) => `${JSON.stringify(v)}\n${'x'}`),
          fc.record({ ServerURL: fc.string(), Username: fc.string({ maxLength: 8 }), Secret: fc.constant(CANARY) }).map((v) => JSON.stringify(v)),
        ),
        fc.string({ maxLength: 20 }),
        (stdout, serverURL) => {
          const reply = timed('parseGetReply', () => parseGetReply(stdout, serverURL));
          // a secret the helper printed stays wrapped: the reply serialises without it
          if (stdout.includes(CANARY) && reply.kind === 'credentials') {
            assert.equal(reply.secret.reveal(), CANARY);
            assert.ok(!JSON.stringify(reply).includes(CANARY), 'a helper secret serialised');
          }
          if (reply.kind === 'empty' && stdout.trim() === 'null') assert.equal(reply.serverURL, serverURL, 'a null reply keeps the requested server URL');
          timed('parseListReply', () => parseListReply(stdout));
        },
      ),
      { numRuns: RUNS },
    );
  });

  test(`scrubbing removes a known secret from any text (${RUNS})`, () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ minLength: 8, maxLength: 30 }), fc.string({ maxLength: 60 }), (before, value, afterText) => {
        const known = { username: 'alice', secrets: [secret(value)] };
        const scrubbed = timed('scrubOutput', () => scrubOutput(`${before}${value}${afterText} ${Buffer.from(`alice:${value}`).toString('base64')}`, known));
        assert.ok(!scrubbed.includes(value), `"${value}" survived in "${scrubbed}"`);
      }),
      { numRuns: RUNS },
    );
  });
});
