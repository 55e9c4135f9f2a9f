import { types } from 'cassandra-driver';
import type { KolProfile } from '../../domain/types';
import { lastPerId, newerThanStored } from '../shared/upsert';
import type {
  ProfileStore,
  ProfileUpsertOptions,
  ProfileUpsertResult,
  SegmentFilter,
} from '../types';
import { mapConcurrent } from '../shared/async';
import { matchesSegment, segmentAttributes } from '../shared/segments';
import { insertCql } from './cql';
import type { CassandraSession } from './client';
import {
  date,
  num,
  optionalText,
  PROFILE_COLUMNS,
  profileFromRow,
  profileParams,
  text,
} from './rows';
import { scanTokenRanges } from './token-scan';

/** Ids per `IN` read of stored update times. */
const HEAD_READ_CHUNK = 100;

export class CassandraProfileStore implements ProfileStore {
  private readonly selectMany: string;
  private readonly selectUpdatedAt: string;
  private readonly insert: string;
  private readonly scanSegments: string;

  constructor(private readonly session: CassandraSession) {
    const t = (name: string): string => session.table(name);
    this.selectMany = `SELECT ${PROFILE_COLUMNS} FROM ${t('profiles')} WHERE id IN ?`;
    this.selectUpdatedAt = `SELECT id, updated_at FROM ${t('profiles')} WHERE id IN ?`;
    this.insert = insertCql(t('profiles'), PROFILE_COLUMNS);
    this.scanSegments =
      `SELECT id, category, platform, followers, country, language FROM ${t('profiles')} ` +
      'WHERE token(id) > ? AND token(id) <= ?';
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
   * Reads the stored `updatedAt` of the batch (one `IN` query per 100 ids, none for the ids in
   * `options.storedUpdatedAt`), skips profiles older than the stored one, then writes the rest as unlogged
   * batches (`CassandraSession.writeBatched`) without a lightweight transaction. A profile with
   * nothing stored leaves its absent optional fields unset instead of writing nulls (a null is a
   * tombstone cell). Accepted race: two concurrent upserts of one id, both newer than the stored
   * profile, may land in either order (the next newer upsert settles it); every write here is
   * idempotent, so a failed call is repaired by sending it again.
   */
  async upsertMany(
    profiles: readonly KolProfile[],
    options: ProfileUpsertOptions = {},
  ): Promise<ProfileUpsertResult> {
    const incoming = lastPerId(profiles);
    if (incoming.length === 0) return { applied: [], skipped: [] };
    const known = options.storedUpdatedAt;
    const unknown = known ? incoming.filter((p) => !known.has(p.id)) : incoming;
    const readTimes = await this.storedUpdatedAt(unknown.map((p) => p.id));
    const storedAt = (id: string): Date | undefined =>
      known?.has(id) ? (known.get(id) ?? undefined) : readTimes.get(id);
    const { write, result } = newerThanStored(
      incoming,
      incoming.map((p) => storedAt(p.id)),
    );
    await this.session.writeBatched(
      write.map((profile) => ({
        query: this.insert,
        params: storedAt(profile.id)
          ? profileParams(profile)
          : withUnsetNulls(profileParams(profile)),
      })),
    );
    return result;
  }

  async updatedAt(ids: readonly string[]): Promise<(Date | null)[]> {
    const times = await this.storedUpdatedAt([...new Set(ids)]);
    return ids.map((id) => times.get(id) ?? null);
  }

  private async storedUpdatedAt(ids: readonly string[]): Promise<Map<string, Date>> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += HEAD_READ_CHUNK)
      chunks.push(ids.slice(i, i + HEAD_READ_CHUNK));
    const results = await mapConcurrent(chunks, 16, (chunk) =>
      this.session.read(this.selectUpdatedAt, [chunk]),
    );
    const times = new Map<string, Date>();
    for (const result of results) {
      for (const row of result.rows) times.set(text(row, 'id'), date(row, 'updated_at'));
    }
    return times;
  }

  /**
   * A token-range scan of the profiles' segment columns, filtered here: the ids of a segment are
   * not kept in Cassandra (the ranking index holds the memberships that pages are served from), so
   * this reads every profile. Callers are the stream worker's sweep of every KOL and the ranking's
   * fallback while the index cannot answer.
   */
  async listIds(filter: SegmentFilter): Promise<string[]> {
    const ids: string[] = [];
    await scanTokenRanges(this.session, this.scanSegments, (row) => {
      const attributes = segmentAttributes({
        category: text(row, 'category'),
        platform: text(row, 'platform'),
        followers: num(row, 'followers'),
        country: optionalText(row, 'country'),
        language: optionalText(row, 'language'),
      });
      if (matchesSegment(attributes, filter)) ids.push(text(row, 'id'));
    });
    return ids.sort();
  }
}

/** Bound values with null replaced by "unset" (no cell written), for rows nothing was stored in. */
function withUnsetNulls(params: unknown[]): unknown[] {
  return params.map((value) => (value === null ? types.unset : value));
}
