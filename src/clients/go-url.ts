/**
 * The parts of Go's net/url.Parse that decide which host a "scheme://host:port/path" key names.
 * Only the authority is needed: clients reduce keys with u.Hostname() and u.Port().
 */
export type GoUrlHost =
  | { ok: true; scheme: string; hostname: string; port: string }
  | { ok: false; error: string };

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*$/;

/** Characters Go accepts unescaped in a host (RFC 3986 reg-name plus a few Go extras). */
function validHostChar(char: string): boolean {
  return /[a-zA-Z0-9\-._~!$&'()*+,;=:[\]<>"%]/.test(char);
}

export function parseGoUrlHost(raw: string): GoUrlHost {
  if (/[\x00-\x1f\x7f]/.test(raw)) return { ok: false, error: 'net/url: invalid control character in URL' };
  const schemeEnd = raw.indexOf(':');
  if (schemeEnd <= 0) return { ok: false, error: 'missing protocol scheme' };
  const scheme = raw.slice(0, schemeEnd);
  if (!SCHEME.test(scheme)) {
    // Go treats a non-scheme prefix as a path: there is no host then
    if (/^[0-9+.-]/.test(scheme)) return { ok: true, scheme: '', hostname: '', port: '' };
    return { ok: false, error: 'first path segment in URL cannot contain colon' };
  }
  let rest = raw.slice(schemeEnd + 1);
  const fragment = rest.indexOf('#');
  if (fragment !== -1) rest = rest.slice(0, fragment);
  const query = rest.indexOf('?');
  if (query !== -1) rest = rest.slice(0, query);
  if (!rest.startsWith('//')) return { ok: true, scheme: scheme.toLowerCase(), hostname: '', port: '' };
  rest = rest.slice(2);
  const slash = rest.indexOf('/');
  let authority = slash === -1 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  return parseAuthorityHost(scheme.toLowerCase(), authority);
}

function parseAuthorityHost(scheme: string, host: string): GoUrlHost {
  let hostname: string;
  let port = '';
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close === -1) return { ok: false, error: 'missing \']\' in host' };
    const after = host.slice(close + 1);
    if (after !== '' && !/^:[0-9]*$/.test(after)) return { ok: false, error: `invalid port "${after}" after host` };
    hostname = host.slice(1, close);
    port = after.slice(1);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon !== -1) {
      const portText = host.slice(colon);
      if (!/^:[0-9]*$/.test(portText)) return { ok: false, error: `invalid port "${portText}" after host` };
      hostname = host.slice(0, colon);
      port = portText.slice(1);
    } else {
      hostname = host;
    }
  }
  for (const char of hostname) {
    if (!validHostChar(char)) return { ok: false, error: `invalid character "${char}" in host name` };
  }
  if (/%(?![0-9a-fA-F]{2})/.test(hostname)) return { ok: false, error: 'invalid URL escape' };
  hostname = hostname.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return { ok: true, scheme, hostname, port };
}

/** Go's net.JoinHostPort: brackets a host that contains a colon. */
export function joinHostPort(hostname: string, port: string): string {
  return hostname.includes(':') ? `[${hostname}]:${port}` : `${hostname}:${port}`;
}
