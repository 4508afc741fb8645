import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { list, isRegauthError } from '../../src/index.js';
import { loadTestbed } from '../testbed/testbed.js';
import { authOf, homeWithDockerConfig, regauth } from '../cli/support.js';

/** `ls --json` and `list()` are one code path: the same files, entries and verdicts. */
const testbed = loadTestbed();
after(() => testbed.close());

test('list() gives what "regauth ls --json" prints, for every client and for one', async () => {
  const config = { auths: { 'docker.io': { auth: authOf(testbed, 'alice') }, 'myreg.example.com': { auth: authOf(testbed, 'bob') } }, credHelpers: { 'other.example.com': 'missing-helper' } };
  const { home } = homeWithDockerConfig(testbed, JSON.stringify(config));
  for (const clients of [undefined, ['crane', 'docker'] as const]) {
    const printed = await regauth(['ls', '--json', ...(clients === undefined ? [] : ['--client', clients.join(',')])], { env: { HOME: home } });
    assert.equal(printed.code, 0, printed.stderr);
    const expected = (JSON.parse(printed.stdout) as { clients: unknown }).clients;
    const listed = await list({ env: testbed.env({ HOME: home }), ...(clients === undefined ? {} : { clients }) });
    assert.deepEqual(JSON.parse(JSON.stringify(listed.clients)), expected);
  }
  const docker = (await list({ env: testbed.env({ HOME: home }), clients: ['docker'] })).clients[0];
  assert.deepEqual(docker?.files[0]?.entries.map((entry) => [entry.key, entry.username, entry.used]), [['docker.io', 'alice', false], ['myreg.example.com', 'bob', true]]);
});

test('list() refuses an unknown client with E_CLIENT_UNKNOWN and an unknown option with E_OPTIONS_INVALID', async () => {
  await assert.rejects(list({ clients: ['dokcer' as 'docker'] }), (error) => isRegauthError(error) && error.code === 'E_CLIENT_UNKNOWN');
  await assert.rejects(list({ client: 'docker' } as never), (error) => isRegauthError(error) && error.code === 'E_OPTIONS_INVALID');
});
