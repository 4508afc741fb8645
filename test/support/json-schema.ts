/** Every --json document the suite sees is checked against its published schema (docs/json/), with ajv. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

const SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'json');

let validators: Map<string, ValidateFunction> | null = null;

export function schemaValidators(): Map<string, ValidateFunction> {
  if (validators !== null) return validators;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  validators = new Map();
  for (const file of readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.schema.json'))) {
    validators.set(file.replace(/\.schema\.json$/, ''), ajv.compile(JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as object));
  }
  return validators;
}

/** Throws when `document` does not match the schema `name`. */
export function assertMatchesSchema(name: string, document: unknown): void {
  const validate = schemaValidators().get(name);
  if (validate === undefined) throw new Error(`no schema docs/json/${name}.schema.json`);
  if (!validate(document)) {
    throw new Error(`JSON output does not match docs/json/${name}.schema.json: ${JSON.stringify(validate.errors, null, 2)}\n${JSON.stringify(document, null, 2).slice(0, 4000)}`);
  }
}

/** JSON documents validated so far, by schema name (the schema test checks each was seen). */
export const VALIDATED = new Map<string, number>();

/**
 * For a run of `regauth ARGS` that printed `stdout`: with --json, the document must carry
 * schemaVersion and match its command's schema (or the error schema).
 */
export function checkCliJson(args: readonly string[], stdout: string): void {
  if (!args.includes('--json') || stdout.trim() === '') return;
  const command = args[0] ?? '';
  const names = schemaValidators();
  if (!names.has(command)) return;
  const document = JSON.parse(stdout) as Record<string, unknown>;
  const name = Object.keys(document).length === 2 && 'error' in document ? 'error' : command;
  assertMatchesSchema(name, document);
  VALIDATED.set(name, (VALIDATED.get(name) ?? 0) + 1);
}
