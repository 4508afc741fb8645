import { dockerAuthConfigKey } from '../../clients/keys.js';
import { loginCommand } from '../../registry/problems.js';
import { base64UserPassword } from '../../store/plan.js';
import type { ClientId } from '../../clients/model.js';
import type { ClientOutcome, Facts, ProbeFacts } from '../facts.js';
import type { Finding } from '../finding.js';
import { finding, quote } from './support.js';

/**
 * Two clients reading the same files send different credentials for the same image. Everything
 * here comes from the resolvers' outcomes gathered in `facts.clients`; no client rule is decided here.
 */
export function checkClientsDisagree(facts: Facts): Finding[] {
  const groups = new Map<string, ProbeFacts[]>();
  for (const probe of facts.clients.probes) {
    if (agree(probe.outcomes)) continue;
    const signature = JSON.stringify(probe.outcomes.map(({ decisive: _decisive, route: _route, ...rest }) => rest));
    groups.set(signature, [...(groups.get(signature) ?? []), probe]);
  }
  return [...groups.values()].map((probes) => disagreement(facts, probes));
}

/** Same credentials, or nothing, from every client. */
export function agree(outcomes: readonly ClientOutcome[]): boolean {
  const [first, ...rest] = outcomes;
  if (first === undefined) return true;
  return rest.every((outcome) => sameSent(first, outcome));
}

function sameSent(a: ClientOutcome, b: ClientOutcome): boolean {
  return a.sends === b.sends && a.fingerprint === b.fingerprint;
}

export const CLIENT_NAMES: Record<ClientId, string> = { docker: 'Docker', podman: 'podman/skopeo/buildah', crane: 'crane', kubelet: 'the kubelet', containerd: 'containerd' };

export function describeOutcome(outcome: ClientOutcome): string {
  const where = outcome.key === null ? '' : ` (key ${quote(outcome.key)}${outcome.configFile === null ? '' : ` in ${outcome.configFile}${outcome.line === null ? '' : `:${outcome.line}`}`}${outcome.helper === null ? '' : `, helper docker-credential-${outcome.helper}`})`;
  const random = outcome.ambiguous ? ', chosen in random map order' : '';
  switch (outcome.sends) {
    case 'fails':
      return `fails: ${outcome.error ?? 'error'}`;
    case 'nothing':
      return `sends no credentials${outcome.error === null ? '' : ` (after the error: ${outcome.error})`}${where}`;
    case 'credentials':
      return `${outcome.username === null ? `sends a ${outcome.secretKind ?? 'token'}` : `sends the user ${quote(outcome.username)}`}${where}${random}${outcome.error === null ? '' : ` despite the error: ${outcome.error}`}`;
  }
}

function disagreement(facts: Facts, probes: ProbeFacts[]): Finding {
  const [probe] = probes;
  if (probe === undefined) throw new Error('a disagreement needs an image');
  const primary = probe.outcomes.find((outcome) => outcome.client === facts.clients.primary) ?? probe.outcomes[0];
  if (primary === undefined) throw new Error('a disagreement needs outcomes');
  const others = probe.outcomes.filter((outcome) => outcome !== primary && !sameSent(outcome, primary));
  // the kubelet reads node-level files, not the user's: its different user is worth a warning only
  const wrongUser = primary.sends === 'credentials' && others.some((outcome) => outcome.client !== 'kubelet' && outcome.sends === 'credentials' && outcome.username !== primary.username);
  const severity = primary.sends !== 'credentials' || wrongUser ? 'error' : 'warning';
  const responsible = responsibleOutcome(probe.outcomes);
  const remedy = remedyFor(facts, probe, responsible);
  const images = probes.map((item) => item.image);
  const decisive = [primary, ...others.slice(0, 1)]
    .map((outcome) => `${CLIENT_NAMES[outcome.client]}: ${outcome.decisive.length === 0 ? '(no decisive step)' : outcome.decisive.join(' → ')}`)
    .join(' | ');
  return finding('clients-disagree', {
    severity,
    title: `${CLIENT_NAMES[primary.client]} ${primary.sends === 'credentials' ? (primary.username === null ? 'sends a token' : `sends ${quote(primary.username)}`) : primary.sends === 'fails' ? 'fails' : 'sends nothing'} for ${images[0]}${images.length > 1 ? ` (and ${images.length - 1} more)` : ''}, ${others.map((outcome) => `${CLIENT_NAMES[outcome.client]} ${shortOutcome(outcome)}`).join(', ')}`,
    detail: [
      `For ${images.map((image) => image).join(', ')}:`,
      ...probe.outcomes.map((outcome) => `${CLIENT_NAMES[outcome.client]} ${describeOutcome(outcome)}.`),
      `Decisive steps — ${decisive}.`,
      remedy.text,
    ].join(' '),
    file: responsible?.configFile ?? null,
    line: responsible?.line ?? null,
    key: responsible?.key ?? null,
    fix: remedy.fix,
    ...(remedy.choices === undefined ? {} : { choices: remedy.choices }),
    ...(remedy.storeInHelper === undefined ? {} : { storeInHelper: remedy.storeInHelper }),
  });
}

function shortOutcome(outcome: ClientOutcome): string {
  if (outcome.sends === 'fails') return 'fails';
  if (outcome.sends === 'nothing') return 'sends nothing';
  return outcome.username === null ? `sends a ${outcome.secretKind ?? 'token'}` : `sends ${quote(outcome.username)}`;
}

/** The outcome whose key explains the difference: the one that found credentials (a file key before a helper). */
function responsibleOutcome(outcomes: readonly ClientOutcome[]): ClientOutcome | null {
  const sending = outcomes.filter((outcome) => outcome.sends === 'credentials' && outcome.key !== null);
  return sending.find((outcome) => outcome.source === 'file') ?? sending[0] ?? outcomes.find((outcome) => outcome.key !== null) ?? null;
}

interface Remedy {
  text: string;
  fix: Finding['fix'];
  choices?: string[];
  storeInHelper?: Finding['storeInHelper'];
}

/**
 * The edit that makes the clients agree: the key every client reads for this registry is the one
 * Docker looks up, so a single entry under another spelling is renamed to it; several entries
 * holding different credentials are the user's choice.
 */
function remedyFor(facts: Facts, probe: ProbeFacts, responsible: ClientOutcome | null): Remedy {
  const view = facts.docker.config.view;
  const file = view.file.path;
  const target = dockerAuthConfigKey(probe.registry);
  const fileKeys = new Set(view.auths.map((entry) => entry.key));
  const sendingKeys = [
    ...new Set(probe.outcomes.filter((outcome) => outcome.sends === 'credentials' && outcome.source === 'file' && outcome.configFile === file && outcome.key !== null).map((outcome) => outcome.key as string)),
  ].filter((key) => fileKeys.has(key));
  if (sendingKeys.length > 1) {
    return {
      text: `The keys ${sendingKeys.map(quote).join(' and ')} give different clients different credentials: keep one with "regauth fix --keep KEY"; it is stored under ${quote(target)}, which every client reads.`,
      fix: null,
      choices: sendingKeys,
    };
  }
  const [only] = sendingKeys;
  const docker = probe.outcomes.find((outcome) => outcome.client === 'docker');
  if (only !== undefined && docker !== undefined && docker.source === 'helper' && docker.helper !== null && docker.sends !== 'credentials') {
    const entry = view.auths.find((candidate) => candidate.key === only);
    const movable = entry !== undefined && entry.authError === null && entry.username !== '' && !entry.password.isEmpty && entry.identityToken === null;
    const helper = docker.helper;
    const serverURL = docker.key ?? target;
    if (!movable) {
      return { text: `Docker asks docker-credential-${helper} for ${quote(serverURL)}, not the file; the entry ${quote(only)} holds no username and password that could be stored there: log in again with "${loginCommand(probe.registry).replace(/^docker/, 'regauth')}".`, fix: null };
    }
    return {
      text: `Docker asks docker-credential-${helper} for ${quote(serverURL)} and never reads the file's ${quote(only)}: "regauth fix" stores that entry's credentials in the helper under ${quote(serverURL)} (its "store" action), so Docker sends them too.`,
      fix: null,
      storeInHelper: { file, key: only, helper, serverURL },
    };
  }
  if (only !== undefined && only !== target && !fileKeys.has(target)) {
    return {
      text: `Fix: rename ${quote(only)} to ${quote(target)}, the key Docker looks up and every other client reads too ("regauth fix").`,
      fix: { file, edits: [{ kind: 'rename-key', path: ['auths', only], newKey: target }], reason: `store the credentials for ${probe.registry} under the key every client reads` },
    };
  }
  if (only !== undefined && only === target) {
    const entry = view.auths.find((candidate) => candidate.key === only);
    if (entry !== undefined && !entry.hasAuth && entry.username !== '' && !entry.password.isEmpty && entry.identityToken === null) {
      return {
        text: `podman/skopeo/buildah read only the "auth" field, and ${quote(only)} has "username" and "password" instead: "regauth fix" replaces them by the equivalent "auth", which every client reads.`,
        fix: {
          file,
          edits: [
            { kind: 'set', path: ['auths', only, 'auth'], value: base64UserPassword(entry.username, entry.password) },
            ...entry.fields.filter((field) => ['username', 'password'].includes(field.toLowerCase())).map((field) => ({ kind: 'remove' as const, path: ['auths', only, field] })),
          ],
          reason: 'store the credentials in the "auth" field every client reads',
        },
      };
    }
  }
  if (only !== undefined && only !== target) {
    return {
      text: `${quote(target)} and ${quote(only)} both exist: keep one with "regauth fix --keep KEY".`,
      fix: null,
      choices: [target, only],
    };
  }
  const helperOutcome = probe.outcomes.find((outcome) => outcome.source === 'helper' && outcome.helper !== null);
  if (helperOutcome !== undefined) {
    return {
      text: `Docker asks docker-credential-${helperOutcome.helper ?? ''} for ${quote(helperOutcome.key ?? target)}, other clients read the file: store the credentials in the helper ("${loginCommand(probe.registry).replace(/^docker/, 'regauth')}" stores them there), or remove the helper setting.`,
      fix: null,
    };
  }
  const failing = probe.outcomes.find((outcome) => outcome.sends === 'fails');
  if (failing !== undefined) {
    return { text: `Make ${failing.configFile ?? 'the file'} readable by ${CLIENT_NAMES[failing.client]} (see the other findings for the position).`, fix: null };
  }
  return { text: `Store the credentials under ${quote(target)} in ${file}, the key every client reads.`, fix: null };
}
