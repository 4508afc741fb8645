import type { ContainersAuthEntry, ContainersAuthView } from '../config/model.js';
import { authAt, authCount, authKeysOf } from '../config/lazy-auths.js';
import { AUTH_FILE_HELPER, type CredentialHelperSetting } from '../config/registries-conf.js';
import { clientErrorText, type ExecFailure } from '../helpers/client-messages.js';
import type { HelperAnswer } from '../helpers/model.js';
import { helperKey } from '../helpers/model.js';
import { parseContainersReference } from '../reference/containers.js';
import { Trace, type Warning, visitUnlessCounted } from '../util/trace.js';
import { type ContainersFeatures, NEWEST_CONTAINERS, containersFeatures, describeSwitch, formatContainersRelease } from './containers-versions.js';
import { sentCredentials } from './docker.js';
import { containersLookupOrder, containersNormalizeAuthFileKey, containersNormalizeRegistry } from './keys.js';
import { type Resolution, describeSecretKind, startResolution } from './model.js';
import { FirstPositions, ReducedPositions } from './positions.js';

/**
 * containers/image (podman, skopeo, buildah) GetCredentialsForRef: the registries.conf
 * `credential-helpers` in order, where "containers-auth.json" means the auth files — files in
 * order, per file credHelpers, then the most specific key reg/ns/repo … reg, then keys
 * normalised to their registry. Errors are collected and reported only when nothing was found.
 */
export interface ContainersInputs {
  /** registry domain, e.g. "docker.io" */
  registry: string;
  /** "docker.io/alice/app"; equal to registry when only a registry is looked up */
  name: string;
  /** the image as given: parsed again with containers/image's grammar, which decides registry and name */
  image?: string;
  files: ContainersAuthView[];
  answers: ReadonlyMap<string, HelperAnswer>;
  /**
   * podman stats its --authfile (or the default it takes from REGISTRY_AUTH_FILE or
   * DOCKER_CONFIG) before it pulls and fails when the file is missing; skopeo does not.
   */
  statsAuthFile?: string | null;
  /** the modelled release; the newest when not given */
  features?: ContainersFeatures;
  /** registries.conf `credential-helpers`; the auth files only when not given */
  helpers?: CredentialHelperSetting & { error?: string | null };
}

type FileOutcome =
  | { kind: 'found'; entry: ContainersAuthEntry }
  | { kind: 'helper'; helper: string; answer: HelperAnswer }
  | { kind: 'pending'; helper: string }
  | { kind: 'empty' }
  | { kind: 'error'; message: string };

/** What one entry of `credential-helpers` gave. */
type HelperOutcome = { kind: 'done' } | { kind: 'pending' } | { kind: 'nothing' } | { kind: 'error'; message: string };

export function resolveContainers(inputs: ContainersInputs): Resolution {
  const trace = new Trace();
  const warnings: Warning[] = [];
  const features = inputs.features ?? containersFeatures(NEWEST_CONTAINERS);
  let { registry, name } = inputs;
  if (inputs.image !== undefined) {
    const parsed = parseContainersReference(inputs.image);
    if (!parsed.ok) {
      const refused = startResolution('podman', registry, trace.steps);
      refused.error = parsed.message;
      trace.error('containers.reference', `containers/image's reference grammar refuses "${inputs.image}": ${parsed.message} (skopeo prints it after "Error parsing image name")`);
      return refused;
    }
    ({ registry, name } = parsed);
  }
  const result = startResolution('podman', registry, trace.steps);
  result.warnings = warnings;
  trace.info('containers.release', `modelling containers/image ${formatContainersRelease(features.release)}`);
  const checked = inputs.statsAuthFile ?? null;
  const checkedFile = checked === null ? undefined : inputs.files.find((view) => view.file.path === checked)?.file;
  if (checked !== null && checkedFile?.exists === false) {
    result.configFile = checked;
    result.error = `stat ${checked}: ${checkedFile.notADirectory === true ? 'not a directory' : 'no such file or directory'} (podman checks that its auth file exists before it pulls)`;
    trace.error('containers.authfile-missing', `podman stats ${checked} first and stops: the file does not exist`, { file: checked });
    return result;
  }
  if (inputs.helpers?.error !== undefined && inputs.helpers.error !== null) {
    result.error = inputs.helpers.error;
    trace.error('containers.registries-conf', `registries.conf cannot be read, so no credentials are looked up: ${inputs.helpers.error}`);
    return result;
  }
  const helpers = inputs.helpers?.helpers ?? [AUTH_FILE_HELPER];
  const origin = inputs.helpers?.origin?.path ?? null;
  trace.info(
    'containers.credential-helpers',
    origin === null
      ? `no registries.conf sets credential-helpers: only the auth files ("${AUTH_FILE_HELPER}") are searched`
      : `credential-helpers in ${origin}: ${helpers.map((helper) => `"${helper}"`).join(', ')}, asked in this order`,
    origin === null ? {} : { file: origin, ...(inputs.helpers?.origin?.credentialHelpersPos ? { line: inputs.helpers.origin.credentialHelpersPos.line, column: inputs.helpers.origin.credentialHelpersPos.column } : {}) },
  );
  const scope = { ...inputs, registry, name, features };
  const errors: string[] = [];
  for (const helper of helpers) {
    const outcome = helper === AUTH_FILE_HELPER ? searchAuthFiles(scope, trace, result) : askRegistriesConfHelper(scope, helper, origin, trace, result);
    if (outcome.kind === 'done' || outcome.kind === 'pending') return result;
    if (outcome.kind === 'error') {
      errors.push(outcome.message);
      trace.error('containers.helper-error', `"${helper}" failed: ${outcome.message}; the next credential helper is still asked`);
    }
  }
  if (errors.length > 0) {
    result.error = joinLookupErrors(errors, features);
    trace.error('containers.abort', `nothing found and ${errors.length} lookup error${errors.length === 1 ? '' : 's'}: the lookup fails. ${describeSwitch('lookupErrorsUnwrapped', features)}`);
    return result;
  }
  trace.missing('containers.result', 'no credential helper and no file holds credentials for this registry: no credentials are sent');
  return result;
}

/** go-multierror's list format before 5.31; containers/image's own multierr.Format from 5.31. */
export function joinLookupErrors(errors: readonly string[], features: ContainersFeatures): string {
  if (!features.lookupErrorsUnwrapped) {
    if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]}\n\n`;
    return `${errors.length} errors occurred:\n\t${errors.map((error) => `* ${error}`).join('\n\t')}\n\n`;
  }
  if (errors.length === 1) return errors[0] ?? '';
  // "\nt* " is containers/image's own spelling
  return `errors looking up credentials:\n\t* ${errors.join('\nt* ')}\n`;
}

type Scope = ContainersInputs & { features: ContainersFeatures };

function askRegistriesConfHelper(scope: Scope, helper: string, origin: string | null, trace: Trace, result: Resolution): HelperOutcome {
  const answer = scope.answers.get(helperKey({ helper, serverURL: scope.registry }));
  if (answer === undefined) {
    result.pendingHelperQueries.push({ helper, serverURL: scope.registry });
    return { kind: 'pending' };
  }
  if (answer.kind === 'not-found') {
    trace.missing('helper.get', `docker-credential-${helper} (from registries.conf) has nothing for "${scope.registry}"; the next credential helper is asked`);
    return { kind: 'nothing' };
  }
  if (answer.kind !== 'found') return { kind: 'error', message: helperErrorText(answer, scope.features, trace) };
  fillFromHelper(result, trace, origin, helper, answer, scope.registry);
  trace.matched('containers.credential-helper', `docker-credential-${helper}, named by registries.conf credential-helpers, has credentials for "${scope.registry}"`, origin === null ? {} : { file: origin });
  return { kind: 'done' };
}

function searchAuthFiles(scope: Scope, trace: Trace, result: Resolution): HelperOutcome {
  const lookupKeys = containersLookupOrder(scope.name);
  trace.info('containers.keys', `containers/image tries the keys ${lookupKeys.map((key) => `"${key}"`).join(', ')} in each file, then any key that names the registry "${scope.registry}"`);
  for (const view of scope.files) {
    const file = view.file.path;
    result.warnings.push(...view.warnings);
    const outcome = searchFile(view, scope, lookupKeys, trace, result);
    switch (outcome.kind) {
      case 'empty':
        continue;
      case 'error':
        trace.error('containers.file-error', `the auth-file search stops here with an error: ${outcome.message}`, { file });
        return { kind: 'error', message: outcome.message };
      case 'pending':
        result.pendingHelperQueries.push({ helper: outcome.helper, serverURL: scope.registry });
        return { kind: 'pending' };
      case 'helper': {
        const { answer, helper } = outcome;
        if (answer.kind === 'not-found') {
          trace.missing('helper.get', `docker-credential-${helper} has nothing for "${scope.registry}"; the search goes on with the next file`, { file });
          continue;
        }
        if (answer.kind !== 'found') {
          const message = helperErrorText(answer, scope.features, trace);
          trace.error('helper.get', `docker-credential-${helper} failed: ${message}`, { file });
          return { kind: 'error', message };
        }
        fillFromHelper(result, trace, file, helper, answer, scope.registry);
        trace.matched('helper.get', `docker-credential-${helper} has credentials for "${scope.registry}"`, { file });
        return { kind: 'done' };
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
        return { kind: 'done' };
      }
    }
  }
  trace.missing('containers.auth-files', 'no auth file holds credentials for this registry');
  return { kind: 'nothing' };
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

  const index = containersIndexOf(view);
  const helperEntry = index.helpers.get(inputs.registry);
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

  // a legacy ~/.dockercfg is looked up by the registry alone
  for (const key of view.file.format === 'dockercfg' ? [inputs.registry] : lookupKeys) {
    const position = index.firstUnder(key);
    if (position === undefined) continue;
    const entry = authAt(view, position);
    trace.matched('containers.auths.exact', `"${key}" is present`, { file, key, tried: key, line: entry.keyPos.line, column: entry.keyPos.column });
    return decodeOutcome(entry, file, trace);
  }

  const wanted = containersNormalizeRegistry(inputs.registry);
  const matches: ContainersAuthEntry[] = [];
  // entries that normalise to another registry are skipped; once skipped steps are only
  // counted, runs of them are counted at once
  visitUnlessCounted(trace, 'containers.auths.normalized', index.size, index.normalizingTo(wanted), (position) => {
    const entry = authAt(view, position);
    const normalized = index.normalizedAt(position);
    const where = { file, key: entry.key, tried: entry.key, line: entry.keyPos.line, column: entry.keyPos.column };
    if (normalized === wanted) {
      matches.push(entry);
      trace.matched('containers.auths.normalized', `"${entry.key}" normalises to "${normalized}", the same registry as "${inputs.registry}"`, where);
    } else {
      trace.skipped('containers.auths.normalized', `"${entry.key}" normalises to "${normalized}", not "${wanted}"`, where);
    }
  });
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

/**
 * One auth file's keys. `ls` and `doctor` look it up for every registry they meet, so after a few
 * lookups answered by scanning the keys (all a `resolve` makes) the maps are built once.
 */
class ContainersIndex {
  readonly helpers = new Map<string, ContainersAuthView['credHelpers'][number]>();
  readonly #exact: FirstPositions;
  readonly #normalized: ReducedPositions;

  constructor(
    view: ContainersAuthView,
    /** how many entries the view had when indexed */
    readonly size: number,
  ) {
    for (const entry of view.credHelpers) if (!this.helpers.has(entry.key)) this.helpers.set(entry.key, entry);
    const keys = authKeysOf(view);
    const legacyFormat = view.file.format === 'dockercfg';
    this.#exact = new FirstPositions(keys);
    this.#normalized = new ReducedPositions(keys, (key) => containersNormalizeAuthFileKey(key, legacyFormat));
  }

  /** the position of the first entry under exactly this key */
  firstUnder(key: string): number | undefined {
    return this.#exact.get(key);
  }

  /** the entry's key normalised */
  normalizedAt(position: number): string {
    return this.#normalized.at(position);
  }

  /** positions, ascending, of the entries whose key normalises to the registry */
  normalizingTo(registry: string): readonly number[] {
    return this.#normalized.get(registry);
  }
}

const containersIndexes = new WeakMap<ContainersAuthView, ContainersIndex>();

function containersIndexOf(view: ContainersAuthView): ContainersIndex {
  let index = containersIndexes.get(view);
  const size = authCount(view);
  if (index !== undefined && index.size === size) return index;
  index = new ContainersIndex(view, size);
  containersIndexes.set(view, index);
  return index;
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

function fillFromHelper(result: Resolution, trace: Trace, file: string | null, helper: string, answer: HelperAnswer & { kind: 'found' }, registry: string): void {
  const credentials = sentCredentials(
    answer.isIdentityToken ? '' : answer.username,
    answer.isIdentityToken ? null : answer.secret,
    answer.isIdentityToken ? answer.secret : null,
    null,
    trace,
    `docker-credential-${helper}`,
  );
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
}

/** The error containers/image reports for a helper that did not answer with credentials. */
function helperErrorText(answer: Exclude<HelperAnswer, { kind: 'found' } | { kind: 'not-found' }>, features: ContainersFeatures, trace: Trace): string {
  if (answer.kind === 'missing') trace.info('containers.helper-missing', describeSwitch('execabsHelperLookup', features));
  const failure: ExecFailure =
    answer.kind === 'missing'
      ? { kind: 'missing', binary: answer.binary }
      : answer.kind === 'failed'
        ? { kind: 'exited', exitCode: answer.exitCode, signal: answer.signal ?? null, stdout: answer.stdout }
        : answer.kind === 'timeout'
          ? { kind: 'timeout', afterMs: answer.afterMs }
          : { kind: 'bad-output', stdout: answer.message };
  // with os/exec (5.28 on) the missing-binary text is the one the Docker CLI prints
  return clientErrorText(features.execabsHelperLookup ? 'docker' : 'containers', 'get', failure);
}
