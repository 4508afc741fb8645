import { applyEdits, type EditPlan } from '../config/edit.js';
import { describePlan } from '../doctor/report.js';
import { planKeepKey } from '../doctor/plans.js';
import type { Finding } from '../doctor/finding.js';
import { isRegauthError } from '../util/errors.js';

/** Findings → the edit plans `fix` applies. Pure: conflicts are reported, never guessed. */

export interface ChosenFix {
  finding: Finding;
  plan: EditPlan;
}

export interface Skipped {
  id: string;
  key: string | null;
  why: string;
}

/** Credentials to copy from a file entry into the helper Docker asks. */
export interface ChosenStore {
  finding: Finding;
  store: NonNullable<Finding['storeInHelper']>;
}

export interface Selection {
  fixes: ChosenFix[];
  stores: ChosenStore[];
  skipped: Skipped[];
}

export function selectFixes(findings: readonly Finding[], keep: readonly string[]): Selection {
  const fixes: ChosenFix[] = [];
  const stores: ChosenStore[] = [];
  const skipped: Skipped[] = [];
  // two findings may propose the same edit (a misspelled Hub key is also a disagreement between clients)
  const planned = new Set<string>();
  const once = (fix: ChosenFix): void => {
    const signature = JSON.stringify([fix.plan.file, fix.plan.edits]);
    if (planned.has(signature)) return;
    planned.add(signature);
    fixes.push(fix);
  };
  for (const finding of findings) {
    if (finding.storeInHelper !== undefined) {
      const signature = JSON.stringify(finding.storeInHelper);
      if (!planned.has(signature)) stores.push({ finding, store: finding.storeInHelper });
      planned.add(signature);
      continue;
    }
    const choices = finding.choices ?? [];
    if (choices.length > 0) {
      const chosen = keep.filter((key) => choices.includes(key));
      if (chosen.length === 1 && chosen[0] !== undefined) {
        once({ finding, plan: planKeepKey(finding, chosen[0]) });
      } else {
        skipped.push({
          id: finding.id,
          key: finding.key,
          why: chosen.length > 1
            ? `--keep names more than one of ${choices.map((key) => `"${key}"`).join(', ')}`
            : `conflicting entries are not guessed: choose one with --keep ${choices.map((key) => `"${key}"`).join(' or --keep ')}`,
        });
      }
      continue;
    }
    if (finding.fix !== null) {
      once({ finding, plan: finding.fix });
    } else if (finding.command !== undefined && finding.severity !== 'info') {
      skipped.push({ id: finding.id, key: finding.key, why: `not a file edit; run: ${finding.command}` });
    }
  }
  return { fixes, stores, skipped };
}

export interface FileOutcome {
  text: string;
  applied: Array<{ id: string; key: string | null; edit: string }>;
  skipped: Skipped[];
}

/** Applies each plan for one file in turn; a plan that no longer fits is skipped, not forced. */
export function applyFixesToText(original: string, fixes: readonly ChosenFix[]): FileOutcome {
  let text = original;
  const applied: FileOutcome['applied'] = [];
  const skipped: Skipped[] = [];
  for (const { finding, plan } of fixes) {
    try {
      const result = applyEdits(text, plan.edits);
      if (!result.changed) {
        skipped.push({ id: finding.id, key: finding.key, why: 'already in place' });
        continue;
      }
      text = result.text;
      applied.push({ id: finding.id, key: finding.key, edit: describePlan(plan) });
    } catch (error) {
      if (isRegauthError(error) && error.code === 'E_EDIT_INVALID') {
        skipped.push({ id: finding.id, key: finding.key, why: `an earlier fix changed the same entry (${error.message})` });
        continue;
      }
      throw error;
    }
  }
  return { text, applied, skipped };
}
