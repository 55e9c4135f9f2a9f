/** The lean graph (contributions pruned) gives the very probabilities of the whole model. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { withOutputsOnly } from '../../inference/core/prune';
import { MODELS_DIR } from './helpers';

const MODELS = [
  ['trust/1.0.0', 13],
  ['trust/1.1.0', 13],
  ['success/1.0.0', 21],
] as const;

function matrix(rows: number, width: number): Float32Array {
  const out = new Float32Array(rows * width);
  for (let i = 0; i < out.length; i++) out[i] = ((i * 7919) % 1000) / 37;
  return out;
}

describe('withOutputsOnly', () => {
  for (const [model, width] of MODELS) {
    it(`${model}: only probabilities, the same values as the whole graph`, async () => {
      const bytes = await fs.readFile(path.join(MODELS_DIR, model, 'model.onnx'));
      const lean = withOutputsOnly(bytes, ['probabilities']);
      expect(lean.length).toBeLessThan(bytes.length);
      const [whole, pruned] = await Promise.all([
        ort.InferenceSession.create(bytes),
        ort.InferenceSession.create(lean),
      ]);
      try {
        expect(whole.outputNames).toContain('contributions');
        expect(pruned.outputNames).toEqual(['probabilities']);
        const feeds = () => ({
          features: new ort.Tensor('float32', matrix(64, width), [64, width]),
        });
        const a = (await whole.run(feeds(), ['probabilities']))['probabilities']!
          .data as Float32Array;
        const b = (await pruned.run(feeds(), ['probabilities']))['probabilities']!
          .data as Float32Array;
        expect(Array.from(b)).toEqual(Array.from(a));
      } finally {
        await Promise.all([whole.release(), pruned.release()]);
      }
    });
  }

  it('refuses an output the graph does not have, and bytes that are no model', async () => {
    const bytes = await fs.readFile(path.join(MODELS_DIR, 'trust/1.0.0/model.onnx'));
    expect(() => withOutputsOnly(bytes, ['probabilities', 'nope'])).toThrow(/no output nope/);
    expect(() => withOutputsOnly(new Uint8Array([8, 1]), ['probabilities'])).toThrow(/no graph/);
    expect(() => withOutputsOnly(bytes.subarray(0, 1000), ['probabilities'])).toThrow(/truncated/);
  });
});
