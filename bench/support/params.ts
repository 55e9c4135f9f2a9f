/**
 * Benchmark parameters from `--name=value` arguments or `BENCH_NAME` environment variables
 * (`npm run bench -- dashboard --duration-ms=5000` passes the flag through to the benchmark).
 */
function raw(name: string): string | undefined {
  const flag = `--${name}=`;
  const arg = process.argv.find((a) => a.startsWith(flag));
  if (arg !== undefined) return arg.slice(flag.length);
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  return env === undefined || env === '' ? undefined : env;
}

export function intParam(name: string, fallback: number, min = 0): number {
  const value = raw(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new Error(`--${name} must be an integer >= ${min} (got ${value})`);
  }
  return parsed;
}

export function stringParam(name: string, fallback: string): string {
  return raw(name) ?? fallback;
}
