import type { Position, Warning } from '../util/trace.js';
import type { LoadedFile } from './model.js';
import type { GoType, GoValue } from './go-unmarshal.js';

/** Small shared pieces of the per-client views: warnings with positions, decode-walk warnings. */

export function makeWarning(
  file: LoadedFile,
  id: string,
  message: string,
  pos: Position | null = null,
  key: string | null = null,
): Warning {
  const warning: Warning = { id, message, file: file.path };
  if (pos !== null) {
    warning.line = pos.line;
    warning.column = pos.column;
  }
  if (key !== null) warning.key = key;
  return warning;
}

function startsWithBom(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff;
}

/** Go rejects a leading byte order mark; say so where the file starts. */
export function bomWarning(file: LoadedFile, prefix: 'docker' | 'containers' | 'kubelet'): Warning[] {
  if (!startsWithBom(file.text)) return [];
  return [makeWarning(file, `${prefix}.utf8-bom`, 'the file starts with a UTF-8 byte order mark, which Go rejects: remove it', { line: 1, column: 1, offset: 0 })];
}

export interface DecodeWarningOptions {
  /** id prefix, e.g. "docker" → "docker.duplicate-key" */
  prefix: string;
  /** Go struct names (goName) whose unknown members are reported */
  reportUnknownIn: ReadonlySet<string>;
  /** what the client does with an unknown member, for the message */
  unknownNote?: (structName: string, key: string) => string | null;
}

/**
 * Warnings every Go-decoded file shares: duplicate keys (which one wins), keys that only match
 * a field case-insensitively, and unknown members where the caller wants them reported.
 */
export function decodeWalkWarnings(
  file: LoadedFile,
  value: GoValue,
  type: GoType,
  options: DecodeWarningOptions,
  path = '',
  warnings: Warning[] = [],
): Warning[] {
  const { prefix } = options;
  if (value.kind === 'struct' && (type.kind === 'struct' || type.kind === 'pointer')) {
    const structType = type.kind === 'pointer' ? type.elem : type;
    for (const fieldType of structType.fields) {
      const slot = value.fields.get(fieldType.name);
      // a field no member set holds its zero value, which has nothing to report
      if (slot === undefined || slot.members.length === 0) continue;
      const fieldPath = path === '' ? fieldType.name : `${path}.${fieldType.name}`;
      for (const member of slot.members) {
        if (member.key !== fieldType.name) {
          warnings.push(
            makeWarning(
              file,
              `${prefix}.field-case`,
              `key "${member.key}" is read as "${fieldType.name}" only because Go matches field names case-insensitively; other tools may ignore it`,
              member.keyPos,
              fieldPath,
            ),
          );
        }
      }
      const [first, ...later] = slot.members;
      if (first !== undefined && later.length > 0) {
        const merges = fieldType.type.kind === 'map';
        for (const member of later) {
          warnings.push(
            makeWarning(
              file,
              `${prefix}.duplicate-key`,
              merges
                ? `"${fieldPath}" appears more than once; Go merges the maps (a later entry with the same key wins, null empties the map)`
                : `"${fieldPath}" appears more than once; the last one wins`,
              member.keyPos,
              fieldPath,
            ),
          );
        }
      }
      decodeWalkWarnings(file, slot.value, fieldType.type, options, fieldPath, warnings);
    }
    if (options.reportUnknownIn.has(structType.goName)) {
      for (const member of value.unknown) {
        const note = options.unknownNote?.(structType.goName, member.key) ?? 'it is ignored';
        warnings.push(
          makeWarning(
            file,
            `${prefix}.unknown-field`,
            `unknown key "${member.key}"${path === '' ? '' : ` in "${path}"`}: ${note}`,
            member.keyPos,
            path === '' ? member.key : `${path}.${member.key}`,
          ),
        );
      }
    }
  } else if (value.kind === 'pointer' && value.target !== null && type.kind === 'pointer') {
    decodeWalkWarnings(file, value.target, type.elem, options, path, warnings);
  } else if (value.kind === 'map' && type.kind === 'map') {
    for (const entry of value.entries) {
      const entryPath = path === '' ? entry.key : `${path}.${entry.key}`;
      for (const earlier of entry.overridden) {
        warnings.push(
          makeWarning(
            file,
            `${prefix}.duplicate-key`,
            `"${entryPath}" appears more than once; only the last one (line ${entry.keyPos.line}) is used`,
            earlier,
            entryPath,
          ),
        );
      }
      decodeWalkWarnings(file, entry.value, type.elem, options, entryPath, warnings);
    }
  } else if (value.kind === 'slice' && type.kind === 'slice') {
    for (const item of value.items) decodeWalkWarnings(file, item, type.elem, options, path, warnings);
  }
  return warnings;
}
