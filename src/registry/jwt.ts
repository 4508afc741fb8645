/**
 * Decoding (never verifying) registry JWTs to read what the token server granted. A positive
 * grant is a hint only: some token servers issue tokens the registry later refuses, and some
 * tokens are not JWTs at all.
 */

export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `sub`: the account the token speaks for; '' for anonymous tokens */
  subject: string | null;
  /** `exp` as a Date, null when absent or not a number */
  expiresAt: Date | null;
  issuer: string | null;
  /** the `access` claim; null when the claim is absent or malformed */
  access: AccessEntry[] | null;
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(segment)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readAccess(value: unknown): AccessEntry[] | null {
  if (!Array.isArray(value)) return null;
  const entries: AccessEntry[] = [];
  for (const item of value) {
    if (item === null || typeof item !== 'object') continue;
    const { type, name, actions } = item as Record<string, unknown>;
    if (typeof type !== 'string' || typeof name !== 'string') continue;
    entries.push({
      type,
      name,
      actions: Array.isArray(actions) ? actions.filter((a): a is string => typeof a === 'string') : [],
    });
  }
  return entries;
}

/** Returns null for anything that is not a three-part JWT with JSON header and claims. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const header = decodeSegment(parts[0]!);
  const claims = decodeSegment(parts[1]!);
  if (header === null || claims === null) return null;
  return {
    header,
    claims,
    subject: typeof claims['sub'] === 'string' ? claims['sub'] : null,
    expiresAt: typeof claims['exp'] === 'number' && Number.isFinite(claims['exp']) ? new Date(claims['exp'] * 1000) : null,
    issuer: typeof claims['iss'] === 'string' ? claims['iss'] : null,
    access: readAccess(claims['access']),
  };
}

/**
 * The actions the token claims for one resource, with `*` expanded to every action asked about.
 * null when the token carries no readable `access` claim.
 */
export function grantedActions(jwt: DecodedJwt, type: string, name: string): string[] | null {
  if (jwt.access === null) return null;
  const actions = new Set<string>();
  for (const entry of jwt.access) {
    if (entry.type === type && entry.name === name) for (const action of entry.actions) actions.add(action);
  }
  if (actions.has('*')) return ['*', 'pull', 'push', 'delete'];
  return [...actions];
}
