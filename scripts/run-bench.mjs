#!/usr/bin/env node
// Runs the benchmarks: every bench/*.bench.ts in turn, or those named on the command line
// (`npm run bench -- dashboard alerts`; `--flag=value` arguments are passed to every benchmark).
// Each runs in its own process (node --import tsx). A benchmark that needs real servers says so
// in a comment line `// @bench-services redis kafka cassandra`; they are started (or reused) with
// scripts/services/up.sh before it runs, unless KOL_SKIP_SERVICES is set, and their addresses
// (scripts/services/env.sh) are passed in its environment. Benchmarks print their tables and write
// bench/results/<name>.json; this prints a summary at the end and exits non-zero when one failed.
// Benchmarks run with NODE_ENV=production (graphql-js skips its development checks) unless set.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const resultsDir = path.join(benchDir, 'results');
const KNOWN_SERVICES = ['redis', 'kafka', 'cassandra'];
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS || 30 * 60_000);

function fail(message) {
  console.error(`run-bench: ${message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const names = args.filter((a) => !a.startsWith('--')).map((a) => a.replace(/\.bench\.ts$/, ''));
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
if (available.length === 0) fail('no bench/*.bench.ts found');
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  fail(`unknown benchmark(s): ${unknown.join(', ')} (available: ${available.join(', ')})`);
}
const selected = names.length > 0 ? names : available;

/** The services a benchmark declares with `// @bench-services a b c` (any line). */
function servicesOf(name) {
  const source = readFileSync(path.join(benchDir, `${name}.bench.ts`), 'utf8');
  const match = /^\s*(?:\/\/|\*)\s*@bench-services\s+([a-z ,]+)$/m.exec(source);
  if (!match) return [];
  const wanted = match[1].split(/[\s,]+/).filter(Boolean);
  const bad = wanted.filter((s) => !KNOWN_SERVICES.includes(s));
  if (bad.length > 0) fail(`${name}: unknown service(s) in @bench-services: ${bad.join(', ')}`);
  return wanted;
}

const started = new Set();
let serviceEnv = {};

function ensureServices(services) {
  const todo = services.filter((s) => !started.has(s));
  if (todo.length === 0) return;
  if (!process.env.KOL_SKIP_SERVICES) {
    console.error(`run-bench: starting ${todo.join(', ')} (scripts/services/up.sh)`);
    try {
      execFileSync('bash', [path.join(root, 'scripts/services/up.sh'), ...todo], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
        timeout: 15 * 60_000,
      });
    } catch {
      throw new Error(`could not start ${todo.join(', ')} with scripts/services/up.sh`);
    }
  }
  for (const s of todo) started.add(s);
  const out = execFileSync('bash', [path.join(root, 'scripts/services/env.sh')], {
    cwd: root,
    encoding: 'utf8',
  });
  for (const line of out.split('\n')) {
    const m = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) serviceEnv[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
}

/** The running benchmark: Ctrl-C / SIGTERM are passed on to its whole process group. */
let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) {
      try {
        process.kill(-current.pid, signal);
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });
}

function runOne(name) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(
      process.execPath,
      // --expose-gc: a benchmark that reports live memory collects garbage before it measures.
      ['--expose-gc', '--import', 'tsx', path.join(benchDir, `${name}.bench.ts`), ...flags],
      {
        cwd: root,
        stdio: 'inherit',
        detached: true, // own process group, so a timeout can stop its children too
        env: {
          ...process.env,
          ...serviceEnv,
          NODE_ENV: process.env.NODE_ENV || 'production',
          // The services were started above; the benchmark must not run up.sh again.
          KOL_SKIP_SERVICES: '1',
          KAFKAJS_NO_PARTITIONER_WARNING: '1',
        },
      },
    );
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`run-bench: ${name} still running after ${TIMEOUT_MS / 1000} s; stopping it`);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }, TIMEOUT_MS);
    const finish = (code, signal) => {
      clearTimeout(timer);
      current = null;
      resolve({
        name,
        ok: code === 0 && !timedOut,
        status: timedOut ? 'timeout' : signal ? `signal ${signal}` : `exit ${code}`,
        seconds: (Date.now() - t0) / 1000,
      });
    };
    child.on('exit', finish);
    child.on('error', (error) => {
      console.error(`run-bench: could not start ${name}: ${error.message}`);
      finish(1, null);
    });
  });
}

const outcomes = [];
for (const name of selected) {
  console.log(`\n=== bench: ${name} ===`);
  const resultFile = path.join(resultsDir, `${name}.json`);
  const before = existsSync(resultFile) ? readFileSync(resultFile, 'utf8') : null;
  try {
    ensureServices(servicesOf(name));
  } catch (error) {
    console.error(`run-bench: ${name}: ${error.message}`);
    outcomes.push({ name, ok: false, status: 'services failed', seconds: 0 });
    continue;
  }
  const outcome = await runOne(name);
  const after = existsSync(resultFile) ? readFileSync(resultFile, 'utf8') : null;
  outcome.result = after !== null && after !== before ? path.relative(root, resultFile) : null;
  if (outcome.ok && outcome.result === null) {
    outcome.ok = false;
    outcome.status += ', no new bench/results file';
  }
  outcome.tables = [];
  if (outcome.result) {
    try {
      outcome.tables = JSON.parse(after).tables ?? [];
    } catch {
      outcome.tables = [];
    }
  }
  outcomes.push(outcome);
}

console.log('\n=== benchmark summary ===');
for (const o of outcomes) {
  if (o.tables?.length) {
    console.log(`\n--- ${o.name} ---`);
    for (const table of o.tables) console.log(`${table}\n`);
  }
}
const width = Math.max(...outcomes.map((o) => o.name.length), 5);
console.log(`${'bench'.padEnd(width)}  result  ${'time'.padStart(8)}  details`);
for (const o of outcomes) {
  console.log(
    `${o.name.padEnd(width)}  ${o.ok ? 'ok    ' : 'FAILED'}  ${`${o.seconds.toFixed(1)} s`.padStart(8)}  ${o.status}${o.result ? `, ${o.result}` : ''}`,
  );
}
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
