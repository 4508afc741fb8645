import { test } from 'node:test';
import { checkRelease, useCorpus } from './containers-corpus-run.js';

/** The corpus against containers/image 5.23 and 5.24 (see containers-corpus-run.ts). */
const fixture = useCorpus();

for (const release of ['5.23', '5.24']) {
  test(`containers/image ${release}: the oracle and regauth agree on every corpus case, or the difference has a reason`, async () => {
    await checkRelease(fixture, release);
  });
}
