import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeObserved, usersInRegistryLog, usersInTokenLog } from './observed-users.js';

const registryLog = [
  '{"level":"info","msg":"authorized request","http.request.uri":"/v2/app/manifests/latest"}',
  '{"auth.user.name":"alice","level":"debug","msg":"GetImageManifest"}',
  '{"auth.user.name":"alice","level":"debug","msg":"filesystem.GetContent"}',
  '{"auth.user.name":"","level":"debug","msg":"anonymous JWT subject"}',
  '{"level":"error","msg":"error authenticating user \\"bob\\": authentication failure"}',
  'time="2024-01-01" level=info msg="text formatter line"',
  '{"auth.user.name":"carol","msg":"cut off at the read bound',
].join('\n');

test('registry log: users from auth.user.name, rejected users from failed htpasswd logins', () => {
  assert.deepEqual(usersInRegistryLog(registryLog), { users: ['alice'], rejected: ['bob'] });
});

test('token server log: authenticated and rejected users', () => {
  const log = [
    JSON.stringify({ user: 'dave', rejectedUser: null, status: 200 }),
    JSON.stringify({ user: null, rejectedUser: 'erin', status: 401 }),
    JSON.stringify({ user: null, rejectedUser: null, status: 200 }),
  ].join('\n');
  assert.deepEqual(usersInTokenLog(log), { users: ['dave'], rejected: ['erin'] });
});

test('merging sorts and removes duplicates', () => {
  assert.deepEqual(mergeObserved({ users: ['b', 'a'], rejected: [] }, { users: ['a'], rejected: ['c'] }), { users: ['a', 'b'], rejected: ['c'] });
});
