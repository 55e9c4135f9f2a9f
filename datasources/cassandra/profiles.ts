import type { KolProfile } from '../../domain/types';
import { lastPerId, newerThanStored } from '../shared/upsert';
import type { ProfileStore, ProfileUpsertResult, SegmentFilter } from '../types';
import { mapConcurrent } from '../shared/async';
import {
  segmentAttributes,
  segmentsOf,
  segmentsToIntersect,
  type SegmentAttributes,
} from '../shared/segments';
import { insertCql } from './cql';
import type { CassandraSession, Statement } from './client';
import {
  date,
  num,
  optionalText,
  PROFILE_COLUMNS,
  profileFromRow,
  profileParams,
  text,
} from './rows';

/** Ids per `IN` read of stored heads. */
const HEAD_READ_CHUNK = 100;

/** What an upsert needs of the stored profile: its time and the fields that decide its segments. */
interface StoredHead {
  updatedAt: Date;
  attributes: SegmentAttributes;
}

export class CassandraProfileStore implements ProfileStore {
  private readonly selectMany: string;
  private readonly selectHeads: string;
  private readonly insert: string;
  private readonly insertSegment: string;
  private readonly deleteSegment: string;
  private readonly listSegment: string;

  constructor(private readonly session: CassandraSession) {
    const t = (name: string): string => session.table(name);
    this.selectMany = `SELECT ${PROFILE_COLUMNS} FROM ${t('profiles')} WHERE id IN ?`;
    this.selectHeads = `SELECT id, updated_at, category, platform, followers, country, language FROM ${t('profiles')} WHERE id IN ?`;
    this.insert = insertCql(t('profiles'), PROFILE_COLUMNS);
    this.insertSegment = `INSERT INTO ${t('profiles_by_segment')} (segment, kol_id) VALUES (?, ?)`;
    this.deleteSegment = `DELETE FROM ${t('profiles_by_segment')} WHERE segment = ? AND kol_id = ?`;
    this.listSegment = `SELECT kol_id FROM ${t('profiles_by_segment')} WHERE segment = ?`;
  }

  async getMany(ids: readonly string[]): Promise<(KolProfile | null)[]> {
    const byId = new Map<string, KolProfile>();
    if (ids.length === 0) return [];
    for (const row of await this.session.readIn(this.selectMany, ids)) {
      const profile = profileFromRow(row);
      byId.set(profile.id, profile);
    }
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Reads the stored `updatedAt`, category and platform of the batch (one `IN` query per 100 ids),
   * skips profiles older than the stored one, then writes the rest without a lightweight
   * transaction: the rows and the segment memberships (grouped by segment partition) in unlogged
   * batches (`CassandraSession.writeBatched`). Accepted race: two concurrent upserts of one id, both newer than the stored
   * profile, may land in either order (the next newer upsert settles it), and a crash between the
   * row and its memberships leaves them behind until the same upsert is retried (every write here
   * is idempotent).
   */
  async upsertMany(profiles: readonly KolProfile[]): Promise<ProfileUpsertResult> {
    const incoming = lastPerId(profiles);
    if (incoming.length === 0) return { applied: [], skipped: [] };
    const stored = await this.storedHeads(incoming.map((p) => p.id));
    const { write, result } = newerThanStored(
      incoming,
      incoming.map((p) => stored.get(p.id)?.updatedAt),
    );
    const removals = new Map<string, string[]>();
    const additions = new Map<string, string[]>();
    const add = (map: Map<string, string[]>, segment: string, id: string): void => {
      const list = map.get(segment);
      if (list) list.push(id);
      else map.set(segment, [id]);
    };
    for (const profile of write) {
      const now = segmentsOf(segmentAttributes(profile));
      const before = stored.get(profile.id);
      for (const segment of before ? segmentsOf(before.attributes) : []) {
        if (!now.includes(segment)) add(removals, segment, profile.id);
      }
      for (const segment of now) add(additions, segment, profile.id);
    }
    // One stream of writes: the profile rows, then the memberships segment by segment (adjacent,
    // so a batch holds one or two segment partitions).
    const statements: Statement[] = write.map((profile) => ({
      query: this.insert,
      params: profileParams(profile),
    }));
    for (const [map, query] of [
      [removals, this.deleteSegment],
      [additions, this.insertSegment],
    ] as const) {
      for (const [segment, ids] of map) {
        for (const id of ids) statements.push({ query, params: [segment, id] });
      }
    }
    await this.session.writeBatched(statements);
    return result;
  }

  /** Stored `updatedAt`, category and platform of the ids that exist. */
  private async storedHeads(ids: readonly string[]): Promise<Map<string, StoredHead>> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += HEAD_READ_CHUNK)
      chunks.push(ids.slice(i, i + HEAD_READ_CHUNK));
    const results = await mapConcurrent(chunks, 16, (chunk) =>
      this.session.read(this.selectHeads, [chunk]),
    );
    const heads = new Map<string, StoredHead>();
    for (const result of results) {
      for (const row of result.rows) {
        heads.set(text(row, 'id'), {
          updatedAt: date(row, 'updated_at'),
          attributes: segmentAttributes({
            category: text(row, 'category'),
            platform: text(row, 'platform'),
            followers: num(row, 'followers'),
            country: optionalText(row, 'country'),
            language: optionalText(row, 'language'),
          }),
        });
      }
    }
    return heads;
  }

  /** One partition read per segment to intersect (one for every indexed filter shape). */
  async listIds(filter: SegmentFilter): Promise<string[]> {
    const lists = await Promise.all(
      segmentsToIntersect(filter).map(async (segment) => {
        const rows = await this.session.readAll(this.listSegment, [segment], 5000);
        return rows.map((row) => text(row, 'kol_id'));
      }),
    );
    const [first, ...rest] = lists.sort((a, b) => a.length - b.length);
    if (!first) return [];
    const others = rest.map((list) => new Set(list));
    return first.filter((id) => others.every((set) => set.has(id)));
  }
}
