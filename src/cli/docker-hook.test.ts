import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandArgument, dockerHookLine, splitDockerGlobals } from './docker-hook.js';

describe('docker plugin arguments', () => {
  it('Docker\'s global options come before the plugin name; --config DIR is the configuration directory', () => {
    assert.deepEqual(splitDockerGlobals(['regauth', 'doctor']), { configDir: null, rest: ['regauth', 'doctor'] });
    assert.deepEqual(splitDockerGlobals(['--config', '/etc/ci', '-D', '-l', 'error', '--context', 'regauth', 'regauth', 'ls', '--config', 'x']), {
      configDir: '/etc/ci',
      rest: ['regauth', 'ls', '--config', 'x'],
    });
    assert.deepEqual(splitDockerGlobals(['--config=/a', '-H', 'unix:///s', '--tlsverify', 'push', 'x']), { configDir: '/a', rest: ['push', 'x'] });
  });

  it('the image (or registry) of the hooked command, past its flags', () => {
    assert.equal(commandArgument(['push', 'alice/app'], 'push'), 'alice/app');
    assert.equal(commandArgument(['push', '--platform', 'linux/arm64', '-q', 'alice/app:1'], 'push'), 'alice/app:1');
    assert.equal(commandArgument(['image', 'push', '-a', 'ghcr.io/org/app'], 'image push'), 'ghcr.io/org/app');
    assert.equal(commandArgument(['login', '-u', 'alice', '--password-stdin', 'ghcr.io'], 'login'), 'ghcr.io');
    assert.equal(commandArgument(['login', '-u', 'alice'], 'login'), null);
  });

  it('the hook says nothing after a command that succeeded', async () => {
    assert.equal(await dockerHookLine({ RootCmd: 'push', Flags: {}, CommandError: '' }, {}), null);
  });

  it('without the Docker CLI\'s command line (not its child), the hook names the command to run through a template', async () => {
    assert.equal(
      await dockerHookLine({ RootCmd: 'push', Flags: {}, CommandError: 'unauthorized: authentication required' }, {}),
      'regauth: to see which credentials docker sent, run "docker regauth doctor {{arg . 0}} --push"',
    );
  });
});
