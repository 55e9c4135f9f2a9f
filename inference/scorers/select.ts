import type { LoadedModel, ModelRegistry } from '../registry';

/** Groups row indexes by the model version that serves them (one ONNX run per version). */
export function groupBySelectedVersion(
  registry: ModelRegistry,
  name: string,
  inputs: readonly { kolId?: string | null }[],
): Map<LoadedModel, number[]> {
  const groups = new Map<LoadedModel, number[]>();
  for (let i = 0; i < inputs.length; i++) {
    const model = registry.select(name, inputs[i]!.kolId);
    const rows = groups.get(model);
    if (rows) rows.push(i);
    else groups.set(model, [i]);
  }
  return groups;
}
