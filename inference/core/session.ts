/**
 * One onnxruntime-node InferenceSession per model version, created once and reused (plus, for a
 * model with lean outputs, one over the graph pruned to them). A batch of N rows is one `run`
 * with a [N, F] float32 tensor.
 */
import * as ort from 'onnxruntime-node';
import { ModelLoadError } from './errors';
import { withOutputsOnly } from './prune';

export const MODEL_INPUT_NAME = 'features';

export type SessionOptions = ort.InferenceSession.SessionOptions;

/**
 * Defaults under any options given. The intra-op threads do not spin between runs: the process
 * shares its cores with the event loop, libuv and the other sessions, and a spinning pool takes
 * the CPU they need (under load a 2,000-row run took several times longer spinning).
 */
export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  graphOptimizationLevel: 'all',
  extra: { session: { intra_op: { allow_spinning: '0' } } },
};

export class ModelSession {
  /** Number of `run` calls made on this session (batching can be checked without timing). */
  runCount = 0;

  private constructor(
    /** The underlying onnxruntime session (exposed for benchmarks and tests). */
    readonly ort: ort.InferenceSession,
    readonly file: string,
    readonly featureCount: number,
    /** Over the graph pruned to `leanOutputs`: serves a run that asks for those alone. */
    readonly lean?: { ort: ort.InferenceSession; outputs: readonly string[] },
  ) {}

  /**
   * Loads `file` and checks it takes `features` [N, featureCount] and has `outputs`; with
   * `leanOutputs` (a subset of `outputs`) also opens the graph pruned to them.
   * Throws ModelLoadError naming the file when it is missing, corrupt or does not fit.
   */
  static async create(
    file: string,
    bytes: Uint8Array,
    featureCount: number,
    outputs: readonly string[],
    options?: SessionOptions,
    leanOutputs?: readonly string[],
  ): Promise<ModelSession> {
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        ...DEFAULT_SESSION_OPTIONS,
        ...options,
      });
    } catch (error) {
      throw new ModelLoadError(file, `not a loadable ONNX model (${(error as Error).message})`, {
        cause: error,
      });
    }
    const fail = (message: string): never => {
      void session.release();
      throw new ModelLoadError(file, message);
    };
    if (!session.inputNames.includes(MODEL_INPUT_NAME)) {
      fail(`expected an input named "${MODEL_INPUT_NAME}", found ${session.inputNames.join(', ')}`);
    }
    for (const name of outputs) {
      if (!session.outputNames.includes(name)) {
        fail(`expected an output named "${name}", found ${session.outputNames.join(', ')}`);
      }
    }
    const input = session.inputMetadata[session.inputNames.indexOf(MODEL_INPUT_NAME)];
    if (input?.isTensor) {
      const width = input.shape[1];
      if (input.type !== 'float32')
        fail(`input "${MODEL_INPUT_NAME}" must be float32, not ${input.type}`);
      if (typeof width === 'number' && width !== featureCount) {
        fail(`model takes ${width} features but card.json lists ${featureCount}`);
      }
    }
    if (!leanOutputs) return new ModelSession(session, file, featureCount);
    let lean: ort.InferenceSession;
    try {
      lean = await ort.InferenceSession.create(withOutputsOnly(bytes, leanOutputs), {
        ...DEFAULT_SESSION_OPTIONS,
        ...options,
      });
    } catch (error) {
      void session.release();
      throw new ModelLoadError(
        file,
        `cannot open the graph pruned to ${leanOutputs.join(', ')} (${(error as Error).message})`,
        { cause: error },
      );
    }
    return new ModelSession(session, file, featureCount, { ort: lean, outputs: leanOutputs });
  }

  /** Runs `rows` rows of the row-major `matrix` and returns the requested float32 outputs. */
  async run(
    matrix: Float32Array,
    rows: number,
    outputs: readonly string[],
  ): Promise<Record<string, Float32Array>> {
    if (matrix.length !== rows * this.featureCount) {
      throw new Error(
        `${this.file}: matrix has ${matrix.length} values, expected ${rows} x ${this.featureCount}`,
      );
    }
    const tensor = new ort.Tensor('float32', matrix, [rows, this.featureCount]);
    this.runCount += 1;
    const { lean } = this;
    const session =
      lean && outputs.every((name) => lean.outputs.includes(name)) ? lean.ort : this.ort;
    const result = await session.run({ [MODEL_INPUT_NAME]: tensor }, outputs as string[]);
    const out: Record<string, Float32Array> = {};
    for (const name of outputs) {
      const data = result[name]?.data;
      if (!(data instanceof Float32Array)) {
        throw new Error(`${this.file}: output "${name}" is not a float32 tensor`);
      }
      out[name] = data;
    }
    return out;
  }

  async release(): Promise<void> {
    await Promise.all([this.ort.release(), this.lean?.ort.release()]);
  }
}
