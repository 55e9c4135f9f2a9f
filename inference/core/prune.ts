/**
 * Drops the outputs of an ONNX model that a run does not need, with the nodes only they need.
 * onnxruntime computes every node of a graph whatever outputs a run asks for, so a model whose
 * explanation (per-feature contributions) is a second tree ensemble beside the classifier costs
 * about twice the classifier alone; a session over the pruned graph costs the classifier alone.
 * Works on the protobuf wire format of ModelProto directly (graph = field 7; in GraphProto node =
 * 1, output = 12; in NodeProto input = 1, output = 2; in ValueInfoProto name = 1).
 */

interface WireField {
  field: number;
  /** Bytes of the whole field (key included) within the message. */
  start: number;
  end: number;
  /** Payload of a length-delimited field (wire type 2). */
  payload?: Uint8Array;
}

function readVarint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  let i = at;
  for (;;) {
    if (i >= bytes.length) throw new Error('truncated varint');
    const byte = bytes[i++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, i];
    scale *= 128;
    if (scale > 2 ** 63) throw new Error('varint too long');
  }
}

function fieldsOf(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const [key, afterKey] = readVarint(bytes, at);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) at = readVarint(bytes, afterKey)[1];
    else if (wire === 1) at = afterKey + 8;
    else if (wire === 5) at = afterKey + 4;
    else if (wire === 2) {
      const [length, body] = readVarint(bytes, afterKey);
      at = body + length;
      if (at > bytes.length) throw new Error('truncated field');
      fields.push({ field, start, end: at, payload: bytes.subarray(body, at) });
      continue;
    } else throw new Error(`unsupported wire type ${wire}`);
    if (at > bytes.length) throw new Error('truncated field');
    fields.push({ field, start, end: at });
  }
  return fields;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const decoder = new TextDecoder();

function strings(message: Uint8Array, field: number): string[] {
  return fieldsOf(message)
    .filter((f) => f.field === field && f.payload)
    .map((f) => decoder.decode(f.payload));
}

const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_OUTPUT = 12;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const VALUE_NAME = 1;

/** The graph without the nodes `keep` does not depend on and without the other outputs. */
function prunedGraph(graph: Uint8Array, keep: ReadonlySet<string>): Uint8Array {
  const fields = fieldsOf(graph);
  const nodes = fields
    .filter((f) => f.field === GRAPH_NODE && f.payload)
    .map((f) => ({
      f,
      inputs: strings(f.payload!, NODE_INPUT),
      outputs: strings(f.payload!, NODE_OUTPUT),
    }));
  const needed = new Set(keep);
  const kept = new Set<WireField>();
  for (let grew = true; grew;) {
    grew = false;
    for (const node of nodes) {
      if (kept.has(node.f) || !node.outputs.some((o) => needed.has(o))) continue;
      kept.add(node.f);
      for (const input of node.inputs) needed.add(input);
      grew = true;
    }
  }
  const parts = fields.flatMap((f) => {
    if (f.field === GRAPH_NODE && !kept.has(f)) return [];
    if (f.field === GRAPH_OUTPUT && f.payload) {
      const [name] = strings(f.payload, VALUE_NAME);
      if (name === undefined || !keep.has(name)) return [];
    }
    return [graph.subarray(f.start, f.end)];
  });
  return concat(parts);
}

/**
 * The model bytes with only the graph outputs in `keep`. Throws when the bytes are not a model
 * with a graph, or when an output in `keep` is not produced by the graph.
 */
export function withOutputsOnly(model: Uint8Array, keep: readonly string[]): Uint8Array {
  const fields = fieldsOf(model);
  const graphField = fields.find((f) => f.field === MODEL_GRAPH && f.payload);
  if (!graphField?.payload) throw new Error('not an ONNX model (no graph)');
  const outputs = fields
    .filter((f) => f.field === MODEL_GRAPH)
    .flatMap((f) => (f.payload ? fieldsOf(f.payload) : []))
    .filter((f) => f.field === GRAPH_OUTPUT && f.payload)
    .flatMap((f) => strings(f.payload!, VALUE_NAME));
  const missing = keep.filter((name) => !outputs.includes(name));
  if (missing.length > 0) throw new Error(`the graph has no output ${missing.join(', ')}`);
  const graph = prunedGraph(graphField.payload, new Set(keep));
  const parts = fields.map((f) =>
    f === graphField
      ? concat([
          Uint8Array.from(varint(MODEL_GRAPH * 8 + 2)),
          Uint8Array.from(varint(graph.length)),
          graph,
        ])
      : model.subarray(f.start, f.end),
  );
  return concat(parts);
}
