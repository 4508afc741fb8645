import type { EditPlan } from '../config/edit.js';
import type { FindingId } from './catalogue.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

/** Whether each client reads a given key, for the image or registry the finding is about. */
export interface KeyReaders {
  docker: boolean;
  podman: boolean;
  crane: boolean;
  kubelet: boolean;
}

/**
 * One problem `doctor` found. Never carries a secret: usernames are fine, `auth` values,
 * passwords and tokens are not.
 */
export interface Finding {
  /** stable id; `regauth explain ID` prints its long explanation */
  id: FindingId;
  severity: Severity;
  /** one line, specific to this occurrence */
  title: string;
  /** what was seen and why it matters, for people */
  detail: string;
  file: string | null;
  /** 1-based line of the key (or value) concerned */
  line: number | null;
  /** the `auths` / `credHelpers` key concerned (or `credsStore`) */
  key: string | null;
  /** an edit `regauth fix` can apply; null when there is no safe automatic fix */
  fix: EditPlan | null;
  /** a fix that is not a file edit (chmod, chown, installing a helper), as a shell command */
  command?: string;
  /** the user must choose: `regauth fix --keep KEY` with one of these keys */
  choices?: string[];
  /** which clients read the key concerned */
  readers?: KeyReaders;
  /**
   * a fix that stores the file entry's credentials in the helper Docker asks (its `store`
   * action), so that Docker sends what the other clients already send from the file
   */
  storeInHelper?: { file: string; key: string; helper: string; serverURL: string };
}

export function severityRank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

/** Errors first, then by file and line, so output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    a.id.localeCompare(b.id) ||
    (a.key ?? '').localeCompare(b.key ?? '')
  );
}
