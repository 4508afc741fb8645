import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIPPED_STEPS_SHOWN, Trace, visitUnlessCounted } from './trace.js';

/** The loop the walk stands for: every position visited, a skipped step for each one not concerned. */
function naive(length: number, concerned: ReadonlySet<number>, before: number): Trace {
  const trace = new Trace();
  for (let index = 0; index < before; index += 1) trace.skipped('walk', `earlier ${index}`);
  for (let position = 0; position < length; position += 1) {
    if (concerned.has(position)) trace.matched('walk', `at ${position}`);
    else trace.skipped('walk', `not ${position}`, { line: position });
    if (concerned.has(position)) trace.info('other', `note ${position}`);
  }
  return trace;
}

function walked(length: number, concerned: ReadonlySet<number>, before: number): Trace {
  const trace = new Trace();
  for (let index = 0; index < before; index += 1) trace.skipped('walk', `earlier ${index}`);
  visitUnlessCounted(trace, 'walk', length, [...concerned].sort((a, b) => a - b), (position) => {
    if (concerned.has(position)) trace.matched('walk', `at ${position}`);
    else trace.skipped('walk', `not ${position}`, { line: position });
    if (concerned.has(position)) trace.info('other', `note ${position}`);
  });
  return trace;
}

test('the walk gives the steps of the full loop, notes after the concerned positions included', () => {
  for (const [length, concerned, before] of [
    [0, [], 0],
    [10, [3], 0],
    [120, [], 0],
    [120, [0, 49, 50, 51, 119], 0],
    [300, [60, 61, 200], 10],
    [300, [5, 250], 60],
  ] as Array<[number, number[], number]>) {
    const concernedSet = new Set(concerned);
    assert.deepEqual(walked(length, concernedSet, before).steps, naive(length, concernedSet, before).steps, `${length} entries, concerned ${concerned.join(',')}, ${before} before`);
  }
});

test('counting skipped steps at once is refused while they are still listed', () => {
  const trace = new Trace();
  trace.skipped('walk', 'one');
  assert.throws(() => trace.skippedUnlisted('walk', 3), /still listed/);
  for (let index = 1; index < SKIPPED_STEPS_SHOWN; index += 1) trace.skipped('walk', `more ${index}`);
  trace.skippedUnlisted('walk', 3);
  assert.equal(trace.steps.at(-1)?.why, '3 more entries skipped for the same kind of reason (not listed)');
});
