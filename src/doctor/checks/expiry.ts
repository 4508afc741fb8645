import { loginCommand } from '../../registry/problems.js';
import { registryOfKey } from '../keys.js';
import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { finding, quote, shellQuote } from './support.js';

const KIND_NAMES = {
  identitytoken: 'identity token',
  registrytoken: 'registry token',
  'password-jwt': 'token stored as the password',
  'ecr-token': 'Amazon ECR login',
} as const;

/** Tokens whose expiry is readable from the file, compared with the time of gathering. */
export function checkExpiry(facts: Facts): Finding[] {
  const now = Date.parse(facts.now);
  const file = facts.docker.config.view.file.path;
  return facts.docker.config.expiries
    .filter((expiry) => Date.parse(expiry.expiresAt) <= now)
    .map((expiry) => {
      const ecr = expiry.kind === 'ecr-token';
      return finding(ecr ? 'ecr-token-expired' : 'token-expired', {
        title: `The ${KIND_NAMES[expiry.kind]} under ${quote(expiry.key)} expired ${ago(now - Date.parse(expiry.expiresAt))}`,
        detail: ecr
          ? `The stored ECR password expired at ${expiry.expiresAt} (ECR logins last 12 hours); the registry answers "denied: Your authorization token has expired. Reauthenticate and try again." Use the ecr-login credential helper for ${expiry.key}, or log in again.`
          : `The ${KIND_NAMES[expiry.kind]} expired at ${expiry.expiresAt}; the registry refuses it ("unauthorized: authentication required"). Log in again.`,
        file,
        line: expiry.line,
        key: expiry.key,
        command: ecr ? `aws ecr get-login-password | docker login --username AWS --password-stdin ${shellQuote(registryOfKey(expiry.key))}` : loginCommand(shellQuote(registryOfKey(expiry.key))),
      });
    });
}

function ago(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hours ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
