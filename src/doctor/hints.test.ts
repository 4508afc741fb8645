import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DOCKER_HUB_KEY, isHubSpelling } from '../clients/keys.js';
import { PROBLEM_CATALOGUE, type ProblemId } from '../registry/problems.js';
import { FINDING_CATALOGUE } from './catalogue.js';
import { gatherFacts } from './gather.js';
import { KNOWN_MESSAGES } from './messages.js';
import { runChecks } from './run-checks.js';
import { FIXTURES } from './scenario.test-support.js';

/**
 * No hint regauth prints names a registry spelling the client ignores: a Docker login command
 * never names Docker Hub by a host (Docker would store under that host, which it never reads for
 * Hub images), and every key a fix writes for Docker Hub is the one key Docker reads.
 */
const HUB_SPELLINGS = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/', 'https://registry-1.docker.io', 'http://docker.io'];
const IGNORED_LOGIN = /\b(?:docker|regauth) login\s+(?:--?[a-z-]+(?:\s+\S+)?\s+)*['"]?(?:https?:\/\/)?(?:index\.|registry-1\.)?docker\.io\b/i;

function assertNoIgnoredSpelling(text: string, where: string): void {
  assert.doesNotMatch(text, IGNORED_LOGIN, `${where}: ${text}`);
  assert.doesNotMatch(text, /use (?:docker\.io \()?registry-1\.docker\.io/i, `${where}: ${text}`);
}

describe('hints name only spellings the client reads', () => {
  it('every registry problem hint, for every spelling of Docker Hub and a private registry', () => {
    for (const [id, entry] of Object.entries(PROBLEM_CATALOGUE) as Array<[ProblemId, (typeof PROBLEM_CATALOGUE)[ProblemId]]>) {
      for (const registry of [...HUB_SPELLINGS, 'hub.docker.com', 'myreg.example.com']) {
        const hint = entry.hint({ registry, repository: 'alice/app', username: 'alice' });
        assertNoIgnoredSpelling(hint, `problem ${id} for ${registry}`);
        if (isHubSpelling(registry) && /login/.test(hint)) assert.match(hint, /docker login\)|docker login"|docker login$/, `problem ${id}: ${hint}`);
      }
    }
  });

  it('every finding explanation and every error-message explanation', () => {
    for (const [id, entry] of Object.entries(FINDING_CATALOGUE)) assertNoIgnoredSpelling(`${entry.title} ${entry.explanation}`, `finding ${id}`);
    for (const message of KNOWN_MESSAGES) assertNoIgnoredSpelling(JSON.stringify(message), `message ${message.message}`);
  });

  it('every finding doctor produces on the fixtures and on each Hub spelling: titles, details, commands and fixes', async () => {
    const root = await mkdtemp(join(tmpdir(), 'regauth-hints-'));
    const texts: Array<{ name: string; text: string }> = [];
    for (const name of await readdir(FIXTURES)) texts.push({ name, text: await readFile(join(FIXTURES, name), 'utf8') });
    const auth = Buffer.from('alice:s3cr3t-Pa55').toString('base64');
    for (const spelling of HUB_SPELLINGS) {
      texts.push({ name: `auth ${spelling}`, text: JSON.stringify({ auths: { [spelling]: { auth } } }) });
      texts.push({ name: `empty ${spelling} with a store`, text: JSON.stringify({ auths: { [spelling]: {} }, credsStore: 'nosuchhelper' }) });
      texts.push({ name: `expired ${spelling}`, text: JSON.stringify({ auths: { [spelling]: { auth, identitytoken: 'eyJhbGciOiJub25lIn0.eyJleHAiOjF9.' } } }) });
    }
    let checked = 0;
    for (const [index, { name, text }] of texts.entries()) {
      const home = join(root, String(index));
      await mkdir(join(home, '.docker'), { recursive: true });
      await writeFile(join(home, '.docker', 'config.json'), text, { mode: 0o600 });
      const facts = await gatherFacts({ env: { HOME: home, PATH: '/usr/bin:/bin' }, offline: true, dockerVersion: { major: 28, minor: 2, patch: 2 }, helperTimeoutMs: 2_000 });
      for (const finding of runChecks(facts).findings) {
        checked += 1;
        assertNoIgnoredSpelling(`${finding.title} ${finding.detail} ${finding.command ?? ''}`, `${name}: ${finding.id}`);
        for (const edit of finding.fix?.edits ?? []) {
          if (edit.kind === 'rename-key' && isHubSpelling(edit.newKey)) assert.equal(edit.newKey, DOCKER_HUB_KEY, `${name}: ${finding.id} renames to ${edit.newKey}`);
        }
      }
    }
    assert.ok(checked > 50, `only ${checked} findings were produced`);
  });
});
