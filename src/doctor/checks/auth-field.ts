import type { DockerAuthEntry, DockerConfigView } from '../../config/model.js';
import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { finding, quote } from './support.js';

/** Broken `auth` values and files the clients cannot parse. */
export function checkAuthFields(facts: Facts): Finding[] {
  const { view } = facts.docker.config;
  const findings: Finding[] = [...fileLevelFindings(view)];
  const file = view.file.path;
  for (const entry of view.auths) {
    const problem = classify(view, entry);
    if (problem === null) continue;
    findings.push(
      finding(problem.id, {
        severity: problem.severity,
        title: `${problem.title} under ${quote(entry.key)}`,
        detail: problem.detail,
        file,
        line: problem.line,
        key: entry.key,
      }),
    );
  }
  findings.push(...badEntryFindings(view));
  findings.push(...containersFileFindings(facts));
  return findings;
}

interface AuthProblem {
  id: 'auth-invalid-base64' | 'auth-missing-colon' | 'auth-empty-username' | 'auth-username-mismatch';
  severity: Finding['severity'];
  title: string;
  detail: string;
  line: number;
}

function warningFor(view: DockerConfigView, entry: DockerAuthEntry, id: string): { line: number } | null {
  const warning = view.warnings.find((candidate) => candidate.id === id && candidate.key === `auths.${entry.key}`);
  if (warning === undefined) return null;
  return { line: warning.line ?? entry.keyPos.line };
}

function classify(view: DockerConfigView, entry: DockerAuthEntry): AuthProblem | null {
  const emptyUsername = warningFor(view, entry, 'docker.auth-empty-username');
  if (entry.authError !== null) {
    const line = (warningFor(view, entry, 'docker.auth-invalid-base64') ?? warningFor(view, entry, 'docker.auth-missing-colon') ?? emptyUsername)?.line ?? entry.keyPos.line;
    if (/illegal base64/.test(entry.authError)) {
      return {
        id: 'auth-invalid-base64',
        severity: 'error',
        title: '"auth" is not valid base64',
        detail: `Docker fails with "${entry.authError}" and stops decoding the file; podman and skopeo fail with the same error; crane refuses the file.`,
        line,
      };
    }
    if (emptyUsername !== null) {
      return {
        id: 'auth-empty-username',
        severity: 'error',
        title: '"auth" has an empty username',
        detail: `"auth" decodes to ":<password>". Docker CLI 23.0 and later reject it ("${entry.authError}") and stop decoding the file; podman sends an empty username, which registries refuse.`,
        line,
      };
    }
    return {
      id: 'auth-missing-colon',
      severity: 'error',
      title: '"auth" has no "username:password" form',
      detail: `"auth" decodes to text without a colon. Docker reports "${entry.authError}" and stops decoding the file; podman skips the entry and looks in the next file.`,
      line,
    };
  }
  if (emptyUsername !== null) {
    return {
      id: 'auth-empty-username',
      severity: 'warning',
      title: '"auth" has an empty username',
      detail: 'This Docker release accepts ":<password>" and sends an empty username, which registries refuse; Docker CLI 23.0 and later reject the whole file.',
      line: emptyUsername.line,
    };
  }
  if (entry.usernameFieldConflict) {
    return {
      id: 'auth-username-mismatch',
      severity: 'warning',
      title: '"auth" and "username" disagree',
      detail: `"auth" decodes to the user "${entry.username}" while the "username" field names someone else; Docker and podman send "${entry.username}".`,
      line: warningFor(view, entry, 'docker.auth-username-conflict')?.line ?? entry.keyPos.line,
    };
  }
  return null;
}

function badEntryFindings(view: DockerConfigView): Finding[] {
  const bad = view.auths.filter((entry) => entry.authError !== null);
  const [firstBad] = bad;
  const victims = view.auths.filter((entry) => entry.authError === null && entry.hasAuth);
  if (firstBad === undefined || victims.length === 0) return [];
  return [
    finding('bad-entry-breaks-file', {
      title: `A bad "auth" under ${quote(firstBad.key)} puts ${victims.length} other ${victims.length === 1 ? 'entry' : 'entries'} at risk`,
      detail: `Docker decodes entries in random order and stops at the first bad one, so ${victims
        .map((entry) => quote(entry.key))
        .join(', ')} ${victims.length === 1 ? 'is' : 'are'} sent only on the runs where ${victims.length === 1 ? 'it comes' : 'they come'} first; crane and other go-containerregistry tools refuse the whole file. Fix or remove ${bad
        .map((entry) => quote(entry.key))
        .join(', ')}.`,
      file: view.file.path,
      line: firstBad.keyPos.line,
      key: firstBad.key,
    }),
  ];
}

function fileLevelFindings(view: DockerConfigView): Finding[] {
  if (!view.file.exists || view.file.ioError !== null) return [];
  const file = view.file.path;
  const typeError = view.warnings.find((warning) => warning.id === 'docker.type-error');
  if (view.fatal && view.loadError !== null) {
    return [
      finding('config-invalid-json', {
        detail: `${view.loadError.message}. Docker continues as if the file were empty (no credentials at all); podman, skopeo and crane fail.`,
        file,
        line: view.loadError.pos?.line ?? null,
      }),
    ];
  }
  if (typeError !== undefined) {
    return [finding('config-type-error', { detail: typeError.message, file, line: typeError.line ?? null })];
  }
  return [];
}

/** podman's own files (auth.json) that it cannot parse or decode. */
function containersFileFindings(facts: Facts): Finding[] {
  const findings: Finding[] = [];
  const dockerFile = facts.docker.config.view.file.path;
  for (const { view } of facts.containers.files) {
    if (view === null || view.file.path === dockerFile || !view.file.exists || view.file.ioError !== null) continue;
    if (view.parseError !== null) {
      findings.push(
        finding('config-invalid-json', {
          detail: `${view.parseError.message}. podman, skopeo and buildah stop the credential lookup here (later files are not tried).`,
          file: view.file.path,
          line: view.parseError.pos?.line ?? null,
        }),
      );
      continue;
    }
    for (const entry of view.auths) {
      if (entry.authError === null) continue;
      findings.push(
        finding('auth-invalid-base64', {
          title: `"auth" is not valid base64 under ${quote(entry.key)}`,
          detail: `podman, skopeo and buildah fail with "${entry.authError}" for every image this entry is looked up for.`,
          file: view.file.path,
          line: entry.keyPos.line,
          key: entry.key,
        }),
      );
    }
  }
  return findings;
}
