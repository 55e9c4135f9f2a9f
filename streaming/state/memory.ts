import { decodeState, encodeState, type KolStateSnapshot, type StreamStateStore } from './types';

/**
 * In-process state store. It keeps encoded copies, so what is loaded is exactly what a durable store
 * would give back; it survives a pipeline restart within the process, not a process restart.
 */
export class MemoryStateStore implements StreamStateStore {
  readonly name = 'memory';
  private readonly states = new Map<string, string>();

  async load(kolIds: readonly string[]): Promise<(KolStateSnapshot | null)[]> {
    return kolIds.map((id) => {
      const text = this.states.get(id);
      return text === undefined ? null : decodeState(text);
    });
  }

  async save(states: readonly KolStateSnapshot[]): Promise<void> {
    for (const state of states) this.states.set(state.kolId, encodeState(state));
  }

  get size(): number {
    return this.states.size;
  }

  async close(): Promise<void> {}
}
