/**
 * Backups and stray copies of credential files: regauth's own backups (the rotating one and
 * timestamped ones of older releases), editor and manual copies (`.bak`, `.orig`, `~`, …) and
 * the temporary files a killed `docker login` leaves (`config.json123456`). A copy that others
 * can read, or that still holds credentials the file itself no longer has (a logout that did
 * not reach it), keeps a secret on disk that the user believes gone.
 *
 * `gatherBackupFacts` does the I/O (run it with the files doctor read); `checkBackups` is pure.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { decodeDockerConfig } from '../../config/docker-file.js';
import { readCopyIfRegular } from '../../config/read-file.js';
import { NEWEST_MODELLED_DOCKER } from '../../clients/versions.js';
import type { Secret } from '../../util/secret.js';
import type { Finding } from '../finding.js';
import { finding, shellQuote } from './support.js';

export interface CredentialFileNow {
  path: string;
  /** every secret the file holds now */
  secrets: readonly Secret[];
}

export interface StrayCopy {
  /** the credential file it is a copy of */
  of: string;
  path: string;
  mode: number;
  /** keys of the copy that hold credentials, each with its secrets */
  entries: Array<{ key: string; secrets: Secret[] }>;
}

/** `config.json.regauth-backup…`, `config.json.bak`, `config.json~`, `.config.json.swp`, Docker's `config.json123456`. */
export function isStrayCopyName(name: string, fileName: string): boolean {
  if (name === fileName) return false;
  const bare = name.startsWith('.') && !fileName.startsWith('.') ? name.slice(1) : name;
  if (!bare.startsWith(fileName)) return false;
  const rest = bare.slice(fileName.length);
  return /^(?:\d+|~|[._-](?:regauth-backup.*|regauth-tmp-.*|bak\d*|backup.*|old|orig|save|sav|swp|swo|tmp|copy|prev|\d+))$/i.test(rest);
}

interface EntrySecrets {
  password: Secret | null;
  identityToken: Secret | null;
  registryToken?: Secret | null;
}

function secretsOf(entry: EntrySecrets): Secret[] {
  return [entry.password, entry.identityToken, entry.registryToken ?? null].filter((secret): secret is Secret => secret !== null && !secret.isEmpty);
}

/** Every stray copy beside the given credential files. */
export async function gatherBackupFacts(files: readonly string[]): Promise<StrayCopy[]> {
  const copies: StrayCopy[] = [];
  for (const file of [...new Set(files)]) {
    const directory = dirname(file);
    const names = await readdir(directory).catch(() => [] as string[]);
    for (const name of names.sort()) {
      if (!isStrayCopyName(name, basename(file))) continue;
      const path = join(directory, name);
      const read = await readCopyIfRegular(path);
      if (read === null) continue;
      const view = decodeDockerConfig({ path, format: 'docker-config', exists: true, text: read.text, ioError: null }, { version: NEWEST_MODELLED_DOCKER });
      const entries = view.auths.map((entry) => ({ key: entry.key, secrets: secretsOf(entry) })).filter((entry) => entry.secrets.length > 0);
      copies.push({ of: file, path, mode: read.mode, entries });
    }
  }
  return copies;
}

/** The secrets a config file's `auths` hold now. */
export function currentSecrets(path: string, auths: readonly EntrySecrets[]): CredentialFileNow {
  return { path, secrets: auths.flatMap(secretsOf) };
}

export function checkBackups(copies: readonly StrayCopy[], files: readonly CredentialFileNow[]): Finding[] {
  const findings: Finding[] = [];
  for (const copy of copies) {
    if (copy.entries.length === 0) continue;
    if ((copy.mode & 0o044) !== 0) {
      const who = (copy.mode & 0o004) !== 0 ? 'every user on this machine' : 'members of its group';
      findings.push(
        finding('backup-readable-by-others', {
          title: `${copy.path}, a copy of ${copy.of}, holds credentials and is readable by ${who}`,
          detail: `Mode 0${(copy.mode & 0o777).toString(8)} lets ${who} read the credentials in this copy of ${copy.of}, whatever the mode of the file itself. Remove the copy, or make it private.`,
          file: copy.path,
          command: `chmod 600 ${shellQuote(copy.path)}`,
        }),
      );
    }
    const now = files.find((file) => file.path === copy.of)?.secrets ?? [];
    const stale = copy.entries.filter((entry) => entry.secrets.some((secret) => !now.some((current) => current.equals(secret))));
    if (stale.length > 0) {
      findings.push(
        finding('backup-holds-removed-credentials', {
          title: `${copy.path} still holds credentials that are no longer in ${copy.of}`,
          detail: `The copy holds credentials for ${stale.map((entry) => `"${entry.key}"`).join(', ')} that ${copy.of} no longer has (logged out or replaced): they stay on disk as long as the copy does. Remove it once it is not needed.`,
          file: copy.path,
          key: stale[0]?.key ?? null,
          command: `rm ${shellQuote(copy.path)}`,
        }),
      );
    }
  }
  return findings;
}
