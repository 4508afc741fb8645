/**
 * Node checks the host name of every TLS connection with net.isIP (tls.connect's server name,
 * tls.checkServerIdentity), and a name that is no IPv4 address is tried against Node's IPv6
 * pattern, one of the largest regular expressions it has. V8 interprets a pattern on its first
 * use and compiles it to machine code on its second: for this one the first match of a host name
 * costs ~3 ms and the compilation ~0.8 ms more. Compiled to machine code at once it costs ~0.9 ms.
 *
 * The commands that connect do that before their first connection. V8's setting is put back at
 * once, so nothing else is compiled differently, and V8's code caches, which record the
 * settings, stay valid. The library leaves the processes that import it alone.
 */
export function compileIpPatternsAhead(): void {
  // whoever set V8's regular expression flags (on node's command line: NODE_OPTIONS refuses them) keeps them as set
  if (process.execArgv.some((argument) => argument.includes('regexp'))) return;
  const { setFlagsFromString } = process.getBuiltinModule('node:v8');
  // loaded before the setting changes: Node's own code cache records the settings too
  const { isIP } = process.getBuiltinModule('node:net');
  setFlagsFromString('--no-regexp-tier-up');
  try {
    isIP('compile.ahead.example');
  } finally {
    setFlagsFromString('--regexp-tier-up');
  }
}
