
/**
 * The parts of Go's net/url.Parse that decide which host a "scheme://host:port/path" key names.
 * Only the authority is needed: clients reduce keys with u.Hostname() and u.Port().
 */
export type GoUrlHost =
  /** `host` is u.Host: the hostname unescaped, still in brackets, with ":port" when given */
  | { ok: true; scheme: string; hostname: string; port: string; host: string }
  | { ok: false; error: string };

export interface GoUrlRules {
  /**
   * Go 1.26's host rules, for programs built with `godebug default=go1.26` (the kubelet of
   * Kubernetes 1.37): a "[" anywhere but first is refused, brackets hold an IPv6 address and
   * nothing else, and an http(s) host has at most one colon outside brackets.
   */
  go126?: boolean;
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*$/;

/** Characters Go accepts unescaped in a host (RFC 3986 reg-name plus a few Go extras). */
function validHostChar(char: string): boolean {
  return /[a-zA-Z0-9\-._~!$&'()*+,;=:[\]<>"%]/.test(char);
}

export function parseGoUrlHost(raw: string, rules: GoUrlRules = {}): GoUrlHost {
  if (/[\x00-\x1f\x7f]/.test(raw)) return { ok: false, error: 'net/url: invalid control character in URL' };
  const schemeEnd = raw.indexOf(':');
  if (schemeEnd <= 0) return { ok: false, error: 'missing protocol scheme' };
  const scheme = raw.slice(0, schemeEnd);
  if (!SCHEME.test(scheme)) {
    // Go treats a non-scheme prefix as a path: there is no host then
    if (/^[0-9+.-]/.test(scheme)) return { ok: true, scheme: '', hostname: '', port: '', host: '' };
    return { ok: false, error: 'first path segment in URL cannot contain colon' };
  }
  let rest = raw.slice(schemeEnd + 1);
  const fragment = rest.indexOf('#');
  if (fragment !== -1) rest = rest.slice(0, fragment);
  const query = rest.indexOf('?');
  if (query !== -1) rest = rest.slice(0, query);
  if (!rest.startsWith('//')) return { ok: true, scheme: scheme.toLowerCase(), hostname: '', port: '', host: '' };
  rest = rest.slice(2);
  const slash = rest.indexOf('/');
  let authority = slash === -1 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  return parseAuthorityHost(scheme.toLowerCase(), authority, rules);
}

function parseAuthorityHost(scheme: string, host: string, rules: GoUrlRules): GoUrlHost {
  let hostname: string;
  /** ":port" as written, "" without one */
  let colonPort = '';
  const bracketed = host.startsWith('[');
  if (rules.go126 === true && host.lastIndexOf('[') > 0) return { ok: false, error: 'invalid IP-literal' };
  if (bracketed) {
    const close = host.lastIndexOf(']');
    if (close === -1) return { ok: false, error: 'missing \']\' in host' };
    const after = host.slice(close + 1);
    if (after !== '' && !/^:[0-9]*$/.test(after)) return { ok: false, error: `invalid port "${after}" after host` };
    hostname = host.slice(1, close);
    colonPort = after;
  } else {
    const strictColons = rules.go126 === true && (scheme === 'http' || scheme === 'https');
    const colon = strictColons ? host.indexOf(':') : host.lastIndexOf(':');
    if (colon !== -1) {
      const portText = host.slice(colon);
      if (!/^:[0-9]*$/.test(portText)) return { ok: false, error: `invalid port "${portText}" after host` };
      hostname = host.slice(0, colon);
      colonPort = portText;
    } else {
      hostname = host;
    }
  }
  for (const char of hostname) {
    if (!validHostChar(char)) return { ok: false, error: `invalid character "${char}" in host name` };
  }
  if (/%(?![0-9a-fA-F]{2})/.test(hostname)) return { ok: false, error: 'invalid URL escape' };
  hostname = hostname.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (bracketed && rules.go126 === true && !process.getBuiltinModule('node:net').isIPv6(hostname)) return { ok: false, error: `invalid host: "${hostname}" is not an IPv6 address` };
  return { ok: true, scheme, hostname, port: colonPort.slice(1), host: bracketed ? `[${hostname}]${colonPort}` : `${hostname}${colonPort}` };
}

/**
 * net.SplitHostPort: "host:port" or "[host]:port" split; null where Go returns an error (no
 * port, or colons where they cannot be).
 */
export function goSplitHostPort(hostport: string): { host: string; port: string } | null {
  const colon = hostport.lastIndexOf(':');
  if (colon === -1) return null;
  let host: string;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close === -1 || close + 1 !== colon) return null;
    host = hostport.slice(1, close);
    if (hostport.slice(1).includes('[') || hostport.slice(close + 1).includes(']')) return null;
  } else {
    host = hostport.slice(0, colon);
    if (host.includes(':') || hostport.includes('[') || hostport.includes(']')) return null;
  }
  return { host, port: hostport.slice(colon + 1) };
}

/** Go's net.JoinHostPort: brackets a host that contains a colon. */
export function joinHostPort(hostname: string, port: string): string {
  return hostname.includes(':') ? `[${hostname}]:${port}` : `${hostname}:${port}`;
}
