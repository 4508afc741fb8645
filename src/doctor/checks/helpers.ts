import { loginCommand } from '../../registry/problems.js';
import type { Edit } from '../../config/edit.js';
import type { DockerConfigView } from '../../config/model.js';
import type { Facts, HelperFacts } from '../facts.js';
import type { Finding } from '../finding.js';
import { DOCKER_HUB_KEY, dockerLookupKey, isHubSpelling } from '../keys.js';
import { finding, helperFor, holdsCredentials, quote, shellQuote } from './support.js';

/** credsStore / credHelpers: missing or failing helpers, ignored plain text, misspelled keys. */
export function checkHelpers(facts: Facts): Finding[] {
  const { view } = facts.docker.config;
  return [
    ...plaintextIgnored(view),
    ...hubCredHelperKeys(view),
    ...facts.helpers.flatMap((helper) => (helper.path === null ? missingHelper(facts, helper) : failingHelper(helper))),
    ...emptyEntries(facts, view),
  ];
}

function plaintextIgnored(view: DockerConfigView): Finding[] {
  const findings: Finding[] = [];
  for (const entry of view.auths) {
    const lookupKey = dockerLookupKey(entry.key);
    if (lookupKey === null || !holdsCredentials(entry)) continue;
    const helper = helperFor(view, lookupKey);
    if (helper === null) continue;
    findings.push(
      finding('plaintext-ignored-for-helper', {
        title: `Plain-text credentials under ${quote(entry.key)} are ignored: Docker asks "${helper.name}"`,
        detail: `${helper.setting === 'credsStore' ? '"credsStore"' : `credHelpers[${quote(lookupKey)}]`} sends Docker and crane to docker-credential-${helper.name} for ${quote(lookupKey)}, so the credentials stored in the file are never used by them; podman/skopeo/buildah ignore credsStore and do use them. Store the credentials in the helper ("docker login") and remove the plain-text value, or remove the helper setting.`,
        file: view.file.path,
        line: entry.keyPos.line,
        key: entry.key,
        readers: { docker: false, podman: true, crane: false, kubelet: true },
      }),
    );
  }
  return findings;
}

function hubCredHelperKeys(view: DockerConfigView): Finding[] {
  const hasCanonical = view.credHelpers.some((entry) => entry.key === DOCKER_HUB_KEY);
  return view.credHelpers
    .filter((entry) => entry.key !== DOCKER_HUB_KEY && isHubSpelling(entry.key))
    .map((entry, index) => {
      const fixable = !hasCanonical && index === 0;
      return finding('credhelpers-hub-key-ignored', {
        title: `credHelpers key ${quote(entry.key)} is never used by Docker`,
        detail: `Docker looks credHelpers up by the exact key ${quote(DOCKER_HUB_KEY)} for Docker Hub, so the helper "${entry.helper}" is not asked; ${
          view.credsStore === null ? 'Docker uses the plain-text entries instead' : `Docker asks the credsStore "${view.credsStore.value}" instead`
        }. podman does use this entry for Docker Hub.${fixable ? '' : ` Another credHelpers entry already names Docker Hub; remove one of them.`}`,
        file: view.file.path,
        line: entry.pos.line,
        key: entry.key,
        readers: { docker: false, podman: true, crane: false, kubelet: false },
        fix: fixable
          ? { file: view.file.path, edits: [{ kind: 'rename-key', path: ['credHelpers', entry.key], newKey: DOCKER_HUB_KEY }], reason: 'key the Docker Hub helper by the key Docker looks up' }
          : null,
      });
    });
}

/** Helpers that only exist with Docker Desktop or on another operating system. */
function belongsElsewhere(facts: Facts, name: string): boolean {
  if (facts.environment.platform !== 'linux') return false;
  if (name === 'osxkeychain' || name === 'wincred' || name === 'desktop') return true;
  return name === 'desktop.exe' && !facts.environment.wsl;
}

function missingHelper(facts: Facts, helper: HelperFacts): Finding[] {
  const binary = `docker-credential-${helper.name}`;
  const elsewhere = belongsElsewhere(facts, helper.name);
  return helper.configuredBy.map((where) => {
    const setting = where.setting === 'credsStore' ? '"credsStore"' : `credHelpers[${quote(where.key ?? '')}]`;
    const edit: Edit = where.setting === 'credsStore' ? { kind: 'delete-key', path: ['credsStore'] } : { kind: 'delete-key', path: ['credHelpers', where.key ?? ''] };
    const advice = elsewhere
      ? `"${helper.name}" belongs to Docker Desktop or another operating system, so whatever it stored is out of reach here: the fix removes ${setting}. Docker then reads the plain-text entries of the file, and the next "docker login" stores new credentials there (or in pass once "credsStore": "pass" is set).`
      : helper.name === 'desktop.exe'
        ? 'In WSL this needs Windows interop and Docker Desktop\'s WSL integration; enable them, or remove the setting to use plain-text credentials.'
        : `Install ${binary} (or put it on PATH); removing the setting would make Docker fall back to plain-text credentials.`;
    return finding('helper-missing', {
      title: `${setting} names ${binary}, which is not on PATH`,
      detail: `Docker reports "error getting credentials - err: exec: "${binary}": executable file not found in $PATH" and carries on: pull and push send the file's own entry for the registry, if any, else no credentials. ${advice}`,
      file: where.file,
      line: where.line,
      key: where.setting === 'credsStore' ? 'credsStore' : where.key,
      fix: elsewhere ? { file: where.file, edits: [edit], reason: `stop using the absent helper ${binary}` } : null,
      ...(elsewhere ? {} : { command: helper.name === 'desktop.exe' ? 'wsl.exe --shutdown  # after enabling interop and WSL integration' : `apt-get install golang-docker-credential-helpers  # or install ${binary} from docker/docker-credential-helpers` }),
    });
  });
}

function failingHelper(helper: HelperFacts): Finding[] {
  const binary = `docker-credential-${helper.name}`;
  const failure = helper.answers.find((item) => item.answer.kind === 'failed' || item.answer.kind === 'timeout' || item.answer.kind === 'bad-output');
  let detail: string | null = null;
  if (failure !== undefined) {
    const { answer } = failure;
    if (answer.kind === 'failed') detail = `"${binary} get" for ${quote(failure.serverURL)} failed: ${answer.message}${answer.stderr.trim() === '' ? '' : ` (stderr: ${answer.stderr.trim()})`}`;
    else if (answer.kind === 'timeout') detail = `"${binary} get" for ${quote(failure.serverURL)} did not answer within ${answer.afterMs} ms (it may be waiting for a passphrase or a keyring unlock); Docker would wait for it indefinitely.`;
    else if (answer.kind === 'bad-output') detail = `"${binary} get" for ${quote(failure.serverURL)} printed something that is not a credential reply: ${answer.message}`;
  } else if (helper.list.kind === 'failed') {
    detail = `"${binary} list" failed: ${helper.list.message}${helper.list.stderr.trim() === '' ? '' : ` (stderr: ${helper.list.stderr.trim()})`}`;
  }
  if (detail === null) return [];
  const where = helper.configuredBy[0];
  return [
    finding('helper-failing', {
      title: `${binary} fails`,
      detail: `${detail} Docker reports the error and carries on: pull and push send the file's own entry for the registry, if any, else no credentials.`,
      file: where?.file ?? null,
      line: where?.line ?? null,
      key: where === undefined ? null : where.setting === 'credsStore' ? 'credsStore' : where.key,
      command: helper.name === 'pass' ? 'pass ls  # needs "pass init <gpg-id>" and an unlocked GPG key' : undefined,
    }),
  ];
}

function emptyEntries(facts: Facts, view: DockerConfigView): Finding[] {
  const findings: Finding[] = [];
  for (const entry of view.auths) {
    if (holdsCredentials(entry) || entry.fields.some((name) => name !== 'email')) continue;
    const lookupKey = dockerLookupKey(entry.key);
    if (lookupKey === null) continue;
    const helper = helperFor(view, lookupKey);
    if (helper === null) {
      findings.push(
        finding('helper-empty-entry', {
          title: `Empty entry ${quote(entry.key)} with no helper to fill it`,
          detail: `The entry holds no credentials and no credential helper applies to it (the helper setting was removed?), so Docker sends none for ${quote(lookupKey)}. Log in again or remove the entry.`,
          file: view.file.path,
          line: entry.keyPos.line,
          key: entry.key,
        }),
      );
      continue;
    }
    const answer = facts.helpers.find((candidate) => candidate.name === helper.name)?.answers.find((item) => item.serverURL === lookupKey)?.answer;
    if (answer?.kind !== 'not-found') continue;
    findings.push(
      finding('helper-empty-entry', {
        title: `docker-credential-${helper.name} has nothing for ${quote(entry.key)}`,
        detail: `The file marks ${quote(entry.key)} as stored in the helper "${helper.name}", but the helper has no credentials for ${quote(lookupKey)}: Docker sends none. Log in again ("${loginCommand(lookupKey)}"), or remove the entry.`,
        file: view.file.path,
        line: entry.keyPos.line,
        key: entry.key,
        command: loginCommand(shellQuote(lookupKey)),
      }),
    );
  }
  return findings;
}
