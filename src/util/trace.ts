/**
 * Every decision returns a trace: what was tried, and why it matched or not.
 * Users read it to learn why two clients disagree, so `why` is written for people.
 */
export type StepOutcome = 'matched' | 'skipped' | 'missing' | 'info' | 'warning' | 'error';

export interface Position {
  /** 1-based line */
  line: number;
  /** 1-based column, counted in UTF-16 code units as editors show them */
  column: number;
  /** 0-based character offset into the text */
  offset: number;
}

export interface TraceStep {
  /** short machine-friendly name of what was done, e.g. "auths.exact", "helper.get", "file.locate" */
  step: string;
  outcome: StepOutcome;
  /** what was tried: a key, a file path, a helper name */
  tried?: string;
  /** one sentence for people */
  why: string;
  file?: string;
  line?: number;
  column?: number;
  key?: string;
}

export interface Warning {
  /** stable id, e.g. "docker.auth-invalid-base64" */
  id: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  key?: string;
}

/** Past this many skipped steps of one kind, further ones are only counted. */
export const SKIPPED_STEPS_SHOWN = 50;

export class Trace {
  readonly steps: TraceStep[] = [];
  readonly #skippedCounts = new Map<string, { count: number; summary: TraceStep | null }>();

  add(step: TraceStep): TraceStep {
    if (step.outcome === 'skipped') {
      const tally = this.#skippedCounts.get(step.step) ?? { count: 0, summary: null };
      this.#skippedCounts.set(step.step, tally);
      tally.count += 1;
      if (tally.count > SKIPPED_STEPS_SHOWN) {
        // a config with thousands of keys would otherwise bury the steps that matter
        const hidden = tally.count - SKIPPED_STEPS_SHOWN;
        if (tally.summary === null) {
          tally.summary = { step: step.step, outcome: 'skipped', why: '' };
          this.steps.push(tally.summary);
        }
        tally.summary.why = `${hidden} more ${hidden === 1 ? 'entry' : 'entries'} skipped for the same kind of reason (not listed)`;
        return tally.summary;
      }
    }
    this.steps.push(step);
    return step;
  }

  /** Whether a further skipped step of this kind would only be counted. */
  summarises(step: string): boolean {
    return (this.#skippedCounts.get(step)?.count ?? 0) >= SKIPPED_STEPS_SHOWN;
  }

  /**
   * Counts `count` skipped steps of a kind that is already summarised (see `summarises`): the
   * trace ends up as if each had been added, without their details being built.
   */
  skippedUnlisted(step: string, count: number): void {
    if (count <= 0) return;
    if (!this.summarises(step)) throw new Error(`skipped steps of "${step}" are still listed`);
    const tally = this.#skippedCounts.get(step);
    if (tally !== undefined) tally.count += count - 1;
    this.add({ step, outcome: 'skipped', why: '' });
  }

  matched(step: string, why: string, extra: Partial<TraceStep> = {}): TraceStep {
    return this.add({ step, outcome: 'matched', why, ...extra });
  }

  skipped(step: string, why: string, extra: Partial<TraceStep> = {}): TraceStep {
    return this.add({ step, outcome: 'skipped', why, ...extra });
  }

  info(step: string, why: string, extra: Partial<TraceStep> = {}): TraceStep {
    return this.add({ step, outcome: 'info', why, ...extra });
  }

  missing(step: string, why: string, extra: Partial<TraceStep> = {}): TraceStep {
    return this.add({ step, outcome: 'missing', why, ...extra });
  }

  warning(step: string, why: string, extra: Partial<TraceStep> = {}): TraceStep {
    return this.add({ step, outcome: 'warning', why, ...extra });
  }

  error(step: string, why: string, extra: Partial<TraceStep> = {}): TraceStep {
    return this.add({ step, outcome: 'error', why, ...extra });
  }
}

/**
 * Visits the positions 0 to length − 1 in order, for a loop whose visit adds one skipped step of
 * the kind `step` for every position not in `concerned` (ascending). Once such steps are only
 * counted, runs of positions outside `concerned` are counted at once instead of visited.
 */
export function visitUnlessCounted(trace: Trace, step: string, length: number, concerned: readonly number[], visit: (position: number) => void): void {
  let next = 0;
  for (let position = 0; position < length; position += 1) {
    while (next < concerned.length && (concerned[next] as number) < position) next += 1;
    if (trace.summarises(step) && concerned[next] !== position) {
      const until = concerned[next] ?? length;
      trace.skippedUnlisted(step, until - position);
      position = until - 1;
      continue;
    }
    visit(position);
  }
}
