/**
 * Stages of the loaded versions and the promotion history that rollback walks back.
 * promote(v): v becomes Production, the previous Production becomes Archived and is remembered.
 * rollback: the version promoted last becomes Archived and the one it replaced is Production again.
 */
import type { ModelStage } from '../core/card';
import type { LoadedModel } from './loading';

/** What a promote or rollback changed (for the history event). */
export interface StageChange {
  from: LoadedModel | undefined;
  to: LoadedModel;
}

export class Lifecycle {
  private readonly stages = new Map<string, ModelStage>();
  /** Per model: versions that were Production before each promote, most recent last. */
  private readonly history = new Map<string, string[]>();

  stageOf(model: LoadedModel): ModelStage {
    return this.stages.get(model.id) ?? 'None';
  }

  has(model: LoadedModel): boolean {
    return this.stages.has(model.id);
  }

  set(model: LoadedModel, stage: ModelStage): void {
    this.stages.set(model.id, stage);
  }

  forget(id: string): void {
    this.stages.delete(id);
  }

  production(versions: readonly LoadedModel[]): LoadedModel | undefined {
    return versions.find((m) => this.stageOf(m) === 'Production');
  }

  /** The canary candidate: the highest Staging version (`versions` ascending). */
  staging(versions: readonly LoadedModel[]): LoadedModel | undefined {
    return versions.filter((m) => this.stageOf(m) === 'Staging').pop();
  }

  /** Makes `target` Production; null when it already is. */
  promote(versions: readonly LoadedModel[], target: LoadedModel): StageChange | null {
    const current = this.production(versions);
    if (current === target) return null;
    if (current) {
      this.stages.set(current.id, 'Archived');
      const history = this.history.get(target.name) ?? [];
      history.push(current.version);
      this.history.set(target.name, history);
    }
    this.stages.set(target.id, 'Production');
    return { from: current, to: target };
  }

  /** The version the next rollback restores, if any. */
  rollbackTarget(name: string): string | undefined {
    return this.history.get(name)?.at(-1);
  }

  /** Restores `previous` (the rollback target) as Production; the current one is Archived. */
  rollback(versions: readonly LoadedModel[], previous: LoadedModel): StageChange {
    this.history.get(previous.name)?.pop();
    const current = this.production(versions);
    if (current) this.stages.set(current.id, 'Archived');
    this.stages.set(previous.id, 'Production');
    return { from: current, to: previous };
  }

  /** Replaces the rollback history of a model (rebuilt from the saved events). */
  setHistory(name: string, versions: readonly string[]): void {
    this.history.set(name, [...versions]);
  }
}
