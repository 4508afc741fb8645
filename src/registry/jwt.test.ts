import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, grantedActions } from './jwt.js';

function jwt(header: unknown, claims: unknown): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part(header)}.${part(claims)}.c2lnbmF0dXJl`;
}

test('decodes Docker Hub style claims', () => {
  const decoded = decodeJwt(
    jwt({ alg: 'RS256', typ: 'JWT', x5c: ['MII'] }, {
      iss: 'auth.docker.io',
      sub: 'alice',
      exp: 1700000300,
      access: [{ type: 'repository', name: 'alice/app', actions: ['pull', 'push'], parameters: { pull_limit: '100' } }],
    }),
  );
  assert.ok(decoded);
  assert.equal(decoded.subject, 'alice');
  assert.equal(decoded.issuer, 'auth.docker.io');
  assert.equal(decoded.expiresAt?.toISOString(), new Date(1700000300 * 1000).toISOString());
  assert.deepEqual(grantedActions(decoded, 'repository', 'alice/app'), ['pull', 'push']);
  assert.deepEqual(grantedActions(decoded, 'repository', 'bob/app'), []);
});

test('wildcard action and merged entries', () => {
  const decoded = decodeJwt(jwt({}, { access: [{ type: 'repository', name: 'a', actions: ['*'] }] }))!;
  assert.deepEqual(grantedActions(decoded, 'repository', 'a'), ['*', 'pull', 'push', 'delete']);
  const merged = decodeJwt(jwt({}, { access: [{ type: 'repository', name: 'a', actions: ['pull'] }, { type: 'repository', name: 'a', actions: ['push'] }] }))!;
  assert.deepEqual(grantedActions(merged, 'repository', 'a'), ['pull', 'push']);
});

test('missing or malformed access claim gives null, never an exception', () => {
  const noAccess = decodeJwt(jwt({}, { sub: '' }))!;
  assert.equal(noAccess.subject, '');
  assert.equal(grantedActions(noAccess, 'repository', 'a'), null);
  assert.equal(decodeJwt(jwt({}, { access: 'x', exp: '123' }))!.expiresAt, null);
  const odd = decodeJwt(jwt({}, { access: [null, 1, { type: 'repository', name: 'a', actions: [1, 'pull'] }] }))!;
  assert.deepEqual(grantedActions(odd, 'repository', 'a'), ['pull']);
});

test('non-JWT tokens decode to null', () => {
  for (const token of ['', 'opaque-token', 'a.b', 'a.b.c.d', '!!.??.x', `${Buffer.from('[]').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.x`]) {
    assert.equal(decodeJwt(token), null, token);
  }
});
