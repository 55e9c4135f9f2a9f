/**
 * The read-through algorithm of every caching store, written once over two cache primitives. A
 * cache answers per key with a value, `null` ("known absent", so unknown ids do not reach the
 * source store on every request) or `undefined` (a miss); it answers `undefined` as a whole when it
 * is unavailable, and then nothing is filled in.
 */
export interface ReadThroughCache<V> {
  get(ids: readonly string[]): Promise<(V | null | undefined)[] | undefined>;
  fill(entries: readonly (readonly [string, V | null])[]): Promise<void>;
}

/**
 * Values of `ids` in their order (duplicates repeated): one cache read for the distinct ids, the
 * misses from `load` in one batch call, then one cache fill of what was loaded.
 */
export async function readThrough<V>(
  ids: readonly string[],
  cache: ReadThroughCache<V>,
  load: (missing: readonly string[]) => Promise<(V | null)[]>,
): Promise<(V | null)[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const cached = await cache.get(unique);
  const found = new Map<string, V | null>();
  const missing: string[] = [];
  unique.forEach((id, i) => {
    const value = cached?.[i];
    if (value === undefined) missing.push(id);
    else found.set(id, value);
  });
  if (missing.length > 0) {
    const loaded = await load(missing);
    const entries = missing.map((id, i) => [id, loaded[i] ?? null] as const);
    for (const [id, value] of entries) found.set(id, value);
    if (cached !== undefined) await cache.fill(entries);
  }
  return ids.map((id) => found.get(id) ?? null);
}
