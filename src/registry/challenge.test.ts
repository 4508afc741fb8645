import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScopes, parseWwwAuthenticate, pickChallenge } from './challenge.js';

const cases: Array<{ name: string; headers: string[]; expected: Array<{ scheme: string; params: Record<string, string>; token68?: string }> }> = [
  {
    name: 'Docker Hub bearer',
    headers: ['Bearer realm="https://auth.docker.io/token",service="registry.docker.io"'],
    expected: [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io' } }],
  },
  {
    name: 'scope and error, scope names containing a colon',
    headers: ['Bearer realm="https://r/token",service="svc",scope="repository:localhost:5000/a/b:pull,push",error="insufficient_scope"'],
    expected: [
      {
        scheme: 'bearer',
        params: { realm: 'https://r/token', service: 'svc', scope: 'repository:localhost:5000/a/b:pull,push', error: 'insufficient_scope' },
      },
    ],
  },
  { name: 'basic with realm', headers: ['Basic realm="basic-realm"'], expected: [{ scheme: 'basic', params: { realm: 'basic-realm' } }] },
  { name: 'scheme and names lower-cased, values kept', headers: ['BEARER Realm="X",SERVICE=Y'], expected: [{ scheme: 'bearer', params: { realm: 'X', service: 'Y' } }] },
  {
    name: 'several challenges in one header',
    headers: ['Basic realm="a", Bearer realm="https://t/token",service="s"'],
    expected: [
      { scheme: 'basic', params: { realm: 'a' } },
      { scheme: 'bearer', params: { realm: 'https://t/token', service: 's' } },
    ],
  },
  {
    name: 'several headers',
    headers: ['Negotiate', 'Bearer realm="r"'],
    expected: [
      { scheme: 'negotiate', params: {} },
      { scheme: 'bearer', params: { realm: 'r' } },
    ],
  },
  { name: 'escaped quotes and backslashes', headers: ['Bearer realm="a\\"b\\\\c",service="d,e"'], expected: [{ scheme: 'bearer', params: { realm: 'a"b\\c', service: 'd,e' } }] },
  { name: 'unquoted value with URL characters', headers: ['Bearer realm=https://t:8443/token,service=svc'], expected: [{ scheme: 'bearer', params: { realm: 'https://t:8443/token', service: 'svc' } }] },
  { name: 'OpenShift unquoted realm and error', headers: ['Basic realm=openshift,error="access denied"'], expected: [{ scheme: 'basic', params: { realm: 'openshift', error: 'access denied' } }] },
  { name: 'spaces around = and commas', headers: ['Bearer realm = "r" ,  service= "s"'], expected: [{ scheme: 'bearer', params: { realm: 'r', service: 's' } }] },
  { name: 'token68', headers: ['Negotiate abc==, Basic realm="x"'], expected: [{ scheme: 'negotiate', params: {}, token68: 'abc==' }, { scheme: 'basic', params: { realm: 'x' } }] },
  { name: 'unterminated quoted string', headers: ['Bearer realm="https://r'], expected: [{ scheme: 'bearer', params: { realm: 'https://r' } }] },
  { name: 'empty header', headers: [''], expected: [] },
  { name: 'stray commas', headers: [',,Bearer realm="r",,service="s",'], expected: [{ scheme: 'bearer', params: { realm: 'r', service: 's' } }] },
  { name: 'last duplicate wins', headers: ['Bearer realm="a",realm="b"'], expected: [{ scheme: 'bearer', params: { realm: 'b' } }] },
];

for (const c of cases) {
  test(`parseWwwAuthenticate: ${c.name}`, () => {
    const parsed = parseWwwAuthenticate(c.headers).map((ch) => ({ ...ch, params: { ...ch.params } }));
    assert.deepEqual(parsed, c.expected);
  });
}

test('pickChallenge takes the first Basic or Bearer challenge', () => {
  const challenges = parseWwwAuthenticate(['Negotiate', 'Bearer realm="r"', 'Basic realm="b"']);
  assert.equal(pickChallenge(challenges)?.scheme, 'bearer');
  assert.equal(pickChallenge(parseWwwAuthenticate(['Negotiate'])), null);
});

test('parseScopes: names with ports, classes, several scopes', () => {
  assert.deepEqual(parseScopes('repository:localhost:5000/a:pull,push repository(plugin):p/q:pull registry:catalog:*'), [
    { type: 'repository', resourceClass: null, name: 'localhost:5000/a', actions: ['pull', 'push'], raw: 'repository:localhost:5000/a:pull,push' },
    { type: 'repository', resourceClass: 'plugin', name: 'p/q', actions: ['pull'], raw: 'repository(plugin):p/q:pull' },
    { type: 'registry', resourceClass: null, name: 'catalog', actions: ['*'], raw: 'registry:catalog:*' },
  ]);
  assert.deepEqual(parseScopes('nonsense'), []);
});

test('parseWwwAuthenticate never throws and yields well-formed challenges', () => {
  const alphabet = fc.constantFrom('B', 'e', 'a', 'r', ' ', ',', '=', '"', '\\', ':', '/', 'x', '\t', '(', ')', 'é');
  fc.assert(
    fc.property(fc.array(fc.string({ unit: alphabet, maxLength: 60 }), { maxLength: 4 }), (headers) => {
      for (const challenge of parseWwwAuthenticate(headers)) {
        assert.equal(typeof challenge.scheme, 'string');
        assert.ok(challenge.scheme.length > 0);
        assert.equal(challenge.scheme, challenge.scheme.toLowerCase());
        for (const [k, v] of Object.entries(challenge.params)) {
          assert.equal(k, k.toLowerCase());
          assert.equal(typeof v, 'string');
        }
      }
    }),
    { numRuns: 2000 },
  );
});

test('quoted values survive a round trip', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (realm, service) => {
      const quote = (s: string): string => `"${s.replace(/[\\"]/g, (m) => `\\${m}`)}"`;
      const [challenge] = parseWwwAuthenticate([`Bearer realm=${quote(realm)},service=${quote(service)}`]);
      assert.equal(challenge?.params['realm'], realm);
      assert.equal(challenge?.params['service'], service);
    }),
  );
});
