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

/** The summed contribution of each group for the row starting at `offset`. */
export function groupSums<K extends string>(
  groups: readonly FeatureGroup<K>[],
  contributions: Float32Array,
  offset: number,
): number[] {
  const sums = new Array<number>(groups.length);
  for (let g = 0; g < groups.length; g++) {
    let s = 0;
    for (const i of groups[g]!.indexes) s += contributions[offset + i]!;
    sums[g] = s;
  }
  return sums;
}

/** Indexes of the `max` largest |sums| that reach `min`, largest first. */
export function strongest(sums: readonly number[], max: number, min: number): number[] {
  return sums
    .map((s, i) => [Math.abs(s), i] as const)
    .filter(([a]) => a >= min)
    .sort((a, b) => b[0] - a[0])
    .slice(0, max)
    .map(([, i]) => i);
}
