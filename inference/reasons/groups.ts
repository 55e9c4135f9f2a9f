/** Sums per-feature contributions into named groups (feature names resolved to indexes once). */
export interface FeatureGroup<K extends string> {
  key: K;
  indexes: number[];
}

export function featureGroups<K extends string>(
  features: readonly string[],
  groups: Readonly<Record<K, readonly string[]>>,
): FeatureGroup<K>[] {
  const keys = Object.keys(groups) as K[];
  const covered = new Set<string>();
  const out = keys.map((key) => ({
    key,
    indexes: groups[key].map((name) => {
      const i = features.indexOf(name);
      if (i < 0) throw new Error(`reason group ${key}: unknown feature ${name}`);
      covered.add(name);
      return i;
    }),
  }));
  const missing = features.filter((f) => !covered.has(f));
  if (missing.length > 0) throw new Error(`features without a reason group: ${missing.join(', ')}`);
  return out;
}

/** The summed contribution of each group for the row starting at `offset`, written into `sums`. */
export function groupSums<K extends string>(
  groups: readonly FeatureGroup<K>[],
  contributions: Float32Array,
  offset: number,
  sums: Float64Array,
): Float64Array {
  for (let g = 0; g < groups.length; g++) {
    const indexes = groups[g]!.indexes;
    let s = 0;
    for (let j = 0; j < indexes.length; j++) s += contributions[offset + indexes[j]!]!;
    sums[g] = s;
  }
  return sums;
}

/** Indexes of the `max` largest |sums| that reach `min`, largest first (ties: lower index). */
export function strongest(sums: ArrayLike<number>, max: number, min: number): number[] {
  const picked: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < sums.length; i++) {
    const size = Math.abs(sums[i]!);
    if (size < min) continue;
    let at = picked.length;
    while (at > 0 && sizes[at - 1]! < size) at--;
    if (at >= max) continue;
    // Shift the smaller ones down one place (the last falls off when `max` are picked).
    let end = Math.min(picked.length, max - 1);
    while (end > at) {
      picked[end] = picked[end - 1]!;
      sizes[end] = sizes[end - 1]!;
      end--;
    }
    picked[at] = i;
    sizes[at] = size;
  }
  return picked;
}
