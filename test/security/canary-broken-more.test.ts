/** Canary suite, broken files with secrets in them (second half of BROKEN_FILES): see canary.test.ts. */
import { BROKEN_FILES, brokenFileTests } from './support/broken-files.js';

brokenFileTests(BROKEN_FILES.slice(7));
