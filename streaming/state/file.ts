import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeState, encodeState, type KolStateSnapshot, type StreamStateStore } from './types';

/**
 * One JSON file per KOL under a directory, replaced atomically (write to a temporary file, then
 * rename). For single-machine deployments and tests: every worker on the machine shares the
 * directory, so partitions can move between workers.
 */
export class FileStateStore implements StreamStateStore {
  readonly name: string;
  private ready: Promise<void> | undefined;
  private seq = 0;

  constructor(private readonly dir: string) {
    this.name = `file:${dir}`;
  }

  private ensureDir(): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    return this.ready;
  }

  private pathOf(kolId: string): string {
    // Hash the id so any string is a safe file name.
    return join(this.dir, `${createHash('sha1').update(kolId).digest('hex')}.json`);
  }

  async load(kolIds: readonly string[]): Promise<(KolStateSnapshot | null)[]> {
    await this.ensureDir();
    return Promise.all(
      kolIds.map(async (id) => {
        try {
          return decodeState(await readFile(this.pathOf(id), 'utf8'));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
          throw err;
        }
      }),
    );
  }

  async save(states: readonly KolStateSnapshot[]): Promise<void> {
    await this.ensureDir();
    await Promise.all(
      states.map(async (state) => {
        const target = this.pathOf(state.kolId);
        const temp = `${target}.${process.pid}.${this.seq++}.tmp`;
        await writeFile(temp, encodeState(state));
        await rename(temp, target);
      }),
    );
  }

  async close(): Promise<void> {}
}
