import { RegauthError } from '../util/errors.js';

export interface WriteChoices {
  /** one rotating backup (`<file>.regauth-backup`, 0600) unless --no-backup */
  backup: boolean;
  backupDir?: string;
  helperTimeoutMs?: number;
}

/** `--helper-timeout S`: the time every helper question of the command shares. */
export function helperTimeoutMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RegauthError('E_USAGE', `--helper-timeout must be a positive number of seconds`);
  return seconds * 1000;
}

export function writeChoicesFrom(values: { 'backup-dir'?: string | undefined; 'no-backup'?: boolean | undefined; 'helper-timeout'?: string | undefined }): WriteChoices {
  if (values['no-backup'] === true && values['backup-dir'] !== undefined) throw new RegauthError('E_USAGE', '--backup-dir and --no-backup contradict each other');
  const timeout = helperTimeoutMs(values['helper-timeout']);
  return {
    backup: values['no-backup'] !== true,
    ...(values['backup-dir'] === undefined ? {} : { backupDir: values['backup-dir'] }),
    ...(timeout === undefined ? {} : { helperTimeoutMs: timeout }),
  };
}
