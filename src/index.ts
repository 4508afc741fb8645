/**
 * regauth as a library. The public surface is `src/api/`; everything else is internal and may
 * change in any release (see "Semantic versioning" in the README).
 */
export * from './api/index.js';
