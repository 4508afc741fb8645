import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOCKER_HUB_KEY } from '../clients/keys.js';
import type { Facts } from './facts.js';
import type { Finding } from './finding.js';
import { planKeepKey } from './plans.js';
import { reportExitCode, runChecks } from './run-checks.js';
import { CONFIG_PATH, HOME, scenario } from './scenario.test-support.js';

function findings(facts: Facts): Finding[] {
  const report = runChecks(facts);
  assert.deepEqual(report.checked.failedChecks, []);
  return report.findings;
}

function ids(facts: Facts): string[] {
  return findings(facts).map((finding) => finding.id);
}

function one(facts: Facts, id: string): Finding {
  const matching = findings(facts).filter((finding) => finding.id === id);
  assert.equal(matching.length, 1, `expected one ${id}, got ${JSON.stringify(ids(facts))}`);
  return matching[0]!;
}

describe('Docker Hub key spelling', () => {
  it('the seed config yields the Hub-key finding at line 3 with a rename fix', () => {
    const finding = one(scenario({ config: 'seed.json' }), 'docker-hub-key-ignored');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.file, CONFIG_PATH);
    assert.equal(finding.line, 3);
    assert.equal(finding.key, 'docker.io');
    assert.deepEqual(finding.fix, { file: CONFIG_PATH, edits: [{ kind: 'rename-key', path: ['auths', 'docker.io'], newKey: DOCKER_HUB_KEY }], reason: finding.fix?.reason });
  });

  it('the seed text verbatim (placeholder auth) also yields the Hub-key finding at line 3', () => {
    const facts = scenario({ config: 'seed-exact.json' });
    const finding = one(facts, 'docker-hub-key-ignored');
    assert.equal(finding.line, 3);
    assert.ok(ids(facts).includes('auth-invalid-base64'), 'the placeholder "XXXXXXXXXXXXX" is not base64');
  });

  it('the correct key raises nothing', () => {
    assert.deepEqual(ids(scenario({ config: 'hub-correct.json' })), []);
  });

  it('a helper for Hub makes the misspelling a warning', () => {
    const facts = scenario({ config: 'seed.json' });
    facts.docker.config.view.credsStore = { value: 'pass', pos: { line: 9, column: 5, offset: 0 } };
    assert.equal(one(facts, 'docker-hub-key-ignored').severity, 'warning');
  });

  it('two spellings with different credentials: no rename, a choice instead', () => {
    const facts = scenario({ config: 'hub-two-spellings.json' });
    const hub = findings(facts).filter((finding) => finding.id === 'docker-hub-key-ignored');
    assert.equal(hub.length, 2);
    assert.ok(hub.every((finding) => finding.fix === null));
    const conflict = one(facts, 'conflicting-keys');
    assert.equal(conflict.severity, 'warning');
    assert.deepEqual(conflict.choices, ['docker.io', 'registry-1.docker.io']);
  });

  it('identical duplicates are harmless', () => {
    assert.deepEqual(ids(scenario({ config: 'hub-same-duplicates.json' })), []);
  });
});

describe('conflicting spellings of one registry', () => {
  it('names the winner per client and offers --keep plans', () => {
    const conflict = one(scenario({ config: 'host-conflict.json' }), 'conflicting-keys');
    assert.equal(conflict.severity, 'warning');
    assert.equal(conflict.fix, null);
    const plan = planKeepKey(conflict, 'https://myreg.example.com');
    assert.deepEqual(plan.edits, [
      { kind: 'delete-key', path: ['auths', 'myreg.example.com'] },
      { kind: 'delete-key', path: ['auths', 'http://myreg.example.com/v2/'] },
      { kind: 'rename-key', path: ['auths', 'https://myreg.example.com'], newKey: 'myreg.example.com' },
    ]);
    assert.throws(() => planKeepKey(conflict, 'other.example.com'), /not one of the keys/);
  });

  it('does not flag one key per registry', () => {
    assert.ok(!ids(scenario({ config: 'host-plain.json' })).includes('conflicting-keys'));
  });
});

describe('auth values', () => {
  it('invalid base64 breaks the other entries', () => {
    const facts = scenario({ config: 'auth-bad-base64.json' });
    const bad = one(facts, 'auth-invalid-base64');
    assert.equal(bad.key, 'ghcr.io');
    assert.match(bad.detail, /illegal base64 data at input byte/);
    const breaks = one(facts, 'bad-entry-breaks-file');
    assert.match(breaks.detail, /"quay.io"/);
  });

  it('no colon, empty username, username mismatch', () => {
    assert.equal(one(scenario({ config: 'auth-no-colon.json' }), 'auth-missing-colon').severity, 'error');
    assert.equal(one(scenario({ config: 'auth-empty-user.json' }), 'auth-empty-username').severity, 'error');
    assert.equal(one(scenario({ config: 'auth-empty-user.json', version: { major: 20, minor: 10, patch: 24 } }), 'auth-empty-username').severity, 'warning');
    const mismatch = one(scenario({ config: 'auth-username-mismatch.json' }), 'auth-username-mismatch');
    assert.match(mismatch.detail, /"alice"/);
    assert.equal(mismatch.line, 4, 'the line of the "auth" value');
  });

  it('broken JSON is reported with its line', () => {
    const finding = one(scenario({ config: 'invalid-json.json' }), 'config-invalid-json');
    assert.equal(finding.line, 4);
  });

  it('good values raise nothing', () => {
    assert.deepEqual(ids(scenario({ config: 'host-plain.json' })), []);
  });
});

describe('credential helpers', () => {
  it('a missing desktop helper on Linux: remove credsStore', () => {
    const finding = one(scenario({ config: 'helper-desktop.json', helpers: [{ name: 'desktop', installed: false }] }), 'helper-missing');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.key, 'credsStore');
    assert.deepEqual(finding.fix?.edits, [{ kind: 'delete-key', path: ['credsStore'] }]);
    assert.match(finding.detail, /executable file not found in \$PATH/);
  });

  it('a missing pass helper: install it, no automatic removal', () => {
    const finding = one(scenario({ config: 'helper-pass.json', helpers: [{ name: 'pass', installed: false }] }), 'helper-missing');
    assert.equal(finding.fix, null);
    assert.ok(finding.command !== undefined);
  });

  it('an installed helper that answers raises nothing; one with nothing for {} does', () => {
    const found: Facts = scenario({ config: 'helper-pass.json', helpers: [{ name: 'pass', installed: true, answers: [] }] });
    assert.deepEqual(ids(found), []);
    const empty = scenario({ config: 'helper-pass.json', helpers: [{ name: 'pass', installed: true, answers: [{ serverURL: DOCKER_HUB_KEY, answer: { kind: 'not-found' } }] }] });
    assert.equal(one(empty, 'helper-empty-entry').key, DOCKER_HUB_KEY);
  });

  it('a failing helper keeps its stderr', () => {
    const facts = scenario({
      config: 'helper-pass.json',
      helpers: [
        {
          name: 'pass',
          installed: true,
          answers: [{ serverURL: DOCKER_HUB_KEY, answer: { kind: 'failed', exitCode: 1, stdout: '', stderr: 'gpg: decryption failed: No secret key', message: 'error getting credentials - err: exit status 1, out: ``' } }],
        },
      ],
    });
    assert.match(one(facts, 'helper-failing').detail, /gpg: decryption failed/);
  });

  it('plain text under a key a helper covers is ignored by Docker', () => {
    const finding = one(scenario({ config: 'plaintext-with-helper.json', helpers: [{ name: 'pass', installed: true }] }), 'plaintext-ignored-for-helper');
    assert.equal(finding.key, 'ghcr.io');
  });

  it('credHelpers keyed docker.io is renamed to the Hub key', () => {
    const finding = one(scenario({ config: 'credhelpers-docker-io.json', helpers: [{ name: 'pass', installed: true }] }), 'credhelpers-hub-key-ignored');
    assert.deepEqual(finding.fix?.edits, [{ kind: 'rename-key', path: ['credHelpers', 'docker.io'], newKey: DOCKER_HUB_KEY }]);
    assert.deepEqual(ids(scenario({ config: 'credhelpers-hub-key.json', helpers: [{ name: 'pass', installed: true }] })), []);
  });
});

describe('file access and environment', () => {
  it('world-readable plain-text credentials: chmod 600', () => {
    const finding = one(scenario({ config: 'host-plain.json', configMeta: { mode: 0o644 } }), 'config-world-readable');
    assert.equal(finding.command, `chmod 600 ${CONFIG_PATH}`);
    assert.deepEqual(ids(scenario({ config: 'helper-pass.json', configMeta: { mode: 0o644 }, helpers: [{ name: 'pass', installed: true }] })), []);
  });

  it('owned by root in the home directory', () => {
    assert.match(one(scenario({ config: 'host-plain.json', configMeta: { uid: 0 } }), 'config-owned-by-root').command ?? '', /chown/);
  });

  it('unreadable, a directory, a dangling symlink', () => {
    assert.ok(ids(scenario({ config: 'host-plain.json', configMeta: { uid: 0, ioError: { code: 'EACCES', message: `open ${CONFIG_PATH}: permission denied` } } })).includes('config-unreadable'));
    assert.ok(ids(scenario({ config: 'host-plain.json', configMeta: { kind: 'directory' } })).includes('config-is-directory'));
    const dangling = scenario({ config: null, configMeta: {} });
    dangling.docker.config.meta = { ...dangling.docker.config.meta, symlink: { target: '/gone/config.json', dangling: true } };
    assert.deepEqual(ids(dangling), ['config-dangling-symlink']);
  });

  it('sudo reads root\'s file while the user\'s holds the credentials', () => {
    const facts = scenario({
      config: null,
      configPath: '/root/.docker/config.json',
      env: { uid: 0, user: 'root', home: '/root', sudoUser: 'alice', sudoUserHome: HOME },
      otherConfigs: [{ path: CONFIG_PATH, reason: 'sudo', keys: [DOCKER_HUB_KEY] }],
    });
    assert.match(one(facts, 'sudo-reads-root-config').detail, /alice's own file/);
  });

  it('DOCKER_CONFIG pointing at a file or at nothing', () => {
    const asFile = scenario({ config: null, configPath: `${CONFIG_PATH}/config.json`, configDirMeta: { kind: 'file' }, env: { dockerConfig: CONFIG_PATH } });
    assert.match(one(asFile, 'docker-config-env-not-dir').command ?? '', /DOCKER_CONFIG=\/home\/alice\/.docker$/);
    const absent = scenario({ config: null, configPath: '/nowhere/config.json', configDirMeta: { kind: 'missing' }, env: { dockerConfig: '/nowhere' } });
    assert.ok(ids(absent).includes('docker-config-env-missing'));
  });

  it('snap-installed Docker is noted', () => {
    assert.ok(ids(scenario({ config: 'hub-correct.json', env: { snapDocker: { installed: true, configFiles: [`${HOME}/snap/docker/2915/.docker/config.json`] } } })).includes('snap-docker-config'));
  });

  it('no config at all: a clean report that says what each client uses, exit 0', () => {
    const report = runChecks(scenario({ config: null }));
    assert.deepEqual(report.findings.map((finding) => finding.id), ['no-docker-config']);
    assert.equal(reportExitCode(report), 0);
    assert.equal(report.checked.clients.docker.exists, false);
    assert.equal(report.checked.clients.crane.file, null);
  });
});

describe('host forms', () => {
  it('host:443 is renamed, a namespaced key is explained', () => {
    const facts = scenario({ config: 'host-forms.json' });
    assert.deepEqual(one(facts, 'key-default-port').fix?.edits, [{ kind: 'rename-key', path: ['auths', 'myreg.example.com:443'], newKey: 'myreg.example.com' }]);
    assert.match(one(facts, 'namespaced-key').detail, /only for images under quay.io\/org/);
    assert.ok(!ids(scenario({ config: 'host-plain.json' })).includes('key-default-port'));
  });
});

describe('expiry', () => {
  it('expired JWT identity token and ECR login', () => {
    const facts = scenario({ config: 'tokens-expired.json' });
    assert.equal(one(facts, 'token-expired').key, 'registry.example.com');
    assert.equal(one(facts, 'ecr-token-expired').key, '123456789012.dkr.ecr.eu-west-1.amazonaws.com');
  });

  it('valid tokens raise nothing', () => {
    assert.deepEqual(ids(scenario({ config: 'tokens-valid.json' })), []);
  });
});

describe('versions', () => {
  it('~/.dockercfg: read before 23.0, ignored after', () => {
    assert.deepEqual(ids(scenario({ config: null, legacyDockercfg: 'legacy.dockercfg', version: { major: 20, minor: 10, patch: 24 } })), ['legacy-dockercfg-used']);
    assert.ok(ids(scenario({ config: null, legacyDockercfg: 'legacy.dockercfg' })).includes('legacy-dockercfg-ignored'));
  });

  it('DOCKER_AUTH_CONFIG before 28.3, and invalid', () => {
    assert.ok(ids(scenario({ config: 'hub-correct.json', env: { dockerAuthConfigSet: true } })).includes('auth-config-env-ignored'));
    const invalid = scenario({ config: 'hub-correct.json', version: { major: 28, minor: 3, patch: 0 }, env: { dockerAuthConfigSet: true }, authConfigEnv: { present: true, error: 'DOCKER_AUTH_CONFIG environment variable is missing key `auth` for ghcr.io', keys: [] } });
    assert.ok(ids(invalid).includes('auth-config-env-invalid'));
  });

  it('27.0.1 drops ports', () => {
    assert.ok(ids(scenario({ config: 'host-plain.json', version: { major: 27, minor: 0, patch: 1 } })).includes('hostname-port-dropped'));
    assert.ok(!ids(scenario({ config: 'host-plain.json', version: { major: 27, minor: 0, patch: 2 } })).includes('hostname-port-dropped'));
  });
});

describe('online verdicts', () => {
  const result = { registry: 'docker.io', repository: 'library/app', file: CONFIG_PATH, key: DOCKER_HUB_KEY, username: 'alice', credentialsSent: true, completed: true, authenticated: true, pull: true, push: true, problems: [] };

  it('maps refusals, push denials and namespaces to findings', () => {
    const refused = scenario({ config: 'hub-correct.json', access: { skipped: null, results: [{ ...result, authenticated: false, problems: [{ id: 'bad-credentials', detail: 'incorrect username or password' }] }] } });
    const login = one(refused, 'registry-login-failed');
    assert.equal(login.line, 3);
    const namespace = scenario({
      config: 'hub-correct.json',
      options: { push: true },
      access: { skipped: null, results: [{ ...result, push: false, problems: [{ id: 'namespace-not-yours', detail: 'library/ belongs to Docker' }] }] },
    });
    assert.ok(ids(namespace).includes('namespace-not-yours'));
    const unreachable = scenario({ config: 'hub-correct.json', access: { skipped: null, results: [{ ...result, completed: false, problems: [{ id: 'dns', detail: 'no such host' }] }] } });
    assert.equal(one(unreachable, 'registry-unreachable').severity, 'error');
    const anonymous = scenario({ config: 'hub-correct.json', access: { skipped: null, results: [{ ...result, username: null, credentialsSent: false, authenticated: false, pull: false, problems: [{ id: 'unauthorized', detail: 'authentication required' }] }] } });
    assert.ok(!ids(anonymous).includes('registry-login-failed'), 'nothing was sent, so nothing was refused');
    assert.match(one(anonymous, 'no-credentials-sent').detail, /no credentials/);
  });

  it('a granted check raises nothing', () => {
    assert.deepEqual(ids(scenario({ config: 'hub-correct.json', options: { push: true }, access: { skipped: null, results: [result] } })), []);
  });
});
