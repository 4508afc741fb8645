import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerVersion } from './docker-version.js';
import { detectDefaultStore, locateContainers, locateCrane, locateDocker, locateKubelet, locateOverride, type LocateEnvironment } from './locate.js';

const V28 = parseDockerVersion('28.3.0')!;
const V20 = parseDockerVersion('20.10.24')!;

function snapshot(env: Record<string, string>, files: string[] = [], bins: string[] = []): LocateEnvironment {
  const existing = new Set(files);
  return { env, homeDir: '/home/u', uid: 1000, platform: 'linux', exists: (path) => existing.has(path), onPath: (bin) => bins.includes(bin) };
}

const paths = (discovery: { candidates: Array<{ path: string }> }): string[] => discovery.candidates.map((candidate) => candidate.path);

describe('locate: docker', () => {
  it('--config beats DOCKER_CONFIG beats $HOME/.docker', () => {
    assert.deepEqual(paths(locateDocker(snapshot({ HOME: '/h', DOCKER_CONFIG: '/dc' }), { configDir: '/flag/', version: V28 })), ['/flag/config.json']);
    assert.deepEqual(paths(locateDocker(snapshot({ HOME: '/h', DOCKER_CONFIG: '/dc' }), { version: V28 })), ['/dc/config.json']);
    assert.deepEqual(paths(locateDocker(snapshot({ HOME: '/h' }), { version: V28 })), ['/h/.docker/config.json']);
    assert.deepEqual(paths(locateDocker(snapshot({}), { version: V28 })), ['/home/u/.docker/config.json']);
  });
  it('~/.dockercfg only before 23.0 and only without config.json; DOCKER_AUTH_CONFIG from 28.3', () => {
    const env = { HOME: '/h', DOCKER_AUTH_CONFIG: '{}' };
    assert.deepEqual(paths(locateDocker(snapshot(env, ['/h/.dockercfg']), { version: V20 })), ['/h/.docker/config.json', '/h/.dockercfg']);
    const current = locateDocker(snapshot(env, ['/h/.dockercfg']), { version: V28 });
    assert.deepEqual(paths(current), ['/h/.docker/config.json']);
    assert.equal(current.authConfigEnv, true);
    assert.equal(locateDocker(snapshot(env), { version: V20 }).authConfigEnv, false);
  });
  it('default store: pass preferred when the pass binary exists, no fallback to secretservice', () => {
    assert.equal(detectDefaultStore({ containsAuth: false }, (bin) => ['pass', 'docker-credential-pass'].includes(bin)).store, 'pass');
    assert.equal(detectDefaultStore({ containsAuth: false }, (bin) => ['pass', 'docker-credential-secretservice'].includes(bin)).store, null);
    assert.equal(detectDefaultStore({ containsAuth: false }, (bin) => bin === 'docker-credential-secretservice').store, 'secretservice');
    assert.equal(detectDefaultStore({ containsAuth: true }, () => true).store, null);
    assert.equal(detectDefaultStore({ containsAuth: false }, () => true, 'darwin').store, 'osxkeychain');
  });
});

describe('locate: containers', () => {
  it('default list', () => {
    const d = locateContainers(snapshot({ HOME: '/h', XDG_RUNTIME_DIR: '/run/user/1000' }, ['/run/user/1000']), { tool: 'podman' });
    assert.deepEqual(paths(d), ['/run/user/1000/containers/auth.json', '/h/.config/containers/auth.json', '/h/.docker/config.json', '/h/.dockercfg']);
    const noRuntime = locateContainers(snapshot({ HOME: '/h', XDG_CONFIG_HOME: '/xdg' }), { tool: 'skopeo' });
    assert.deepEqual(paths(noRuntime), ['/run/containers/1000/auth.json', '/xdg/containers/auth.json', '/h/.docker/config.json', '/h/.dockercfg']);
  });
  it('DOCKER_CONFIG: first for podman, only in the list for skopeo (non-login commands)', () => {
    const env = { HOME: '/h', DOCKER_CONFIG: '/dc' };
    assert.equal(paths(locateContainers(snapshot(env), { tool: 'podman' }))[0], '/dc/config.json');
    assert.equal(paths(locateContainers(snapshot(env), { tool: 'skopeo' }))[0], '/run/containers/1000/auth.json');
    assert.equal(paths(locateContainers(snapshot(env), { tool: 'skopeo', command: 'login' }))[0], '/dc/config.json');
  });
  it('--authfile / REGISTRY_AUTH_FILE: exclusive only for containers/image 5.24+', () => {
    const env = { HOME: '/h', REGISTRY_AUTH_FILE: '/ra.json' };
    assert.deepEqual(paths(locateContainers(snapshot(env), { tool: 'skopeo', authFileExclusive: true })), ['/ra.json']);
    // before 5.24 the user-given file takes the primary file's place and the three defaults follow
    assert.deepEqual(paths(locateContainers(snapshot(env), { tool: 'skopeo' })), ['/ra.json', '/h/.config/containers/auth.json', '/h/.docker/config.json', '/h/.dockercfg']);
    assert.deepEqual(paths(locateContainers(snapshot(env), { tool: 'podman', authFile: '/flag.json', authFileExclusive: true })), ['/flag.json']);
  });
});

describe('locate: crane, kubelet, override', () => {
  it('crane loads exactly one file', () => {
    assert.deepEqual(paths(locateCrane(snapshot({ HOME: '/h' }, ['/h/.docker/config.json']))), ['/h/.docker/config.json']);
    assert.deepEqual(paths(locateCrane(snapshot({ HOME: '/h', DOCKER_CONFIG: '/dc' }, ['/h/.docker/config.json']))), ['/dc/config.json']);
    assert.deepEqual(paths(locateCrane(snapshot({ HOME: '/h', REGISTRY_AUTH_FILE: '/ra' }, ['/ra']))), ['/ra']);
    assert.deepEqual(paths(locateCrane(snapshot({ HOME: '/h' }, ['/h/.config/containers/auth.json']))), ['/h/.config/containers/auth.json']);
    assert.deepEqual(paths(locateCrane(snapshot({ HOME: '/h' }))), []);
  });
  it('kubelet: given secrets, else node-level files', () => {
    assert.deepEqual(paths(locateKubelet(snapshot({}), { secretFiles: ['/s.json'] })), ['/s.json']);
    const node = locateKubelet(snapshot({ HOME: '/root' }, ['/var/lib/kubelet/config.json', '/root/.dockercfg']));
    assert.deepEqual(paths(node), ['/var/lib/kubelet/config.json', '/root/.dockercfg']);
  });
  it('kubelet: the current directory is never read, the trace says what a node would read there', () => {
    const inShared = { ...snapshot({ HOME: '/root' }, ['/tmp/shared/config.json', '/tmp/shared/.dockercfg', '/config.json']), cwd: '/tmp/shared' };
    const node = locateKubelet(inShared);
    assert.deepEqual(paths(node), ['/config.json']);
    assert.ok(node.trace.some((step) => step.tried === './config.json' && /current directory is not read/.test(step.why)));
  });
  it('--config FILE applies to every client', () => {
    assert.equal(locateOverride('/f.json', 'kubelet').candidates[0]?.format, 'pull-secret');
    assert.equal(locateOverride('/f.json', 'containers').candidates[0]?.explicit, true);
  });
});
