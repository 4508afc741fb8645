#!/usr/bin/env node
// The library's API documentation and API report, generated from the types of src/index.ts with
// the TypeScript compiler API:
//
//   docs/api/README.md       every public function, class and type with its documentation comment
//   docs/api/regauth.api.md  the public surface alone (signatures, no comments): any change to it
//                            shows in review
//
//   node scripts/api-docs.mjs           write both
//   node scripts/api-docs.mjs --check   exit 1 when either differs from what is checked in, or
//                                       when a public signature reaches a type that is not exported
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = join(ROOT, 'src', 'index.ts');
const SRC = join(ROOT, 'src') + sep;
const OUT_DIR = join(ROOT, 'docs', 'api');
const REPORT = join(OUT_DIR, 'regauth.api.md');
const README = join(OUT_DIR, 'README.md');

function program() {
  const configPath = join(ROOT, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  return ts.createProgram([ENTRY], { ...config.options, noEmit: true });
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function isPrivateMember(member) {
  if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) return true;
  const flags = ts.getCombinedModifierFlags(member);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;
}

/** A declaration as it would read in a .d.ts: no bodies, no initialisers, no private members. */
function declarationText(node, name, checker, sourceFile) {
  const f = ts.factory;
  // `options = {}` reads `options?` in a declaration
  const parameters = (list) => list.map((p) => (p.initializer === undefined ? p : f.updateParameterDeclaration(p, p.modifiers, p.dotDotDotToken, p.name, f.createToken(ts.SyntaxKind.QuestionToken), p.type, undefined)));
  if (ts.isFunctionDeclaration(node)) {
    const stripped = f.updateFunctionDeclaration(node, [f.createModifier(ts.SyntaxKind.ExportKeyword), f.createModifier(ts.SyntaxKind.DeclareKeyword)], node.asteriskToken, node.name, node.typeParameters, parameters(node.parameters), node.type, undefined);
    return printer.printNode(ts.EmitHint.Unspecified, stripped, sourceFile);
  }
  if (ts.isClassDeclaration(node)) {
    const members = node.members
      .filter((member) => !isPrivateMember(member) && !ts.isClassStaticBlockDeclaration(member))
      .map((member) => {
        if (ts.isMethodDeclaration(member)) return f.updateMethodDeclaration(member, member.modifiers, member.asteriskToken, member.name, member.questionToken, member.typeParameters, parameters(member.parameters), member.type, undefined);
        if (ts.isConstructorDeclaration(member)) return f.updateConstructorDeclaration(member, member.modifiers, parameters(member.parameters), undefined);
        if (ts.isGetAccessorDeclaration(member)) return f.updateGetAccessorDeclaration(member, member.modifiers, member.name, member.parameters, member.type ?? f.createTypeReferenceNode(checker.typeToString(checker.getReturnTypeOfSignature(checker.getSignatureFromDeclaration(member)))), undefined);
        if (ts.isPropertyDeclaration(member)) return f.updatePropertyDeclaration(member, member.modifiers, member.name, member.questionToken, member.type, undefined);
        return member;
      });
    const stripped = f.updateClassDeclaration(node, [f.createModifier(ts.SyntaxKind.ExportKeyword), f.createModifier(ts.SyntaxKind.DeclareKeyword)], node.name, node.typeParameters, node.heritageClauses, members);
    return printer.printNode(ts.EmitHint.Unspecified, stripped, sourceFile);
  }
  if (ts.isVariableDeclaration(node)) {
    const type = node.type === undefined ? checker.typeToString(checker.getTypeAtLocation(node)) : node.type.getText(sourceFile);
    return `export declare const ${name}: ${type};`;
  }
  if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
    const withExport = ts.isInterfaceDeclaration(node)
      ? f.updateInterfaceDeclaration(node, [f.createModifier(ts.SyntaxKind.ExportKeyword)], node.name, node.typeParameters, node.heritageClauses, node.members)
      : f.updateTypeAliasDeclaration(node, [f.createModifier(ts.SyntaxKind.ExportKeyword)], node.name, node.typeParameters, node.type);
    return printer.printNode(ts.EmitHint.Unspecified, withExport, sourceFile);
  }
  return printer.printNode(ts.EmitHint.Unspecified, node, sourceFile);
}

function kindOf(node) {
  if (ts.isFunctionDeclaration(node)) return 'function';
  if (ts.isClassDeclaration(node)) return 'class';
  if (ts.isVariableDeclaration(node)) return 'const';
  if (ts.isInterfaceDeclaration(node)) return 'interface';
  return 'type';
}

function docOf(symbol, checker) {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tags = symbol.getJsDocTags(checker).map((tag) => ({ name: tag.name, text: ts.displayPartsToString(tag.text ?? []).trim() }));
  return { text, tags };
}

/** Every named type declared in src/ that a public declaration reaches. */
function reachedTypes(checker, roots) {
  const reached = new Map();
  const seen = new Set();
  const noteSymbol = (symbol, from) => {
    const declaration = symbol?.declarations?.[0];
    if (declaration === undefined) return;
    const file = declaration.getSourceFile().fileName;
    if (!resolve(file).startsWith(SRC)) return;
    if (!(ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration) || ts.isClassDeclaration(declaration) || ts.isEnumDeclaration(declaration))) return;
    if (!reached.has(symbol)) reached.set(symbol, from);
  };
  const visit = (type, from) => {
    if (type === undefined || seen.has(type)) return;
    seen.add(type);
    if (type.aliasSymbol) noteSymbol(type.aliasSymbol, from);
    for (const argument of type.aliasTypeArguments ?? []) visit(argument, from);
    if (type.isUnionOrIntersection()) for (const member of type.types) visit(member, from);
    if (type.symbol && (type.flags & ts.TypeFlags.Object) !== 0) noteSymbol(type.symbol, from);
    if ((type.flags & ts.TypeFlags.Object) !== 0) {
      if ((type.objectFlags & ts.ObjectFlags.ClassOrInterface) !== 0) for (const base of checker.getBaseTypes(type)) visit(base, `${from} (base)`);
      if ((type.objectFlags & ts.ObjectFlags.Reference) !== 0) for (const argument of checker.getTypeArguments(type)) visit(argument, from);
      const declaredInLib = type.symbol?.declarations?.every((declaration) => !resolve(declaration.getSourceFile().fileName).startsWith(SRC)) ?? false;
      if (declaredInLib) return;
      for (const property of checker.getPropertiesOfType(type)) {
        if (property.valueDeclaration && isPrivateMember(property.valueDeclaration)) continue;
        if (property.name.startsWith('__')) continue;
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        if (declaration === undefined) continue;
        visit(checker.getTypeOfSymbolAtLocation(property, declaration), `${from}.${property.name}`);
      }
      for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) visitSignature(signature, from);
      for (const info of checker.getIndexInfosOfType(type)) visit(info.type, from);
    }
  };
  const visitSignature = (signature, from) => {
    for (const parameter of signature.getParameters()) {
      const declaration = parameter.valueDeclaration ?? parameter.declarations?.[0];
      if (declaration !== undefined) visit(checker.getTypeOfSymbolAtLocation(parameter, declaration), `${from}(${parameter.name})`);
    }
    visit(checker.getReturnTypeOfSignature(signature), `${from}()`);
  };
  for (const { name, symbol, declaration } of roots) {
    if (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration)) {
      visit(checker.getDeclaredTypeOfSymbol(symbol), name);
    } else if (ts.isClassDeclaration(declaration)) {
      visit(checker.getDeclaredTypeOfSymbol(symbol), name);
      visit(checker.getTypeOfSymbolAtLocation(symbol, declaration), name);
    } else {
      visit(checker.getTypeOfSymbolAtLocation(symbol, declaration), name);
    }
  }
  return reached;
}

const ORDER = ['function', 'class', 'const', 'interface', 'type'];

export function generate() {
  const prog = program();
  const diagnostics = ts.getPreEmitDiagnostics(prog);
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
  const checker = prog.getTypeChecker();
  const entry = prog.getSourceFile(ENTRY);
  const moduleSymbol = checker.getSymbolAtLocation(entry);
  const entries = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    for (const declaration of symbol.declarations ?? []) {
      const sourceFile = declaration.getSourceFile();
      entries.push({
        name: exported.name,
        symbol,
        declaration,
        kind: kindOf(declaration),
        file: relative(ROOT, sourceFile.fileName).split(sep).join('/'),
        text: declarationText(declaration, exported.name, checker, sourceFile),
        doc: docOf(symbol, checker),
      });
    }
  }
  entries.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.name.localeCompare(b.name) || a.text.localeCompare(b.text));
  const exportedSymbols = new Set(entries.map((entry) => entry.symbol));
  const missing = [...reachedTypes(checker, entries)].filter(([symbol]) => !exportedSymbols.has(symbol)).map(([symbol, from]) => `${symbol.name} (reached from ${from})`).sort();

  const report = [
    '# API report: regauth',
    '',
    '<!-- generated by scripts/api-docs.mjs from src/index.ts: do not edit; a change here is a change of the public API -->',
    '',
    '```ts',
    ...entries.map((entry) => `${entry.text}\n`),
    '```',
    '',
  ].join('\n');

  const sections = ['# regauth library API', '', '<!-- generated by scripts/api-docs.mjs from the types and documentation comments of src/index.ts: do not edit -->', ''];
  const intro = ts.getJSDocCommentsAndTags?.(prog.getSourceFile(join(ROOT, 'src', 'api', 'index.ts')).statements[0] ?? entry) ?? [];
  const overview = intro.map((node) => (typeof node.comment === 'string' ? node.comment : '')).join('\n').trim();
  if (overview !== '') sections.push(overview, '');
  sections.push('```ts', "import { resolve, credentialsFor, check, doctor, explain, planFix, applyFix, login, logout, dockerodeAuth, registryAuthHeader, authorize, Secret, RegauthError } from 'regauth';", '```', '');
  const titles = { function: 'Functions', class: 'Classes', const: 'Constants', interface: 'Interfaces', type: 'Types' };
  sections.push('## Contents', '');
  for (const kind of ORDER) {
    const names = [...new Set(entries.filter((entry) => entry.kind === kind).map((entry) => entry.name))];
    if (names.length > 0) sections.push(`- ${titles[kind]}: ${names.map((name) => `[${name}](#${name.toLowerCase()})`).join(', ')}`);
  }
  sections.push('');
  for (const kind of ORDER) {
    const ofKind = entries.filter((entry) => entry.kind === kind);
    if (ofKind.length === 0) continue;
    sections.push(`## ${titles[kind]}`, '');
    for (const entry of ofKind) {
      sections.push(`### ${entry.name}`, '', `<sub>${entry.kind} · ${entry.file}</sub>`, '');
      if (entry.doc.text !== '') sections.push(entry.doc.text, '');
      sections.push('```ts', entry.text, '```', '');
      for (const tag of entry.doc.tags) {
        if (tag.name === 'example') sections.push('Example:', '', '```ts', tag.text, '```', '');
        else sections.push(`*@${tag.name}* ${tag.text}`, '');
      }
    }
  }
  return { report, readme: sections.join('\n').replace(/\n{3,}/g, '\n\n'), missing };
}

function main() {
  const check = process.argv.includes('--check');
  const { report, readme, missing } = generate();
  let failed = false;
  if (missing.length > 0) {
    process.stderr.write(`api-docs: public signatures reach types that src/index.ts does not export:\n  ${missing.join('\n  ')}\n`);
    failed = true;
  }
  for (const [path, text] of [[REPORT, report], [README, readme]]) {
    if (check) {
      let current = null;
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        // missing counts as different
      }
      if (current !== text) {
        process.stderr.write(`api-docs: ${relative(ROOT, path)} is out of date: run node scripts/api-docs.mjs\n`);
        failed = true;
      }
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
