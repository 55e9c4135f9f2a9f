import type { LoadedModel, ModelRegistry } from '../registry';

/** Groups row indexes by the model version that serves them (one ONNX run per version). */
export function groupBySelectedVersion(
  registry: ModelRegistry,
  name: string,
  inputs: readonly { kolId?: string | null }[],
): Map<LoadedModel, number[]> {
  const groups = new Map<LoadedModel, number[]>();
  if (inputs.length === 0) return groups;
  const select = registry.selector(name);
  for (let i = 0; i < inputs.length; i++) {
    const model = select(inputs[i]!.kolId);
    const rows = groups.get(model);
    if (rows) rows.push(i);
    else groups.set(model, [i]);
  }
  return groups;
}
