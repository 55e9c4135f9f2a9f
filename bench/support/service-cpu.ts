/**
 * CPU time of the local servers that scripts/services/up.sh started (pid files under
 * KOL_SERVICES_STATE, default /tmp/kol-gateway-services), from /proc: what a benchmark uses to
 * say how much of the stores' CPU a unit of work cost. Undefined when the server is not one of
 * ours (not started by up.sh, or not on Linux).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const STATE_ROOT = process.env.KOL_SERVICES_STATE ?? '/tmp/kol-gateway-services';
const CLOCK_TICKS_PER_SECOND = 100;

export type LocalService = 'cassandra' | 'redis' | 'kafka';

/** User + system CPU seconds the service's process has used so far. */
export function serviceCpuSeconds(service: LocalService): number | undefined {
  try {
    const pid = readFileSync(path.join(STATE_ROOT, service, `${service}.pid`), 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** A CPU meter over the given services: `stop()` returns the CPU seconds each used since start. */
export function startServiceCpu(
  services: readonly LocalService[],
): () => Partial<Record<LocalService, number>> {
  const start = new Map(services.map((s) => [s, serviceCpuSeconds(s)] as const));
  return () => {
    const used: Partial<Record<LocalService, number>> = {};
    for (const [service, before] of start) {
      const now = serviceCpuSeconds(service);
      if (before !== undefined && now !== undefined) used[service] = now - before;
    }
    return used;
  };
}
