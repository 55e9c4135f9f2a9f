/**
 * Routing a request to a version: Production, or the Staging version for the model's canary
 * share — by a stable hash of the KOL id when there is one (a KOL always gets the same version),
 * at random otherwise.
 */
import { InputValidationError } from '../core/errors';
import type { LoadedModel } from './loading';

/** Stable bucket in [0, 1) for (model, KOL): FNV-1a 32-bit. */
export function canaryBucket(model: string, kolId: string): number {
  const key = `${model}\u0000${kolId}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}

export function checkShare(share: number, field: string): number {
  if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 1) {
    throw new InputValidationError(field, `${field} must be a number from 0 to 1, got ${share}`);
  }
  return share;
}

/** Canary shares: one default for every model, overridden per model. */
export class CanaryShares {
  private defaultShare = 0;
  private readonly byName = new Map<string, number>();

  constructor(initial: number | Readonly<Record<string, number>> = 0) {
    if (typeof initial === 'number') this.defaultShare = checkShare(initial, 'canaryShare');
    else
      for (const [name, s] of Object.entries(initial))
        this.byName.set(name, checkShare(s, `canaryShare.${name}`));
  }

  of(name: string): number {
    return this.byName.get(name) ?? this.defaultShare;
  }

  set(name: string, share: number): void {
    this.byName.set(name, checkShare(share, 'canaryShare'));
  }

  setDefault(share: number): void {
    this.defaultShare = checkShare(share, 'canaryShare');
    this.byName.clear();
  }
}

/** The serving version of a request; `sole` when one version serves every request. */
export type VersionSelector = ((kolId?: string | null) => LoadedModel) & {
  readonly sole?: LoadedModel;
};

/** Picks the serving version of each request from one consistent (production, canary, share). */
export function selectorFor(
  name: string,
  production: LoadedModel,
  canary: LoadedModel | undefined,
  share: number,
  random: () => number,
): VersionSelector {
  if (!canary || share <= 0) return Object.assign(() => production, { sole: production });
  return (kolId) => {
    const u = kolId != null && kolId !== '' ? canaryBucket(name, kolId) : random();
    return u < share ? canary : production;
  };
}
