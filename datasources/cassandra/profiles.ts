import type { KolProfile } from '../../domain/types';
import type { ProfileStore, SegmentFilter } from '../types';
import { mapConcurrent, type CassandraSession, type Statement } from './client';
import { PROFILE_COLUMNS, profileFromRow, profileParams, text } from './rows';

/**
 * Segment partitions of `profiles_by_segment`: every KOL is in `all`, its category, its platform and
 * its category x platform, so each `SegmentFilter` shape is one partition read.
 */
export function segmentKey(filter: SegmentFilter): string {
  const category = filter.category ? encodeURIComponent(filter.category) : '';
  const platform = filter.platform ? encodeURIComponent(filter.platform) : '';
  if (category && platform) return `cp/${category}/${platform}`;
  if (category) return `c/${category}`;
  if (platform) return `p/${platform}`;
  return 'all';
}

export function segmentsOf(profile: Pick<KolProfile, 'category' | 'platform'>): string[] {
  const keys = [
    segmentKey({}),
    segmentKey({ category: profile.category }),
    segmentKey({ platform: profile.platform }),
    segmentKey({ category: profile.category, platform: profile.platform }),
  ];
  return [...new Set(keys)];
}

export class CassandraProfileStore implements ProfileStore {
  private readonly selectOne: string;
  private readonly insert: string;
  private readonly insertSegment: string;
  private readonly deleteSegment: string;
  private readonly listSegment: string;

  constructor(private readonly session: CassandraSession) {
    const t = (name: string): string => session.table(name);
    this.selectOne = `SELECT ${PROFILE_COLUMNS} FROM ${t('profiles')} WHERE id = ?`;
    this.insert =
      `INSERT INTO ${t('profiles')} (${PROFILE_COLUMNS}) ` +
      `VALUES (${PROFILE_COLUMNS.split(',')
        .map(() => '?')
        .join(', ')})`;
    this.insertSegment = `INSERT INTO ${t('profiles_by_segment')} (segment, kol_id) VALUES (?, ?)`;
    this.deleteSegment = `DELETE FROM ${t('profiles_by_segment')} WHERE segment = ? AND kol_id = ?`;
    this.listSegment = `SELECT kol_id FROM ${t('profiles_by_segment')} WHERE segment = ?`;
  }

  async getMany(ids: readonly string[]): Promise<(KolProfile | null)[]> {
    const unique = [...new Set(ids)];
    const results = await this.session.readConcurrent(
      this.selectOne,
      unique.map((id) => [id]),
    );
    const byId = new Map<string, KolProfile>();
    for (const result of results) {
      const row = result.first();
      if (row) {
        const profile = profileFromRow(row);
        byId.set(profile.id, profile);
      }
    }
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * One logged batch per profile (the row plus its segment memberships, and the removal of the old
   * memberships when its category or platform changed), the batches run concurrently.
   */
  async upsertMany(profiles: readonly KolProfile[]): Promise<void> {
    const latest = new Map<string, KolProfile>();
    for (const profile of profiles) latest.set(profile.id, profile);
    const incoming = [...latest.values()];
    if (incoming.length === 0) return;
    const previous = await this.getMany(incoming.map((p) => p.id));
    await mapConcurrent(incoming, 32, async (profile, i) => {
      const now = segmentsOf(profile);
      const before = previous[i] ? segmentsOf(previous[i]) : [];
      const statements: Statement[] = [{ query: this.insert, params: profileParams(profile) }];
      for (const segment of before) {
        if (!now.includes(segment)) {
          statements.push({ query: this.deleteSegment, params: [segment, profile.id] });
        }
      }
      for (const segment of now) {
        statements.push({ query: this.insertSegment, params: [segment, profile.id] });
      }
      await this.session.batch(statements);
    });
  }

  async listIds(filter: SegmentFilter): Promise<string[]> {
    const rows = await this.session.readAll(this.listSegment, [segmentKey(filter)], 5000);
    return rows.map((row) => text(row, 'kol_id'));
  }
}
