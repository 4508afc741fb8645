/**
 * A stand-in npm registry on loopback for installs inside the testbed (which has no internet):
 * it serves, for each package given, the packument (GET /NAME) and the tarball, in the shape of
 * the registry API npm reads (https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md).
 * The packages are packed from the project's own node_modules, so they are the versions in use.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { run } from '../../testbed/process.js';

export interface NpmRegistry {
  url: string;
  /** packument and tarball requests, in order */
  requests: string[];
  close(): Promise<void>;
}

interface Packed {
  name: string;
  version: string;
  manifest: Record<string, unknown>;
  tarball: Buffer;
}

/** Environment for npm without the settings `npm test` passed down to this process. */
export function cleanNpmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
}

export async function packDirectory(directory: string, destination: string, env: NodeJS.ProcessEnv): Promise<{ file: string; files: string[] }> {
  const result = await run('npm', ['pack', directory, '--ignore-scripts', '--json', '--pack-destination', destination], { env: cleanNpmEnv(env), timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`npm pack ${directory} failed: ${result.stderr}`);
  const [report] = JSON.parse(result.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (report === undefined) throw new Error('npm pack printed no report');
  return { file: join(destination, report.filename), files: report.files.map((entry) => entry.path) };
}

export async function startNpmRegistry(packageDirs: readonly string[], scratch: string, env: NodeJS.ProcessEnv): Promise<NpmRegistry> {
  const packages = new Map<string, Packed>();
  for (const directory of packageDirs) {
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Record<string, unknown> & { name: string; version: string };
    const { file } = await packDirectory(directory, scratch, env);
    packages.set(manifest.name, { name: manifest.name, version: manifest.version, manifest, tarball: readFileSync(file) });
  }
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://registry').pathname);
    requests.push(`${request.method ?? ''} ${path}`);
    request.resume();
    const tarball = /^\/(.+)\/-\/[^/]+\.tgz$/.exec(path);
    const found = packages.get(tarball === null ? path.slice(1) : tarball[1] ?? '');
    if (found === undefined) {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end('{"error":"Not found"}');
      return;
    }
    if (tarball !== null) {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': found.tarball.length });
      response.end(found.tarball);
      return;
    }
    const { scripts: _scripts, devDependencies: _dev, ...manifest } = found.manifest;
    const dist = {
      tarball: `${base}/${found.name}/-/${found.name.split('/').pop() ?? found.name}-${found.version}.tgz`,
      shasum: createHash('sha1').update(found.tarball).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(found.tarball).digest('base64')}`,
    };
    const body = JSON.stringify({ name: found.name, 'dist-tags': { latest: found.version }, versions: { [found.version]: { ...manifest, dist } } });
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
