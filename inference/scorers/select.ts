import type { LoadedModel, ModelRegistry } from '../registry';

/** Groups row indexes by the model version that serves them (one ONNX run per version). */
export function groupBySelectedVersion(
  registry: ModelRegistry,
  name: string,
  inputs: readonly { kolId?: string | null }[],
): Map<LoadedModel, number[]> {
  return groupRowsByVersion(registry, name, inputs.length, (i) => inputs[i]!.kolId);
}

/** Entries 0..n-1 grouped by the version serving each (`kolIdOf` picks its canary bucket). */
export function groupRowsByVersion(
  registry: ModelRegistry,
  name: string,
  n: number,
  kolIdOf: (i: number) => string | null | undefined,
): Map<LoadedModel, number[]> {
  const groups = new Map<LoadedModel, number[]>();
  if (n === 0) return groups;
  const select = registry.selector(name);
  if (select.sole) {
    const all = new Array<number>(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return new Map([[select.sole, all]]);
  }
  let last: LoadedModel | undefined;
  let lastRows: number[] | undefined;
  for (let i = 0; i < n; i++) {
    const model = select(kolIdOf(i));
    if (model === last) {
      lastRows!.push(i);
      continue;
    }
    let rows = groups.get(model);
    if (!rows) {
      rows = [];
      groups.set(model, rows);
    }
    rows.push(i);
    last = model;
    lastRows = rows;
  }
  return groups;
}
