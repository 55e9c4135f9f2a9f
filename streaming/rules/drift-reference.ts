/** Loads the drift rule's reference histograms from a JSON file (STREAM_DRIFT_REFERENCE). */
import { readFile } from 'node:fs/promises';
import { parseReferenceHistograms, type Histogram } from './psi';

/** The histograms of `path` (a plain object or a model card); none without a path (rule off). */
export async function loadDriftReference(
  path: string | undefined,
): Promise<Record<string, Histogram>> {
  if (!path) return {};
  return parseReferenceHistograms(JSON.parse(await readFile(path, 'utf8')));
}
