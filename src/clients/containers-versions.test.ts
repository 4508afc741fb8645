import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegauthError } from '../util/errors.js';
import {
  CONTAINERS_SWITCHES,
  NEWEST_CONTAINERS,
  containersFeatures,
  containersVersionArgument,
  describeSwitch,
  detectContainersRelease,
  embeddedRelease,
  type ContainersTool,
} from './containers-versions.js';

test('each switch turns on at its release and the trace names it', () => {
  for (const item of CONTAINERS_SWITCHES) {
    const before = containersFeatures({ major: 5, minor: item.since.minor - 1, patch: 9 });
    const at = containersFeatures(item.since);
    assert.equal(before[item.name], false, item.name);
    assert.equal(at[item.name], true, item.name);
    assert.match(describeSwitch(item.name, at), new RegExp(`switch ${item.name}`));
    assert.match(describeSwitch(item.name, before), new RegExp(`${item.name} off`));
  }
  assert.deepEqual(
    Object.entries(containersFeatures({ major: 5, minor: 23, patch: 1 })).filter(([, value]) => value === true),
    [],
  );
});

test('--containers-version takes a containers/image release and refuses anything else', () => {
  assert.deepEqual(containersVersionArgument('5.23'), { major: 5, minor: 23, patch: 0 });
  assert.deepEqual(containersVersionArgument('v5.42.1'), { major: 5, minor: 42, patch: 1 });
  for (const bad of ['4.3', 'podman', '']) assert.throws(() => containersVersionArgument(bad), (error: unknown) => error instanceof RegauthError && error.code === 'E_USAGE');
});

test('tool versions map to the release their go.mod requires', () => {
  assert.equal(embeddedRelease('podman', { major: 4, minor: 3, patch: 1 }).minor, 23);
  assert.equal(embeddedRelease('skopeo', { major: 1, minor: 9, patch: 3 }).minor, 23);
  assert.equal(embeddedRelease('podman', { major: 5, minor: 1, patch: 2 }).minor, 31);
  assert.equal(embeddedRelease('buildah', { major: 1, minor: 44, patch: 0 }).minor, 40);
  assert.deepEqual(embeddedRelease('podman', { major: 6, minor: 0, patch: 0 }), NEWEST_CONTAINERS);
});

test('detection asks podman, then skopeo, then buildah; the newest release when none is installed', async () => {
  const probe = (answers: Partial<Record<ContainersTool, string>>) => (tool: ContainersTool) => Promise.resolve(answers[tool] ?? null);
  assert.deepEqual(await detectContainersRelease(probe({ podman: 'podman version 4.3.1\n', skopeo: 'skopeo version 1.22.0' })), {
    release: { major: 5, minor: 23, patch: 0 },
    from: 'podman version 4.3.1',
  });
  assert.equal((await detectContainersRelease(probe({ skopeo: 'skopeo version 1.16.1 commit: abc' }))).release.minor, 32);
  assert.deepEqual(await detectContainersRelease(probe({})), { release: NEWEST_CONTAINERS, from: null });
  assert.deepEqual(await detectContainersRelease(probe({ podman: 'garbage' })), { release: NEWEST_CONTAINERS, from: null });
});
