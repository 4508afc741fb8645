/**
 * Asks helpers many questions at once: each distinct (helper, server URL) once, a few at a
 * time, all under one deadline — a hung helper costs the deadline once, not once per key.
 */
import { helperErase, helperGet } from './actions.js';
import type { EraseResult } from './interpret.js';
import { type HelperAnswer, type HelperQuery, helperKey } from './model.js';
import { DEFAULT_TIMEOUT_MS, type RunHelperOptions } from './run.js';

export const DEFAULT_CONCURRENCY = 4;

export interface AnswerQueriesOptions extends RunHelperOptions {
  /** helpers running at the same time; default 4 */
  concurrency?: number;
  /**
   * absolute time (ms since epoch) by which every answer is in; default: one helper timeout
   * from the start, so a batch takes no longer than a single question. A question not yet
   * started then is answered as a timeout without running the helper.
   */
  deadline?: number;
}

/** Runs `ask` for each distinct query, at most `concurrency` at once, each bounded by the common deadline. */
async function askEach<A>(
  queries: readonly HelperQuery[],
  opts: AnswerQueriesOptions,
  ask: (query: HelperQuery, runOptions: RunHelperOptions) => Promise<A>,
  tooLate: (afterMs: number) => A,
): Promise<Map<string, A>> {
  const distinct = new Map<string, HelperQuery>();
  for (const query of queries) distinct.set(helperKey(query), query);
  const started = Date.now();
  const perRun = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = opts.deadline ?? started + perRun;
  const { concurrency: _concurrency, deadline: _deadline, ...runOptions } = opts;

  const answers = new Map<string, A>();
  const pending = [...distinct.entries()];
  const worker = async (): Promise<void> => {
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
      const [key, query] = next;
      const remaining = deadline - Date.now();
      answers.set(key, remaining <= 0 ? tooLate(Date.now() - started) : await ask(query, { ...runOptions, timeoutMs: Math.min(perRun, remaining) }));
    }
  };
  const workers = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, pending.length));
  await Promise.all(Array.from({ length: workers }, worker));

  // callers iterate in the order they asked
  return new Map([...distinct.keys()].map((key) => [key, answers.get(key) as A]));
}

export function answerQueries(queries: readonly HelperQuery[], opts: AnswerQueriesOptions = {}): Promise<Map<string, HelperAnswer>> {
  return askEach(queries, opts, (query, runOptions) => helperGet(query.helper, query.serverURL, runOptions), (afterMs) => ({ kind: 'timeout', afterMs }));
}

/** `erase` for each (helper, server URL), in parallel under the same deadline rule. */
export function eraseAll(queries: readonly HelperQuery[], opts: AnswerQueriesOptions = {}): Promise<Map<string, EraseResult>> {
  return askEach(queries, opts, (query, runOptions) => helperErase(query.helper, query.serverURL, runOptions), (afterMs) => ({ kind: 'timeout', afterMs }));
}
