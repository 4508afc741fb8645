import { test } from 'node:test';
import { checkRelease, useCorpus } from './containers-corpus-run.js';

/** The corpus against containers/image 5.40 and 5.42 (see containers-corpus-run.ts). */
const fixture = useCorpus();

for (const release of ['5.40', '5.42']) {
  test(`containers/image ${release}: the oracle and regauth agree on every corpus case, or the difference has a reason`, async () => {
    await checkRelease(fixture, release);
  });
}
