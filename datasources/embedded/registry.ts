import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  copyEvent,
  copyState,
  MODEL_STAGES,
  REGISTRY_ACTIONS,
  selectEvents,
} from '../shared/registry';
import type {
  ModelRegistryEvent,
  ModelRegistryState,
  ModelStageName,
  RegistryStore,
} from '../types';

/** How many events a local registry keeps (the oldest are dropped beyond it). */
const MAX_EVENTS = 10_000;

/** The registry of one process, for tests and for running without a registry file. */
export class MemoryRegistryStore implements RegistryStore {
  private readonly byModel = new Map<string, ModelRegistryState>();
  private readonly history: ModelRegistryEvent[] = [];

  async states(): Promise<ModelRegistryState[]> {
    return [...this.byModel.values()].map(copyState);
  }

  async save(state: ModelRegistryState, event: ModelRegistryEvent): Promise<void> {
    this.byModel.set(state.model, copyState(state));
    if (!this.history.some((e) => e.id === event.id)) this.history.push(copyEvent(event));
    if (this.history.length > MAX_EVENTS) this.history.splice(0, this.history.length - MAX_EVENTS);
  }

  async events(filter: { model?: string; limit: number }): Promise<ModelRegistryEvent[]> {
    return selectEvents(this.history, filter);
  }
}

interface RegistryFile {
  states: ModelRegistryState[];
  events: ModelRegistryEvent[];
}

/**
 * The registry in one JSON file, for the embedded mode: every read reads the file (so processes
 * sharing it follow each other's changes), every save rewrites it atomically (a temporary file in
 * the same folder, then a rename: a reader sees the old or the new file, never half of one).
 * Saves of one process are serialised; two processes saving at the same instant may lose one of
 * the two changes (last rename wins), which a single-machine demo accepts.
 */
export class FileRegistryStore implements RegistryStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async states(): Promise<ModelRegistryState[]> {
    return (await this.load()).states;
  }

  save(state: ModelRegistryState, event: ModelRegistryEvent): Promise<void> {
    const run = this.queue.then(async () => {
      const doc = await this.load();
      doc.states = doc.states.filter((s) => s.model !== state.model);
      doc.states.push(copyState(state));
      if (!doc.events.some((e) => e.id === event.id)) doc.events.push(copyEvent(event));
      if (doc.events.length > MAX_EVENTS) doc.events.splice(0, doc.events.length - MAX_EVENTS);
      await this.write(doc);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async events(filter: { model?: string; limit: number }): Promise<ModelRegistryEvent[]> {
    return selectEvents((await this.load()).events, filter);
  }

  private async load(): Promise<RegistryFile> {
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { states: [], events: [] };
      throw error;
    }
    return parseRegistryFile(raw, this.file);
  }

  private async write(doc: RegistryFile): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temp, `${JSON.stringify(doc, null, 2)}\n`, 'utf8');
    await rename(temp, this.file);
  }
}

export function createFileRegistryStore(file: string): FileRegistryStore {
  return new FileRegistryStore(file);
}

/** Parses and checks the file; a file that is not a registry fails with its path and the reason. */
function parseRegistryFile(raw: string, file: string): RegistryFile {
  const fail = (why: string): never => {
    throw new Error(`model registry file ${file} is not valid: ${why}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return fail((error as Error).message);
  }
  const doc = value as { states?: unknown; events?: unknown } | null;
  if (!doc || !Array.isArray(doc.states) || !Array.isArray(doc.events)) {
    return fail('expected an object with "states" and "events" arrays');
  }
  const date = (v: unknown, what: string): Date => {
    const d = typeof v === 'string' ? new Date(v) : new Date(NaN);
    return Number.isNaN(d.getTime()) ? fail(`${what} is not a date`) : d;
  };
  const str = (v: unknown, what: string): string =>
    typeof v === 'string' ? v : fail(`${what} is not a string`);
  const strOrNull = (v: unknown, what: string): string | null =>
    v === null || v === undefined ? null : str(v, what);
  const num = (v: unknown, what: string): number =>
    typeof v === 'number' && Number.isFinite(v) ? v : fail(`${what} is not a number`);
  const states = (doc.states as unknown[]).map((item, i): ModelRegistryState => {
    const s = (item ?? {}) as Record<string, unknown>;
    const stages: Record<string, ModelStageName> = {};
    const rawStages = (s.stages ?? {}) as Record<string, unknown>;
    for (const [version, stage] of Object.entries(rawStages)) {
      const found = MODEL_STAGES.find((candidate) => candidate === stage);
      stages[version] = found ?? fail(`states[${i}].stages.${version} is not a stage`);
    }
    return {
      model: str(s.model, `states[${i}].model`),
      stages,
      canaryShare: num(s.canaryShare, `states[${i}].canaryShare`),
      revision: num(s.revision, `states[${i}].revision`),
      updatedAt: date(s.updatedAt, `states[${i}].updatedAt`),
    };
  });
  const events = (doc.events as unknown[]).map((item, i): ModelRegistryEvent => {
    const e = (item ?? {}) as Record<string, unknown>;
    const action = REGISTRY_ACTIONS.find((candidate) => candidate === e.action);
    return {
      id: str(e.id, `events[${i}].id`),
      model: str(e.model, `events[${i}].model`),
      action: action ?? fail(`events[${i}].action is not an action`),
      version: strOrNull(e.version, `events[${i}].version`),
      fromVersion: strOrNull(e.fromVersion, `events[${i}].fromVersion`),
      toVersion: strOrNull(e.toVersion, `events[${i}].toVersion`),
      canaryShare:
        e.canaryShare === null || e.canaryShare === undefined
          ? null
          : num(e.canaryShare, `events[${i}].canaryShare`),
      actor: str(e.actor, `events[${i}].actor`),
      at: date(e.at, `events[${i}].at`),
    };
  });
  return { states, events };
}
