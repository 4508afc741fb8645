/**
 * Asks helpers many questions at once: each distinct (helper, server URL) once, a few at a time.
 */
import { helperGet } from './actions.js';
import { type HelperAnswer, type HelperQuery, helperKey } from './model.js';
import type { RunHelperOptions } from './run.js';

export const DEFAULT_CONCURRENCY = 4;

export interface AnswerQueriesOptions extends RunHelperOptions {
  /** helpers running at the same time; default 4 */
  concurrency?: number;
}

export async function answerQueries(
  queries: readonly HelperQuery[],
  opts: AnswerQueriesOptions = {},
): Promise<Map<string, HelperAnswer>> {
  const distinct = new Map<string, HelperQuery>();
  for (const query of queries) distinct.set(helperKey(query), query);

  const answers = new Map<string, HelperAnswer>();
  const pending = [...distinct.entries()];
  const worker = async (): Promise<void> => {
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
      const [key, query] = next;
      answers.set(key, await helperGet(query.helper, query.serverURL, opts));
    }
  };
  const workers = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, pending.length));
  await Promise.all(Array.from({ length: workers }, worker));

  // callers iterate in the order they asked
  return new Map([...distinct.keys()].map((key) => [key, answers.get(key) as HelperAnswer]));
}
