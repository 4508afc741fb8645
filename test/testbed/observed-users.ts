/**
 * Which users a registry or the token server saw, read from their logs. Pure text parsing.
 *
 * distribution 2.8 writes `auth.user.name` only on log lines emitted inside request
 * handlers (repository routes, catalog); a bare `GET /v2/` with valid Basic credentials leaves
 * no trace of the user. Failed htpasswd logins are logged as `error authenticating user "X"`.
 */
export interface ObservedUsers {
  /** authenticated user names, sorted, without duplicates */
  users: string[];
  /** user names that were presented with a wrong password */
  rejected: string[];
}

const REJECTED_MESSAGE = /^error authenticating user "(.*)"/;

function parseJsonLines(text: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null) records.push(value as Record<string, unknown>);
    } catch {
      // a line cut at the read boundary or foreign output: not ours to judge
    }
  }
  return records;
}

function sortedUnique(names: Iterable<string>): string[] {
  return [...new Set(names)].sort();
}

export function usersInRegistryLog(text: string): ObservedUsers {
  const users: string[] = [];
  const rejected: string[] = [];
  for (const record of parseJsonLines(text)) {
    const user = record['auth.user.name'];
    if (typeof user === 'string' && user.length > 0) users.push(user);
    const message = record['msg'];
    const match = typeof message === 'string' ? REJECTED_MESSAGE.exec(message) : null;
    if (match?.[1] !== undefined) rejected.push(match[1]);
  }
  return { users: sortedUnique(users), rejected: sortedUnique(rejected) };
}

export function usersInTokenLog(text: string): ObservedUsers {
  const users: string[] = [];
  const rejected: string[] = [];
  for (const record of parseJsonLines(text)) {
    if (typeof record['user'] === 'string') users.push(record['user']);
    if (typeof record['rejectedUser'] === 'string') rejected.push(record['rejectedUser']);
  }
  return { users: sortedUnique(users), rejected: sortedUnique(rejected) };
}

export function mergeObserved(...parts: ObservedUsers[]): ObservedUsers {
  return {
    users: sortedUnique(parts.flatMap((part) => part.users)),
    rejected: sortedUnique(parts.flatMap((part) => part.rejected)),
  };
}
