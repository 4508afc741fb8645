import type { ContainersAuthEntry, ContainersAuthView } from '../config/model.js';
import type { HelperAnswer } from '../helpers/model.js';
import { helperKey } from '../helpers/model.js';
import { Trace, type Warning } from '../util/trace.js';
import { sentCredentials } from './docker.js';
import { containersLookupOrder, containersNormalizeAuthFileKey, containersNormalizeRegistry } from './keys.js';
import { type Resolution, describeSecretKind, startResolution } from './model.js';

/**
 * containers/image (podman, skopeo, buildah): files in order, per file credHelpers, then the
 * most specific key reg/ns/repo … reg, then keys normalised to their registry.
 */
export interface ContainersInputs {
  /** registry domain, e.g. "docker.io" */
  registry: string;
  /** "docker.io/alice/app"; equal to registry when only a registry is looked up */
  name: string;
  files: ContainersAuthView[];
  answers: ReadonlyMap<string, HelperAnswer>;
  /**
   * podman stats its --authfile (or the default it takes from REGISTRY_AUTH_FILE or
   * DOCKER_CONFIG) before it pulls and fails when the file is missing; skopeo does not.
   */
  statsAuthFile?: string | null;
}

type FileOutcome =
  | { kind: 'found'; entry: ContainersAuthEntry }
  | { kind: 'helper'; helper: string; answer: HelperAnswer }
  | { kind: 'pending'; helper: string }
  | { kind: 'empty' }
  | { kind: 'error'; message: string };

export function resolveContainers(inputs: ContainersInputs): Resolution {
  const trace = new Trace();
  const warnings: Warning[] = [];
  const result = startResolution('podman', inputs.registry, trace.steps);
  result.warnings = warnings;
  const lookupKeys = containersLookupOrder(inputs.name);
  const checked = inputs.statsAuthFile ?? null;
  const checkedFile = checked === null ? undefined : inputs.files.find((view) => view.file.path === checked)?.file;
  if (checked !== null && checkedFile?.exists === false) {
    result.configFile = checked;
    result.error = `stat ${checked}: ${checkedFile.notADirectory === true ? 'not a directory' : 'no such file or directory'} (podman checks that its auth file exists before it pulls)`;
    trace.error('containers.authfile-missing', `podman stats ${checked} first and stops: the file does not exist`, { file: checked });
    return result;
  }
  trace.info('containers.keys', `containers/image tries the keys ${lookupKeys.map((key) => `"${key}"`).join(', ')} in each file, then any key that names the registry "${inputs.registry}"`);

  for (const view of inputs.files) {
    const file = view.file.path;
    warnings.push(...view.warnings);
    const outcome = searchFile(view, inputs, lookupKeys, trace, result);
    switch (outcome.kind) {
      case 'empty':
        continue;
      case 'error':
        result.configFile = file;
        result.error = outcome.message;
        trace.error('containers.abort', `the lookup stops here with an error: ${outcome.message}`, { file });
        return result;
      case 'pending':
        result.pendingHelperQueries.push({ helper: outcome.helper, serverURL: inputs.registry });
        return result;
      case 'helper': {
        const done = applyHelper(result, trace, view, outcome.helper, outcome.answer, inputs.registry);
        if (done) return result;
        continue;
      }
      case 'found': {
        const { entry } = outcome;
        const credentials = sentCredentials(entry.username ?? '', entry.password, entry.identityToken, null, trace, entry.key);
        const { present, kind } = describeSecretKind(credentials);
        result.configFile = file;
        result.key = entry.key;
        result.source = 'file';
        result.credentials = present ? credentials : null;
        result.username = credentials.username;
        result.secretPresent = present;
        result.secretKind = kind;
        trace.matched('containers.result', credentials.username === null ? `sends a ${kind ?? 'nothing'}` : `sends the user "${credentials.username}"`, { file, key: entry.key });
        return result;
      }
    }
  }
  trace.missing('containers.result', 'no file holds credentials for this registry: no credentials are sent');
  return result;
}

function searchFile(view: ContainersAuthView, inputs: ContainersInputs, lookupKeys: string[], trace: Trace, result: Resolution): FileOutcome {
  const file = view.file.path;
  if (view.file.ioError !== null) {
    return { kind: 'error', message: `reading JSON file "${file}": ${view.file.ioError.message}` };
  }
  if (!view.file.exists && view.parseError === null) {
    trace.missing('containers.file', `${file} does not exist`, { file });
    return { kind: 'empty' };
  }
  if (view.parseError !== null) {
    const pos = view.parseError.pos;
    trace.error('containers.file', `${file} is not valid JSON for containers/image: ${view.parseError.message}`, {
      file,
      ...(pos === null ? {} : { line: pos.line, column: pos.column }),
    });
    return { kind: 'error', message: view.parseError.message };
  }
  trace.info('containers.file', `reading ${file}`, { file });

  const helperEntry = view.credHelpers.find((entry) => entry.key === inputs.registry);
  if (helperEntry !== undefined) {
    trace.matched('containers.credHelpers', `credHelpers["${inputs.registry}"] names "${helperEntry.helper}"; this file's auths are not consulted for the registry`, {
      file,
      key: helperEntry.key,
      line: helperEntry.pos.line,
      column: helperEntry.pos.column,
    });
    // an empty name still runs "docker-credential-", which does not exist
    if (helperEntry.helper === '') return { kind: 'helper', helper: '', answer: { kind: 'missing', binary: 'docker-credential-' } };
    const answer = inputs.answers.get(helperKey({ helper: helperEntry.helper, serverURL: inputs.registry }));
    if (answer === undefined) return { kind: 'pending', helper: helperEntry.helper };
    return { kind: 'helper', helper: helperEntry.helper, answer };
  }

  for (const key of lookupKeys) {
    const entry = view.auths.find((candidate) => candidate.key === key);
    if (entry === undefined) continue;
    trace.matched('containers.auths.exact', `"${key}" is present`, { file, key, tried: key, line: entry.keyPos.line, column: entry.keyPos.column });
    return decodeOutcome(entry, file, trace);
  }

  const wanted = containersNormalizeRegistry(inputs.registry);
  const matches: ContainersAuthEntry[] = [];
  for (const entry of view.auths) {
    const normalized = containersNormalizeAuthFileKey(entry.key, view.file.format === 'dockercfg');
    const where = { file, key: entry.key, tried: entry.key, line: entry.keyPos.line, column: entry.keyPos.column };
    if (normalized === wanted) {
      matches.push(entry);
      trace.matched('containers.auths.normalized', `"${entry.key}" normalises to "${normalized}", the same registry as "${inputs.registry}"`, where);
    } else {
      trace.skipped('containers.auths.normalized', `"${entry.key}" normalises to "${normalized}", not "${wanted}"`, where);
    }
  }
  const [first, ...rest] = matches;
  if (first === undefined) return { kind: 'empty' };
  if (rest.length > 0) {
    const distinct = new Set(matches.map((entry) => JSON.stringify([entry.username, entry.password?.reveal() ?? '', entry.identityToken?.reveal() ?? '', entry.authError])));
    if (distinct.size > 1) {
      result.ambiguous = true;
      result.candidates = matches.map((entry) => {
        const credentials = sentCredentials(entry.username ?? '', entry.password, entry.identityToken, null, new Trace(), entry.key);
        return describeSecretKind(credentials).present ? { key: entry.key, username: credentials.username, credentials } : { key: entry.key, username: null, credentials: null };
      });
      const message = `${matches.map((entry) => `"${entry.key}"`).join(', ')} all name "${inputs.registry}" with different credentials; containers/image takes whichever its map iteration meets first, which is random`;
      result.warnings.push({ id: 'containers.random-winner', message, file, key: first.key, line: first.keyPos.line, column: first.keyPos.column });
      trace.warning('containers.auths.random', message, { file });
    }
  }
  return decodeOutcome(first, file, trace);
}

function decodeOutcome(entry: ContainersAuthEntry, file: string, trace: Trace): FileOutcome {
  const where = { file, key: entry.key, line: entry.keyPos.line, column: entry.keyPos.column };
  if (entry.authError !== null) {
    return { kind: 'error', message: entry.authError };
  }
  if (entry.username === null) {
    const why = entry.missingColon
      ? `"${entry.key}" has an "auth" without a colon: containers/image skips it silently and goes on with the next file`
      : `"${entry.key}" has no "auth" value: containers/image finds nothing in it and goes on with the next file`;
    trace.skipped('containers.auths.empty', why, where);
    return { kind: 'empty' };
  }
  return { kind: 'found', entry };
}

/** Returns true when the helper's answer ends the lookup. */
function applyHelper(result: Resolution, trace: Trace, view: ContainersAuthView, helper: string, answer: HelperAnswer, registry: string): boolean {
  const file = view.file.path;
  switch (answer.kind) {
    case 'not-found':
      trace.missing('helper.get', `docker-credential-${helper} has nothing for "${registry}"; the search goes on with the next file`, { file });
      return false;
    case 'found': {
      const credentials = sentCredentials(answer.isIdentityToken ? '' : answer.username, answer.isIdentityToken ? null : answer.secret, answer.isIdentityToken ? answer.secret : null, null, trace, `docker-credential-${helper}`);
      const { present, kind } = describeSecretKind(credentials);
      Object.assign(result, {
        configFile: file,
        key: registry,
        source: 'helper',
        helper,
        credentials: present ? credentials : null,
        username: credentials.username,
        secretPresent: present,
        secretKind: kind,
      });
      trace.matched('helper.get', `docker-credential-${helper} has credentials for "${registry}"`, { file });
      return true;
    }
    case 'missing':
      Object.assign(result, { configFile: file, key: registry, source: 'helper', helper });
      result.error = `exec: "${answer.binary}": executable file not found in $PATH`;
      trace.error('helper.get', `${answer.binary} is not on PATH: the lookup fails`, { file });
      return true;
    default:
      Object.assign(result, { configFile: file, key: registry, source: 'helper', helper });
      result.error = answer.kind === 'timeout' ? `docker-credential-${helper} did not answer within ${answer.afterMs} ms` : answer.message;
      trace.error('helper.get', `docker-credential-${helper} failed: ${result.error}`, { file });
      return true;
  }
}
