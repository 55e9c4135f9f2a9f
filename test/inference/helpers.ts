import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const MODELS_DIR = path.join(REPO_ROOT, 'models');
export const PARITY_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'parity');

export interface ParityFixture<I> {
  model: string;
  version: string;
  tolerance: number;
  features: string[];
  rows: (ParityRow & { input: I })[];
}

export interface ParityRow {
  features: number[];
  probability?: number;
  contributions?: number[];
  rulesFired?: string[];
  trustScore?: number;
  successScore?: number;
  decisionScore?: number;
  anomalyScore?: number;
}

export async function readFixture<I>(file: string): Promise<ParityFixture<I>> {
  return JSON.parse(await fs.readFile(path.join(PARITY_DIR, file), 'utf8')) as ParityFixture<I>;
}

/** A scratch copy of models/ (so tests can break files without touching the real ones). */
export async function copyModels(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kol-models-'));
  await fs.cp(MODELS_DIR, dir, { recursive: true });
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** |a - b| <= tol * max(1, |b|): absolute near zero, relative for large feature values. */
export function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

export const LEGIT = {
  kolId: 'acceptance-legit',
  followersCount: 100000,
  followingCount: 500,
  postCount: 2000,
  favoritesCount: 500000,
  accountAgeDays: 2000,
  verified: true,
  hasBio: true,
  hasUrl: true,
  hasProfileImage: true,
  bioLength: 150,
};

export const SUSPICIOUS = {
  kolId: 'acceptance-suspicious',
  followersCount: 50000,
  followingCount: 50000,
  postCount: 10000,
  favoritesCount: 100,
  accountAgeDays: 30,
  verified: false,
  hasBio: false,
  hasUrl: false,
  hasProfileImage: false,
  bioLength: 0,
};

/** `expect.stringContaining` typed as unknown (vitest types its matchers `any`). */
export function textContaining(text: string): unknown {
  return expect.stringContaining(text);
}
