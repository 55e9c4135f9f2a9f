#!/usr/bin/env node
// Checks the import graph of the sources (the folders tsconfig.build.json compiles; tests,
// benchmarks and scripts aside) and exits 1 when it breaks one of these rules:
//  1. No folder-level cycle: with every folder a node (datasources/ and datasources/redis/ are two
//     nodes) and an edge for each import between files of two folders, the graph is acyclic.
//  2. The layering the README's architecture section describes: nothing imports app/ (the
//     composition root); domain/ imports nothing of the project; resolvers/ never imports server/;
//     one store implementation never imports another (datasources/real/ composes them).
//  3. Production code imports only `dependencies` at run time (a type-only import of a dev
//     dependency is fine): `npm ci --omit=dev` must be enough to start the built entry points.
// Usage: node scripts/check-import-graph.mjs [--graph]   (--graph also prints every folder edge)
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(path.join(root, 'package.json'))('typescript');

const STORE_IMPLEMENTATIONS = [
  'datasources/embedded',
  'datasources/cassandra',
  'datasources/redis',
];

function readJson(file) {
  const { config, error } = ts.readConfigFile(path.join(root, file), ts.sys.readFile);
  if (error)
    throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  return config;
}

const sourceRoots = readJson('tsconfig.build.json').include.filter((dir) =>
  existsSync(path.join(root, dir)),
);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const runtimeDeps = new Set(Object.keys(pkg.dependencies ?? {}));
const builtins = new Set(builtinModules);

function listSources(dir) {
  const out = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.posix.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...listSources(rel));
    else if (/\.m?ts$/.test(name) && !/\.(test|bench|d)\.m?ts$/.test(name)) out.push(rel);
  }
  return out;
}

/** Every module specifier of a file, with whether it is needed at run time. */
function importsOf(file) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ spec: node.moduleSpecifier.text, typeOnly, line: lineOf(source, node) });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({
        spec: node.moduleSpecifier.text,
        typeOnly: node.isTypeOnly,
        line: lineOf(source, node),
      });
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ spec: node.arguments[0].text, typeOnly: false, line: lineOf(source, node) });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ spec: node.argument.literal.text, typeOnly: true, line: lineOf(source, node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function lineOf(source, node) {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** The repository file a relative specifier names, or undefined (e.g. a JSON file). */
function resolveRelative(fromFile, spec) {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec));
  const stripped = base.replace(/\.(c|m)?js$/, '');
  const candidates = [base, `${stripped}.ts`, `${stripped}.mts`, `${stripped}/index.ts`];
  return candidates.find(
    (c) => existsSync(path.join(root, c)) && statSync(path.join(root, c)).isFile(),
  );
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const folderOf = (file) => path.posix.dirname(file);
const inside = (folder, top) => folder === top || folder.startsWith(`${top}/`);
const topOf = (folder) => folder.split('/')[0];

const files = sourceRoots.flatMap(listSources).sort();
/** folder -> folder -> first import seen ("file:line -> target") */
const edges = new Map();
const problems = [];

for (const file of files) {
  for (const { spec, typeOnly, line } of importsOf(file)) {
    const at = `${file}:${line}`;
    if (spec.startsWith('.')) {
      const target = resolveRelative(file, spec);
      if (!target || !/\.m?ts$/.test(target)) continue;
      const from = folderOf(file);
      const to = folderOf(target);
      if (!sourceRoots.includes(topOf(to))) {
        problems.push(
          `${at} imports ${target}, outside the source folders (tests, benches, scripts)`,
        );
        continue;
      }
      if (from !== to) {
        if (!edges.has(from)) edges.set(from, new Map());
        if (!edges.get(from).has(to)) edges.get(from).set(to, `${at} -> ${target}`);
      }
      if (inside(to, 'app') && !inside(from, 'app')) {
        problems.push(`${at} imports the composition root (${target}); only tests and benches may`);
      }
      if (inside(from, 'domain') && !inside(to, 'domain')) {
        problems.push(`${at}: domain/ imports nothing of the project, but this imports ${target}`);
      }
      if (inside(from, 'resolvers') && inside(to, 'server')) {
        problems.push(`${at}: resolvers/ must not import the transport (${target})`);
      }
      const fromStore = STORE_IMPLEMENTATIONS.find((s) => inside(from, s));
      const toStore = STORE_IMPLEMENTATIONS.find((s) => inside(to, s));
      if (fromStore && toStore && fromStore !== toStore) {
        problems.push(
          `${at}: ${fromStore}/ imports another store implementation (${target}); ` +
            'move what both need above them (datasources/shared/)',
        );
      }
    } else if (!typeOnly && !spec.startsWith('node:') && !builtins.has(spec)) {
      const name = packageName(spec);
      if (!runtimeDeps.has(name)) {
        problems.push(
          `${at} imports ${name} at run time, which package.json "dependencies" does not ` +
            "declare (a dev dependency, or only present as another package's dependency)",
        );
      }
    }
  }
}

/** Strongly connected components with more than one folder (Tarjan). */
function cycles() {
  const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]);
  let index = 0;
  const stack = [];
  const meta = new Map();
  const result = [];
  const strong = (v) => {
    meta.set(v, { index, low: index, onStack: true });
    index += 1;
    stack.push(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!meta.has(w)) {
        strong(w);
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
      } else if (meta.get(w).onStack) {
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
      }
    }
    if (meta.get(v).low === meta.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        meta.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) result.push(component.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!meta.has(v)) strong(v);
  return result;
}

/** One shortest cycle through `start` inside `component`, as a list of folders. */
function cycleThrough(start, component) {
  const allowed = new Set(component);
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!allowed.has(w)) continue;
      if (w === start) {
        const pathBack = [v];
        while (previous.get(pathBack[0]) !== null) pathBack.unshift(previous.get(pathBack[0]));
        return [...pathBack, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

const components = cycles();
for (const component of components) {
  const loop = cycleThrough(component[0], component);
  const steps = loop.slice(1).map((to, i) => `    ${edges.get(loop[i]).get(to)}`);
  problems.push(
    `folder cycle among ${component.join(', ')}:\n  ${loop.join(' -> ')}\n${steps.join('\n')}`,
  );
}

if (process.argv.includes('--graph')) {
  for (const [from, targets] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`${from} -> ${[...targets.keys()].sort().join(', ')}`);
  }
}

if (problems.length > 0) {
  console.error(
    `check-import-graph: ${problems.length} problem(s) in ${files.length} source files:`,
  );
  for (const p of problems) console.error(`- ${p}`);
  process.exit(1);
}
console.log(
  `check-import-graph: ${files.length} source files in ${sourceRoots.length} folders, ` +
    `${[...edges.values()].reduce((n, m) => n + m.size, 0)} folder edges, no cycle`,
);
