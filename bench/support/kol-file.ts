/**
 * A user's KOL file for the import and scale benchmarks: a CSV with a header of KolInput field names
 * and `count` rows of plausible, valid profiles (seeded, so the same count gives the same file).
 * Written as a stream, so a million rows never sit in memory at once.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { logNormal, seededRandom } from '../../demo/random';

const PLATFORMS = ['tiktok', 'instagram', 'youtube', 'x'];
const CATEGORIES = ['beauty', 'gaming', 'food', 'fitness', 'travel', 'tech', 'fashion', 'music'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'BR', 'ID', 'JP', 'VN'];
const LANGUAGES = ['en', 'en', 'de', 'fr', 'pt-br', 'id', 'ja', 'vi'];
export const KOL_FILE_HEADER = [
  'id',
  'platform',
  'handle',
  'displayName',
  'category',
  'followers',
  'following',
  'posts',
  'verified',
  'favoritesCount',
  'accountCreatedAt',
  'bioLength',
  'hasUrl',
  'hasProfileImage',
  'isPrivate',
  'pricePerPost',
  'currency',
  'country',
  'language',
  'updatedAt',
];

export function kolId(index: number): string {
  return `imp-${String(index).padStart(7, '0')}`;
}

/**
 * Writes rows `from` to `from + count - 1` (ids `kolId(i)`); `updatedAt` is the same for every
 * row, so a re-import changes nothing. The same seed and `from` give the same rows.
 */
export async function writeKolCsv(
  file: string,
  count: number,
  updatedAt: Date,
  options: { from?: number; seed?: number } = {},
): Promise<{ bytes: number }> {
  const from = options.from ?? 0;
  const random = seededRandom((options.seed ?? 20261201) + from);
  const out = createWriteStream(file, { encoding: 'utf8' });
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${KOL_FILE_HEADER.join(',')}\n`);
  const stamp = updatedAt.toISOString();
  let chunk = '';
  for (let i = from; i < from + count; i++) {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const followers = Math.round(Math.min(5e7, Math.max(50, logNormal(random, 40_000, 1.6))));
    const created = new Date(updatedAt.getTime() - (200 + random() * 3000) * 86_400_000);
    const id = kolId(i);
    const countryIndex = Math.floor(random() * COUNTRIES.length);
    chunk += `${[
      id,
      pick(PLATFORMS),
      `h_${id}`,
      `"Creator ${i}, ${pick(CATEGORIES)}"`,
      pick(CATEGORIES),
      followers,
      Math.round(50 + random() * 1500),
      Math.round(10 + random() * 2000),
      random() < 0.1,
      Math.round(followers * (2 + random() * 40)),
      created.toISOString(),
      Math.round(random() * 160),
      random() < 0.6,
      random() < 0.97,
      random() < 0.03,
      Math.round(followers * 0.01 * (0.5 + random())),
      'USD',
      COUNTRIES[countryIndex],
      LANGUAGES[countryIndex],
      stamp,
    ].join(',')}\n`;
    if (chunk.length > 256 * 1024) {
      await write(chunk);
      chunk = '';
    }
  }
  if (chunk) await write(chunk);
  out.end();
  await once(out, 'finish');
  return { bytes };
}
