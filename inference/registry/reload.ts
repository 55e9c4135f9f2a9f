/**
 * Rescanning the models directory while serving: new or changed versions are loaded, unchanged
 * ones kept; a version whose files are now broken keeps serving its last good load; a removed
 * Production version keeps serving. Stages already set survive; a new version takes the stage in
 * its card, except that a second Production is registered as None (promote it explicitly).
 * The registry calls it when a saved state names a version it has not loaded (another replica saw
 * it first), so a version copied into a shared models directory reaches every process.
 */
import { ModelLoadError } from '../core/errors';
import type { SessionOptions } from '../core/session';
import type { Lifecycle } from './lifecycle';
import { filesUnchanged, loadVersion, scan, type LoadedModel, type VersionDir } from './loading';

export interface ReloadReport {
  /** name@version loaded for the first time or because its files changed. */
  loaded: string[];
  unchanged: string[];
  /** Versions gone from disk and dropped (never the serving Production version). */
  removed: string[];
  /** Problems; the affected versions keep their last good load when they had one. */
  failed: { id: string; file: string; error: string }[];
}

/** The models after a rescan; the caller swaps them in and releases the sessions no longer used. */
export async function rescan(
  dir: string,
  current: ReadonlyMap<string, LoadedModel>,
  lifecycle: Lifecycle,
  sessionOptions: SessionOptions | undefined,
): Promise<{ next: Map<string, LoadedModel> | null; report: ReloadReport }> {
  const report: ReloadReport = { loaded: [], unchanged: [], removed: [], failed: [] };
  let scanned: VersionDir[];
  try {
    scanned = await scan(dir);
  } catch (error) {
    report.failed.push({ id: '*', file: dir, error: (error as Error).message });
    return { next: null, report };
  }
  const next = new Map<string, LoadedModel>();
  const fresh: LoadedModel[] = [];
  for (const v of scanned) {
    const old = current.get(v.id);
    try {
      if (old && (await filesUnchanged(old))) {
        next.set(v.id, old);
        report.unchanged.push(v.id);
        continue;
      }
      const model = await loadVersion(v, sessionOptions);
      next.set(v.id, model);
      fresh.push(model);
      report.loaded.push(v.id);
    } catch (error) {
      const file = error instanceof ModelLoadError ? error.file : v.dir;
      report.failed.push({ id: v.id, file, error: (error as Error).message });
      if (old) next.set(v.id, old);
    }
  }
  for (const [id, old] of current) {
    if (next.has(id)) continue;
    if (lifecycle.stageOf(old) === 'Production') {
      next.set(id, old);
      report.failed.push({
        id,
        file: old.dir,
        error: 'directory removed; still serving the loaded Production version',
      });
    } else {
      report.removed.push(id);
    }
  }
  for (const model of fresh) {
    if (lifecycle.has(model)) continue;
    let stage = model.card.stage;
    const production = [...next.values()].find(
      (m) =>
        m !== model &&
        m.name === model.name &&
        (lifecycle.has(m) ? lifecycle.stageOf(m) : m.card.stage) === 'Production',
    );
    if (stage === 'Production' && production) {
      stage = 'None';
      report.failed.push({
        id: model.id,
        file: model.cardFile,
        error: `card says Production but ${production.id} already is; registered as None (promote it explicitly)`,
      });
    }
    lifecycle.set(model, stage);
  }
  return { next, report };
}
