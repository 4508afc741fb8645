import { COMMAND_NAMES, COMMAND_TABLE, COMMON_OPTION_DOCS, usageLine, type OptionDoc } from './command-table.js';
import { optionLine, sortedOptions } from './help.js';
import { symbolLegend } from './symbols.js';

/** Text for roff: backslashes and hyphens escaped, no line starting with a control character. */
function roff(text: string): string {
  return text
    .replaceAll('\\', '\\e')
    .replaceAll('-', '\\-')
    .replace(/[^\x00-\x7f]/gu, (character) => `\\[u${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`)
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n');
}

function optionItem(name: string, doc: OptionDoc): string[] {
  const label = `${doc.short === undefined ? '' : `\\fB\\-${doc.short}\\fR, `}\\fB\\-\\-${roff(name)}\\fR${doc.value === undefined ? '' : ` \\fI${roff(doc.value)}\\fR`}`;
  return ['.TP', label, roff(optionLine(name, doc))];
}

/** man/regauth.1, generated from the command table (`npm run man`). */
export function manPage(version: string): string {
  const lines = [
    `.TH REGAUTH 1 "" "regauth ${version}" "User Commands"`,
    '.SH NAME',
    'regauth \\- which registry credentials Docker, podman, crane and the kubelet use, checked and repaired',
    '.SH SYNOPSIS',
    '.B regauth',
    '.I command',
    '.RI [ arguments ]',
    '.RI [ options ]',
    '.br',
    '.B kubectl regauth',
    '.I command',
    '.br',
    '.B docker regauth',
    '.I command',
    '.SH DESCRIPTION',
    roff('regauth knows, exactly as the real clients do, which registry credentials the Docker CLI, podman/skopeo/buildah, crane and the kubelet send for an image; checks them against the registry; explains failures; and repairs config files safely (backup, atomic write, formatting kept).'),
    '.SH COMMANDS',
  ];
  for (const name of COMMAND_NAMES) {
    const doc = COMMAND_TABLE[name];
    lines.push(`.SS "${roff(usageLine(name))}"`, roff(doc.summary));
    for (const [option, optionDoc] of sortedOptions(name)) {
      if (Object.hasOwn(COMMON_OPTION_DOCS, option)) continue;
      lines.push(...optionItem(option, optionDoc));
    }
    lines.push('.PP', 'Exit status:', ...Object.entries(doc.exitCodes).flatMap(([code, meaning]) => ['.br', roff(`${code}  ${meaning}`)]));
    lines.push('.PP', 'Examples:');
    for (const [command, shows] of doc.examples) lines.push('.RS', '.nf', roff(command), '.fi', '.RE', '.RS 8', roff(shows), '.RE');
  }
  lines.push('.SH OPTIONS', 'Every command accepts:');
  for (const [option, doc] of Object.entries(COMMON_OPTION_DOCS)) lines.push(...optionItem(option, doc));
  lines.push(
    '.SH SYMBOLS',
    'The trace of \\fBresolve \\-\\-trace\\fR marks each step:',
    '.nf',
    ...symbolLegend({ color: false, ascii: false }).map(roff),
    '.fi',
    '.SH EXIT STATUS',
    '0 fine, 1 a problem was found, 2 usage or input error (each command above says what it means for it).',
    '.SH ENVIRONMENT',
    '.TP',
    '.B DOCKER_CONFIG',
    'the Docker configuration directory, as for the Docker CLI',
    '.TP',
    '.B REGAUTH_DOCKER_VERSION',
    roff('the Docker CLI release to model, as --docker-version'),
    '.TP',
    '.B NO_COLOR, FORCE_COLOR',
    roff('no colour; colour even when stdout is not a terminal'),
    '.TP',
    '.B LC_ALL, LC_CTYPE, LANG',
    roff('a locale that is not UTF-8 selects ASCII symbols'),
    '.SH SEE ALSO',
    '.BR docker (1),',
    '.BR podman-login (1),',
    '.BR kubectl (1)',
    '',
  );
  return lines.join('\n');
}
