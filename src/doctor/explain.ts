import { type FindingId, catalogueEntry, isFindingId } from './catalogue.js';
import type { Severity } from './finding.js';
import { KNOWN_MESSAGES, type KnownMessage } from './messages.js';

/**
 * `regauth explain TEXT|ID`: a pure matcher from pasted error output to known messages, or the
 * long explanation of a finding id. Matching ignores case, whitespace (so line wraps and
 * indentation do not matter) and quotes, and looks for each message's fixed fragments in
 * order, so client prefixes ("Error response from daemon: ", "FATA[0000] ", "Error: ") and
 * varying hosts, paths and repository names do not matter.
 */

export interface MessageMatch {
  id: string;
  clients: string[];
  message: string;
  causes: string[];
  findings: Array<{ id: FindingId; title: string }>;
  confirm: string;
  /** what to do, naming the tool that fixes it */
  fix: string[];
  /** where the message text was seen */
  source: string;
  /** the credential helper named in the text, when there is one */
  helper?: string;
}

export type Explanation =
  | { kind: 'finding'; id: FindingId; title: string; severity: Severity; explanation: string; messages: Array<{ id: string; message: string }> }
  | { kind: 'messages'; query: string; matches: MessageMatch[] }
  | { kind: 'none'; query: string; advice: string[] };

/** Longer input is cut: error output beyond this adds nothing but time. */
const MAX_INPUT = 1024 * 1024;
const IGNORED = /[\s"'`\u2018\u2019\u201c\u201d\u00ab\u00bb]+/g;

export function normalizeMessage(text: string): string {
  return text.slice(0, MAX_INPUT).toLowerCase().replace(IGNORED, '');
}

interface Prepared {
  message: KnownMessage;
  alternatives: string[][];
}

const PREPARED: Prepared[] = KNOWN_MESSAGES.map((message) => ({
  message,
  alternatives: message.match.map((fragments) => fragments.map(normalizeMessage).filter((fragment) => fragment !== '')),
}));

/** Characters of the best matching alternative, 0 when none matches. */
function score(haystack: string, alternatives: string[][]): number {
  let best = 0;
  for (const fragments of alternatives) {
    let from = 0;
    let matched = 0;
    for (const fragment of fragments) {
      const at = haystack.indexOf(fragment, from);
      if (at === -1) {
        matched = 0;
        break;
      }
      from = at + fragment.length;
      matched += fragment.length;
    }
    best = Math.max(best, matched);
  }
  return best;
}

function rank(prepared: Prepared): number {
  return prepared.message.generic === true ? 1 : 0;
}

export function matchMessages(text: string): MessageMatch[] {
  const haystack = normalizeMessage(text);
  if (haystack === '') return [];
  const helper = /docker-credential-([A-Za-z0-9._-]{1,64})/.exec(text.slice(0, MAX_INPUT))?.[1];
  return PREPARED.map((prepared, order) => ({ prepared, order, points: score(haystack, prepared.alternatives) }))
    .filter((candidate) => candidate.points > 0)
    .sort((a, b) => rank(a.prepared) - rank(b.prepared) || b.points - a.points || a.order - b.order)
    .map(({ prepared: { message } }) => ({
      id: message.id,
      clients: message.clients,
      message: message.message,
      causes: message.causes,
      findings: message.findings.map((id) => ({ id, title: catalogueEntry(id).title })),
      confirm: message.confirm,
      fix: message.fix ?? [],
      source: message.source,
      ...(helper === undefined || !message.message.includes('docker-credential-') ? {} : { helper }),
    }));
}

export function explain(text: string): Explanation {
  const query = text.trim();
  if (isFindingId(query)) {
    const entry = catalogueEntry(query);
    return {
      kind: 'finding',
      id: query,
      title: entry.title,
      severity: entry.severity,
      explanation: entry.explanation,
      messages: KNOWN_MESSAGES.filter((message) => message.findings.includes(query)).map((message) => ({ id: message.id, message: message.message })),
    };
  }
  const byId = KNOWN_MESSAGES.find((message) => message.id === query);
  const matches = byId === undefined ? matchMessages(query) : matchMessages(byId.message).filter((match) => match.id === byId.id);
  if (matches.length > 0) return { kind: 'messages', query: clip(query), matches };
  return {
    kind: 'none',
    query: clip(query),
    advice: [
      `No known message matched. regauth knows ${KNOWN_MESSAGES.length} messages of docker, podman, skopeo, buildah, crane, buildx, BuildKit, containerd, the kubelet, the cloud registries and the credential helpers.`,
      'Paste the whole error line, including the part after the last colon: that is where the registry or the helper says what went wrong.',
      'Run "regauth doctor" (with the image, and --push for push errors) to check the configuration and the registry directly.',
      'A finding id (for example "docker-hub-key-ignored") prints its long explanation.',
    ],
  };
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function renderExplanation(result: Explanation, options: { json: boolean }): string {
  if (options.json) return JSON.stringify(result, null, 2);
  switch (result.kind) {
    case 'finding':
      return [
        `${result.id} (${result.severity}): ${result.title}`,
        '',
        result.explanation,
        ...(result.messages.length === 0 ? [] : ['', 'Seen as:', ...result.messages.map((message) => `  ${message.message}`)]),
      ].join('\n');
    case 'none':
      return result.advice.join('\n');
    case 'messages':
      return result.matches
        .map((match, index) =>
          [
            `${index === 0 ? 'Most likely' : 'Also matches'}: ${match.id}${match.helper === undefined ? '' : ` (helper docker-credential-${match.helper})`}`,
            `  message: ${match.message}`,
            `  from:    ${match.clients.join(', ')}`,
            '  causes:',
            ...match.causes.map((cause) => `    - ${cause}`),
            ...(match.findings.length === 0 ? [] : ['  findings that confirm it:', ...match.findings.map((item) => `    - ${item.id}: ${item.title}`)]),
            `  confirm with: ${match.confirm}`,
            ...(match.fix.length === 0 ? [] : ['  fix:', ...match.fix.map((step) => `    - ${step}`)]),
          ].join('\n'),
        )
        .join('\n\n');
  }
}
