// Planted defects: each one a small patch (one exact text replaced in one file) of the kind the
// suite must catch, with the tests that should catch it. `find` must occur exactly once.

const DIFFERENTIAL = ['test/differential/'];
const CANARY = ['test/security/canary.test.ts'];

export const MUTANTS = [
  {
    id: 'leak-stderr',
    defect: '`doctor --debug` copies ~/.docker/config.json to stderr, bypassing the Output object',
    file: 'src/cli/commands/doctor.ts',
    find: "  const image = positionals[0] ?? null;\n",
    replace:
      "  const image = positionals[0] ?? null;\n" +
      "  if (argv.includes('--debug')) { const fs = await import('node:fs'); try { process.stderr.write(fs.readFileSync(`${env['HOME'] ?? ''}/.docker/config.json`, 'utf8')); } catch { /* none */ } }\n",
    tests: CANARY,
  },
  {
    id: 'leak-file',
    defect: '`ls` appends the config (auth values included) to a log file in $TMPDIR',
    file: 'src/cli/commands/ls.ts',
    find: '  const clients = await inventory(resolveOptionsFrom(values, env));\n',
    replace:
      '  const clients = await inventory(resolveOptionsFrom(values, env));\n' +
      "  { const fs = await import('node:fs'); const os = await import('node:os'); try { fs.appendFileSync(`${os.tmpdir()}/regauth-ls.log`, fs.readFileSync(`${env['HOME'] ?? ''}/.docker/config.json`, 'utf8')); } catch { /* none */ } }\n",
    tests: CANARY,
  },
  {
    id: 'wrong-key-accepted',
    defect: 'the Docker resolver accepts a "docker.io" key for Docker Hub images (Docker looks only under https://index.docker.io/v1/)',
    file: 'src/clients/docker.ts',
    find: '  const exact = config.auths.find((entry) => entry.key === key);',
    replace: "  const exact = config.auths.find((entry) => entry.key === key || (key === DOCKER_HUB_KEY && entry.key === 'docker.io'));",
    tests: DIFFERENTIAL,
  },
  {
    id: 'error-swallowed',
    defect: 'the containers resolver skips a file it cannot read or parse instead of failing, as podman and skopeo do',
    file: 'src/clients/containers.ts',
    find: "      case 'error':\n        result.configFile = file;",
    replace: "      case 'error':\n        if (file.length > 0) continue;\n        result.configFile = file;",
    tests: DIFFERENTIAL,
  },
  {
    id: 'prediction-ambiguous',
    defect: 'every Docker prediction is marked ambiguous (random winner)',
    file: 'src/clients/docker.ts',
    find: '  base.warnings = warnings;\n',
    replace: '  base.warnings = warnings;\n  base.ambiguous = true;\n',
    tests: DIFFERENTIAL,
  },
  {
    id: 'program-replaced-by-false',
    defect: 'the real Docker CLI and skopeo are replaced by /bin/false in the testbed',
    file: 'test/testbed/testbed.ts',
    find: '    const result: RunResult = await run(bin, args, { env, timeoutMs: timeoutMs ?? 60_000 });',
    replace: "    const result: RunResult = await run('/bin/false', args.length > 0 ? [] : [bin], { env, timeoutMs: timeoutMs ?? 60_000 });",
    tests: DIFFERENTIAL,
  },
  {
    id: 'backup-world-readable',
    defect: 'the backup of a config file is left readable by everyone (0644)',
    file: 'src/config/safe-write.ts',
    find: '      await copyPermissions(handle, original);\n',
    replace: '      await handle.chmod(0o644);\n',
    tests: ['src/config/safe-write.test.ts', ...CANARY],
  },
  {
    id: 'timeout-ignored',
    defect: 'the time limit of a credential helper is not honoured (it waits twenty times as long)',
    file: 'src/helpers/run.ts',
    find: '    }, limits.timeoutMs);',
    replace: '    }, limits.timeoutMs * 20);',
    tests: ['src/helpers/run.test.ts'],
  },
  {
    id: 'fallback-hidden',
    defect: 'the Docker resolver no longer says what `docker manifest inspect` sends when the helper fails',
    file: 'src/clients/docker.ts',
    find: '    result.errorFallback = {',
    replace: "    if (result.helper === 'not a helper name') result.errorFallback = {",
    tests: DIFFERENTIAL,
  },
  {
    id: 'authfile-not-checked',
    defect: 'the containers resolver forgets that podman fails when its auth file is missing',
    file: 'src/clients/containers.ts',
    find: '  if (checked !== null && checkedFile?.exists === false) {',
    replace: '  if (checked !== null && checkedFile?.exists === false && checked === "") {',
    tests: DIFFERENTIAL,
  },
  {
    id: 'identity-token-ignored',
    defect: 'an identity token is ignored in favour of the password next to it',
    file: 'src/clients/docker.ts',
    find: '  if (identityToken !== null && !identityToken.isEmpty) {',
    replace: '  if (identityToken !== null && !identityToken.isEmpty && (password === null || password.isEmpty)) {',
    tests: DIFFERENTIAL,
  },
  {
    id: 'no-final-conflict-check',
    defect: 'the writer renames without checking again that the file still holds what it read',
    file: 'src/config/safe-write.ts',
    find: '    assertUnchanged(request, targetPath, await readCurrent(targetPath));\n',
    replace: '',
    tests: ['test/cli/race.test.ts'],
  },
  {
    id: 'write-in-place',
    defect: 'the writer overwrites the config in place before writing its temporary file',
    file: 'src/config/safe-write.ts',
    find: '    tempPath = await writeTemp(targetPath, request.newText, existing);',
    replace: "    await (await import('node:fs/promises')).writeFile(targetPath, request.newText);\n    tempPath = await writeTemp(targetPath, request.newText, existing);",
    tests: ['test/crash/kill-phases.test.ts'],
  },
  {
    id: 'secret-serialised',
    defect: 'a Secret serialises to JSON in clear',
    file: 'src/util/secret.ts',
    find: '  toJSON(): string {\n    return REDACTED;',
    replace: '  toJSON(): string {\n    return this.#value;',
    tests: ['test/property/config-views.test.ts'],
  },
];
