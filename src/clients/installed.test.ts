import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { detect, modelledDocker, parseDockerVersionOutput } from './installed.js';
import { NEWEST_MODELLED_DOCKER } from './versions.js';

/** A `docker` that answers like the real CLI's `--version` and counts its runs. */
function fakeDocker(version: string): { dir: string; runs: () => number; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-installed-'));
  const counter = join(dir, 'runs');
  writeFileSync(counter, '');
  writeFileSync(join(dir, 'docker'), `#!/bin/sh\necho run >> ${counter}\n[ "$1" = --version ] && echo "Docker version ${version}, build e6534b4"\n`);
  chmodSync(join(dir, 'docker'), 0o755);
  return { dir, cacheDir: join(dir, 'cache'), runs: () => readFileSync(counter, 'utf8').split('\n').filter((line) => line !== '').length };
}

describe('the installed Docker CLI', () => {
  it('parses "docker --version"', () => {
    assert.deepEqual(parseDockerVersionOutput('Docker version 28.2.2, build e6534b4\n'), { major: 28, minor: 2, patch: 2 });
    assert.deepEqual(parseDockerVersionOutput('Docker version 20.10.24+dfsg1, build 297e128\n'), { major: 20, minor: 10, patch: 24 });
    assert.equal(parseDockerVersionOutput('podman version 4.3.1'), null);
  });

  it('is asked once; later runs read the cache until the binary changes', () => {
    const docker = fakeDocker('28.2.2');
    const env = { PATH: docker.dir };
    const first = modelledDocker(undefined, { env, cacheDir: docker.cacheDir });
    assert.equal(first.origin, 'installed');
    assert.match(first.why, /^Docker CLI 28\.2\.2, installed at .*\/docker$/);
    const second = detect('docker', ['--version'], parseDockerVersionOutput, { env, cacheDir: docker.cacheDir });
    assert.equal(second.cached, true);
    assert.equal(docker.runs(), 1, 'the cached answer spawns nothing');
    writeFileSync(join(docker.dir, 'docker'), readFileSync(join(docker.dir, 'docker'), 'utf8').replace('28.2.2', '20.10.24'));
    utimesSync(join(docker.dir, 'docker'), new Date(), new Date(Date.now() + 5_000));
    assert.deepEqual(modelledDocker(undefined, { env, cacheDir: docker.cacheDir }).version, { major: 20, minor: 10, patch: 24 });
    assert.equal(docker.runs(), 2);
  });

  it('--docker-version wins; without docker the newest modelled release, said so', () => {
    const docker = fakeDocker('28.2.2');
    const override = modelledDocker({ major: 20, minor: 10, patch: 24 }, { env: { PATH: docker.dir }, cacheDir: docker.cacheDir });
    assert.equal(override.origin, 'override');
    assert.equal(docker.runs(), 0);
    const none = modelledDocker(undefined, { env: { PATH: join(docker.dir, 'empty') }, cacheDir: docker.cacheDir });
    assert.equal(none.origin, 'newest-modelled');
    assert.deepEqual(none.version, NEWEST_MODELLED_DOCKER);
    assert.match(none.why, /the newest release modelled \(no docker on PATH\)/);
  });
});
