import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './process.js';

/** A real distribution registry (/usr/bin/docker-registry) on 127.0.0.1 and a free port. */
export interface RegistryProcess {
  port: number;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  dir: string;
  auth?: { htpasswd: Record<string, string> } | { token: { realm: string; service: string; issuer: string; bundle: string } };
  tls?: { cert: string; key: string };
  readOnly?: boolean;
}

export async function startRegistry(options: RegistryOptions): Promise<RegistryProcess> {
  await mkdir(options.dir, { recursive: true });
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'info', formatter: 'text' },
    storage: {
      filesystem: { rootdirectory: join(options.dir, 'data') },
      delete: { enabled: true },
      ...(options.readOnly ? { maintenance: { readonly: { enabled: true } } } : {}),
    },
    http: { addr: '127.0.0.1:0', secret: 'test-secret', ...(options.tls ? { tls: { certificate: options.tls.cert, key: options.tls.key } } : {}) },
  };
  if (options.auth && 'htpasswd' in options.auth) {
    const lines: string[] = [];
    for (const [user, password] of Object.entries(options.auth.htpasswd)) {
      lines.push((await run('htpasswd', ['-Bbn', user, password])).stdout.trim());
    }
    const path = join(options.dir, 'htpasswd');
    await writeFile(path, `${lines.join('\n')}\n`);
    config['auth'] = { htpasswd: { realm: 'basic-realm', path } };
  } else if (options.auth && 'token' in options.auth) {
    const { realm, service, issuer, bundle } = options.auth.token;
    config['auth'] = { token: { realm, service, issuer, rootcertbundle: bundle } };
  }
  const configPath = join(options.dir, 'config.yml');
  await writeFile(configPath, JSON.stringify(config)); // JSON is YAML
  const child: ChildProcess = spawn('/usr/bin/docker-registry', ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`registry did not start: ${seen.slice(-500)}`)), 10_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`registry exited with ${code}: ${seen.slice(-500)}`));
    });
  });
  return {
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
