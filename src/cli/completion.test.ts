import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ALL_CLIENT_IDS } from '../clients/model.js';
import { FINDING_IDS } from '../doctor/catalogue.js';
import { COMMAND_NAMES, COMMAND_TABLE } from './command-table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'regauth-completion-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// a user with regauth on PATH and two logins in ~/.docker/config.json
const bin = join(scratch, 'bin');
const home = join(scratch, 'home');
mkdirSync(bin);
mkdirSync(join(home, '.docker'), { recursive: true });
symlinkSync(join(ROOT, 'bin', 'regauth.js'), join(bin, 'regauth'));
writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: 'YTpi' }, 'ghcr.io': { auth: 'YTpi' } }, credHelpers: { '123.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' } }));
const env = { PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: home, LANG: 'C.UTF-8' };

/** Runs the real bash with the generated script loaded; `words` is the command line so far, the last word being completed. */
function complete(words: string[]): string[] {
  const script = [
    'source <(regauth completion bash) || exit 3',
    `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_regauth',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', env, cwd: scratch });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  return result.stdout.split('\n').filter((line) => line !== '');
}

describe('bash completion (real bash)', () => {
  it('is registered for regauth with complete -F', () => {
    const result = spawnSync('bash', ['-c', 'source <(regauth completion bash) && complete -p regauth'], { encoding: 'utf8', env });
    assert.equal(result.stdout.trim(), 'complete -o default -F _regauth regauth');
    assert.equal(spawnSync('bash', ['-n', '-c', spawnSync('regauth', ['completion', 'bash'], { encoding: 'utf8', env }).stdout]).status, 0);
  });

  it('commands, then each command\'s options from the table', () => {
    assert.deepEqual(complete(['regauth', '']).sort(), [...COMMAND_NAMES, '--help', '--version'].sort());
    assert.deepEqual(complete(['regauth', 'lo']), ['login', 'logout']);
    const checkOptions = complete(['regauth', 'check', '--']);
    assert.deepEqual(checkOptions.sort(), Object.keys(COMMAND_TABLE.check.options).map((option) => `--${option}`).sort());
    assert.deepEqual(complete(['regauth', 'fix', '--dr']), ['--dry-run']);
  });

  it('--client ids, finding ids for explain, shells, and files for --config', () => {
    assert.deepEqual(complete(['regauth', 'resolve', 'alice/app', '--client', '']), [...ALL_CLIENT_IDS]);
    assert.deepEqual(complete(['regauth', 'resolve', '--client', 'po']), ['podman']);
    assert.deepEqual(complete(['regauth', 'explain', '']).sort(), [...FINDING_IDS].sort());
    assert.deepEqual(complete(['regauth', 'explain', 'docker-hub-k']), FINDING_IDS.filter((id) => id.startsWith('docker-hub-k')));
    assert.deepEqual(complete(['regauth', 'completion', '']), ['bash', 'zsh', 'fish']);
    assert.deepEqual(complete(['regauth', 'ls', '--config', 'bi']), ['bin']);
  });

  it('registries from the user\'s own config for login, logout and get', () => {
    const registries = ['123.dkr.ecr.eu-west-1.amazonaws.com', 'docker.io', 'ghcr.io'];
    assert.deepEqual(complete(['regauth', 'login', '']), registries);
    assert.deepEqual(complete(['regauth', 'logout', 'gh']), ['ghcr.io']);
    assert.deepEqual(complete(['regauth', 'get', '']), registries);
  });
});

describe('zsh and fish completion scripts', () => {
  it('are generated from the same table', () => {
    const zsh = spawnSync('regauth', ['completion', 'zsh'], { encoding: 'utf8', env });
    assert.match(zsh.stdout, /^#compdef regauth\n/);
    assert.match(zsh.stdout, /bashcompinit/);
    const fish = spawnSync('regauth', ['completion', 'fish'], { encoding: 'utf8', env });
    for (const name of COMMAND_NAMES) assert.ok(fish.stdout.includes(`complete -c regauth -n __fish_use_subcommand -a ${name} -d `), name);
    assert.match(fish.stdout, /^complete -c regauth -n '__fish_seen_subcommand_from resolve' -l client -x -a 'docker podman crane kubelet containerd' -d /m);
  });
});
