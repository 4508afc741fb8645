import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { askOracle } from '../oracles/oracle.js';
import { run } from '../testbed/process.js';
import { caseEnv, pointLink } from './containers-corpus.js';
import { type OracleAnswer, oracleRequest, useCorpus } from './containers-corpus-run.js';

/**
 * The corpus itself, and the real skopeo 1.9.3 of Debian 12 (built with containers/image 5.23.1)
 * on a sample of it: the program shows what the 5.23 oracle shows, so the oracle is the program.
 */
const fixture = useCorpus();

test('the corpus has at least 300 set-ups and covers every place and spelling', () => {
  const { corpus } = fixture;
  assert.ok(corpus.length >= 300);
  const all = corpus.map((testCase) => JSON.stringify(testCase)).join('\n');
  for (const needle of ['run/containers/auth.json', 'xdg/containers/auth.json', '.config/containers/auth.json', 'dc/config.json', '.docker/config.json', '.dockercfg', 'REGISTRY_AUTH_FILE', 'CONTAINERS_REGISTRIES_CONF', 'registries.conf.d', 'credHelpers', 'credsStore', 'identitytoken', 'https://index.docker.io/v1/', 'Foo/bar', '[::1]:5000/x']) {
    assert.ok(all.includes(needle), `corpus lacks ${needle}`);
  }
  assert.ok(corpus.some((testCase) => testCase.authFile !== undefined));
});


/** What skopeo 1.9.3 shows of a lookup: the fatal error (if any) and the debug line naming the source. */
interface SkopeoOutcome {
  fatal: string | null;
  decidedBy: string | null;
  decidedFile: string | null;
}

function skopeoOutcome(stderr: string, image: string): SkopeoOutcome {
  const messages = [...stderr.matchAll(/level=(\w+) msg="((?:[^"\\]|\\.)*)"/g)].map((match) => ({ level: match[1], text: JSON.parse(`"${match[2] ?? ''}"`) as string }));
  const fatal = messages.find((message) => message.level === 'fatal')?.text ?? null;
  const prefix = `Error parsing image name "docker://${image}": `;
  const found = messages.map((message) => /^Found credentials for \S+ in credential helper (\S+)(?: in file (.+))?$/.exec(message.text)).find((match) => match !== null);
  return {
    fatal: fatal !== null && fatal.startsWith(prefix) ? fatal.slice(prefix.length) : fatal,
    decidedBy: found?.[1] ?? null,
    decidedFile: found?.[2] ?? null,
  };
}

test('skopeo 1.9.3 (Debian, containers/image 5.23.1) equals the 5.23 oracle on a sample of the corpus', async () => {
  const { root, home, binDir, corpus } = fixture;
  const sample = corpus.filter((_, index) => index % 8 === 0);
  const answers = await askOracle<OracleAnswer[]>('containers-image-5.23', sample.map((testCase) => oracleRequest(fixture, testCase)), { timeoutMs: 120_000, env: { ...process.env, HOME: home } });
  const mismatches: string[] = [];
  let lookups = 0;
  for (const [index, testCase] of sample.entries()) {
    const answer = answers[index];
    assert.ok(answer !== undefined);
    pointLink(home, join(root, 'cases', testCase.id));
    const args = ['--debug', 'inspect', '--retry-times', '0', ...(testCase.authFile === undefined ? [] : ['--authfile', join(home, testCase.authFile)]), `docker://${testCase.image}`];
    const result = await run('skopeo', args, { env: caseEnv(testCase, home, binDir), timeoutMs: 60_000 });
    assert.equal(result.timedOut, false, `skopeo ${args.join(' ')} timed out`);
    const seen = skopeoOutcome(result.stderr, testCase.image);
    assert.notEqual(seen.fatal, null, `skopeo printed no fatal error for ${testCase.id} (the sample registries are unreachable): ${result.stderr.slice(-300)}`);
    const expected: SkopeoOutcome = {
      fatal:
        answer.parseError ??
        (answer.error === null ? seen.fatal : `getting username and password: ${answer.error}`),
      decidedBy: answer.decidedBy,
      decidedFile: answer.decidedFile,
    };
    // when the lookup ended without an error, skopeo goes on to the (unreachable) registry
    if (answer.parseError === null && answer.error === null) {
      lookups += 1;
      if (seen.fatal?.startsWith('getting username and password') === true) mismatches.push(`${testCase.id}: skopeo failed the lookup: ${seen.fatal}`);
    }
    if (JSON.stringify(seen) !== JSON.stringify(expected)) mismatches.push(`${testCase.id}: skopeo ${JSON.stringify(seen)}, oracle ${JSON.stringify(expected)}`);
  }
  const found = answers.filter((answer) => answer.decidedBy !== null).length;
  const failed = answers.filter((answer) => answer.error !== null || answer.parseError !== null).length;
  assert.ok(sample.length >= 40 && lookups >= 20 && found >= 10 && failed >= 5, `sample of ${sample.length}: ${lookups} completed lookups, ${found} found, ${failed} errors`);
  assert.deepEqual(mismatches, []);
});
