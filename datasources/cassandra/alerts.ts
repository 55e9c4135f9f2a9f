import {
  alertMatches,
  compareAlertsNewestFirst,
  type Alert,
  type AlertFilter,
} from '../../domain/types';
import type { AlertCursor, AlertPage, AlertStore } from '../types';
import { mapConcurrent } from '../shared/async';
import { insertCql } from './cql';
import type { CassandraSession, Statement } from './client';
import { ALERT_VALUE_COLUMNS, alertFromRow, text } from './rows';

/** Days are UTC `YYYY-MM-DD`: text sorts chronologically and needs no time-zone care. */
export function alertDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

const DAYS_BUCKET = 'all';
/** Ids per `IN` read of existing alerts in `putMany`. */
const EXISTS_READ_CHUNK = 100;

/**
 * Alerts in Cassandra. Dedupe by id is a lightweight transaction on `alerts_by_id`
 * (`INSERT ... IF NOT EXISTS`): it is linearizable, so however many replicas or retries store the
 * same alert, exactly one `put` returns true. The two query tables (`alerts` per KOL and
 * `alerts_by_day`) are written after the claim, from the row that won it, with idempotent upserts:
 * a `put` that lost the claim rewrites them too, which repairs them if the winner died between the
 * claim and those writes (e.g. a Kafka message retried after a timeout).
 */
export class CassandraAlertStore implements AlertStore {
  private readonly claim: string;
  private readonly insertById: string;
  private readonly existing: string;
  private readonly insertByKol: string;
  private readonly insertByDay: string;
  private readonly insertDay: string;
  private readonly recent: string;

  constructor(
    private readonly session: CassandraSession,
    /** Lifetime of an alert in seconds (0 = forever). */
    private readonly ttlSeconds = 0,
  ) {
    const t = (name: string): string => session.table(name);
    const columns = `id, created_at, ${ALERT_VALUE_COLUMNS}`;
    this.claim = insertCql(t('alerts_by_id'), columns, 'IF NOT EXISTS USING TTL ?');
    this.insertById = insertCql(t('alerts_by_id'), columns, 'USING TTL ?');
    this.existing = `SELECT id FROM ${t('alerts_by_id')} WHERE id IN ?`;
    this.insertByKol = insertCql(t('alerts'), columns, 'USING TTL ?');
    this.insertByDay = insertCql(t('alerts_by_day'), `day, ${columns}`, 'USING TTL ?');
    this.insertDay = insertCql(t('alert_days'), 'bucket, day', 'USING TTL ?');
    this.recent =
      `SELECT id, created_at, ${ALERT_VALUE_COLUMNS} FROM ${t('alerts')} WHERE kol_id = ? ` +
      'LIMIT ?';
  }

  async put(alert: Alert): Promise<boolean> {
    const result = await this.session.writeConditional(this.claim, [
      ...alertParams(alert),
      this.ttlSeconds,
    ]);
    const isNew = result.wasApplied();
    const row = result.first();
    const stored = isNew || !row ? alert : alertFromRow(row);
    const values = alertParams(stored);
    const ttl = this.ttlSeconds;
    await this.session.writeConcurrent([
      { query: this.insertByKol, params: [...values, ttl] },
      { query: this.insertByDay, params: [alertDay(stored.createdAt), ...values, ttl] },
      { query: this.insertDay, params: [DAYS_BUCKET, alertDay(stored.createdAt), ttl] },
    ]);
    return isNew;
  }

  /**
   * One IN read of which ids exist (100 ids per read), then the new alerts written by `storeMany`
   * (no lightweight transaction): the query tables and the day list first, `alerts_by_id` last, so an
   * id found in `alerts_by_id` always has its query rows (a call that died half way is repaired
   * by the redelivery, which finds the id absent and writes everything again; every write is an
   * idempotent upsert of the same deterministic row).
   */
  async putMany(alerts: readonly Alert[]): Promise<string[]> {
    const unique = new Map<string, Alert>();
    for (const alert of alerts) if (!unique.has(alert.id)) unique.set(alert.id, alert);
    if (unique.size === 0) return [];
    const ids = [...unique.keys()];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += EXISTS_READ_CHUNK)
      chunks.push(ids.slice(i, i + EXISTS_READ_CHUNK));
    const found = await mapConcurrent(chunks, 16, (chunk) =>
      this.session.read(this.existing, [chunk]),
    );
    const exists = new Set(found.flatMap((result) => result.rows.map((row) => text(row, 'id'))));
    const fresh = [...unique.values()].filter((alert) => !exists.has(alert.id));
    await this.storeMany(fresh);
    return fresh.map((alert) => alert.id);
  }

  /**
   * Every row of these alerts without reading which ids exist and without a lightweight
   * transaction: the query tables and the day list as unlogged batches, then `alerts_by_id` (last,
   * so an id found there always has its query rows).
   */
  async storeMany(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    const ttl = this.ttlSeconds;
    const days = new Set<string>();
    const queryRows: Statement[] = [];
    const idRows: Statement[] = [];
    for (const alert of alerts) {
      const values = alertParams(alert);
      const day = alertDay(alert.createdAt);
      days.add(day);
      queryRows.push(
        { query: this.insertByKol, params: [...values, ttl] },
        { query: this.insertByDay, params: [day, ...values, ttl] },
      );
      idRows.push({ query: this.insertById, params: [...values, ttl] });
    }
    for (const day of days)
      queryRows.push({ query: this.insertDay, params: [DAYS_BUCKET, day, ttl] });
    await this.session.writeBatched(queryRows);
    await this.session.writeBatched(idRows);
  }

  async query(filter: AlertFilter, first: number, after?: AlertCursor): Promise<AlertPage> {
    const want = Math.max(0, Math.floor(first));
    // Rows per round trip: a page's worth, more when other filters will drop some of them.
    const selective = (filter.types?.length ?? 0) > 0 || filter.minSeverity !== undefined;
    const fetchSize = Math.min(Math.max(want + 1, selective ? 200 : 20), 1000);
    const kolIds = filter.kolIds && filter.kolIds.length > 0 ? [...new Set(filter.kolIds)] : null;
    const source = kolIds
      ? await this.mergeKols(kolIds, filter.since, after, fetchSize)
      : this.walkDays(filter.since, after, fetchSize);
    const alerts: Alert[] = [];
    try {
      for await (const alert of source) {
        if (!alertMatches(alert, filter)) continue;
        if (alerts.length === want) return { alerts, hasNextPage: true };
        alerts.push(alert);
      }
    } finally {
      await source.return(undefined);
    }
    return { alerts, hasNextPage: false };
  }

  async recentByKol(kolIds: readonly string[], first: number): Promise<Alert[][]> {
    const n = Math.floor(first);
    if (n <= 0) return kolIds.map(() => []);
    const results = await this.session.readConcurrent(
      this.recent,
      kolIds.map((id) => [id, n]),
    );
    return results.map((result) => result.rows.map(alertFromRow));
  }

  /** Newest first across all KOLs: the day partitions that have alerts, newest day first. */
  private async *walkDays(
    since: Date | undefined,
    after: AlertCursor | undefined,
    fetchSize: number,
  ): AsyncGenerator<Alert, void, undefined> {
    const dayBounds: string[] = [];
    const dayParams: unknown[] = [DAYS_BUCKET];
    if (after) {
      dayBounds.push('day <= ?');
      dayParams.push(alertDay(after.createdAt));
    }
    if (since) {
      dayBounds.push('day >= ?');
      dayParams.push(alertDay(since));
    }
    const daysQuery =
      `SELECT day FROM ${this.session.table('alert_days')} WHERE bucket = ?` +
      dayBounds.map((b) => ` AND ${b}`).join('');
    for await (const page of this.session.pages(daysQuery, dayParams, 100)) {
      for (const dayRow of page) {
        const day = text(dayRow, 'day');
        yield* this.rangeScan('alerts_by_day', 'day', day, since, after, fetchSize);
      }
    }
  }

  /** Newest first over the given KOLs: a k-way merge of one newest-first stream per KOL. */
  private async mergeKols(
    kolIds: readonly string[],
    since: Date | undefined,
    after: AlertCursor | undefined,
    fetchSize: number,
  ): Promise<AsyncGenerator<Alert, void, undefined>> {
    const perKolFetch = Math.min(
      fetchSize,
      Math.max(10, Math.ceil((fetchSize * 4) / kolIds.length)),
    );
    const heads = await mapConcurrent(kolIds, 64, async (kolId) => {
      const stream = this.rangeScan('alerts', 'kol_id', kolId, since, after, perKolFetch);
      const next = await stream.next();
      return { stream, head: next.done ? undefined : next.value };
    });
    return (async function* merge(): AsyncGenerator<Alert, void, undefined> {
      const live = heads.filter((h) => h.head !== undefined);
      try {
        while (live.length > 0) {
          let best = 0;
          for (let i = 1; i < live.length; i++) {
            if (compareAlertsNewestFirst(live[i]!.head!, live[best]!.head!) < 0) best = i;
          }
          const chosen = live[best]!;
          yield chosen.head!;
          const next = await chosen.stream.next();
          if (next.done) live.splice(best, 1);
          else chosen.head = next.value;
        }
      } finally {
        await Promise.all(heads.map((h) => h.stream.return(undefined)));
      }
    })();
  }

  /**
   * One partition, newest first, bounded by `since` (inclusive) and strictly after the cursor. Rows
   * that share the cursor's timestamp are ordered by id, so those with id <= cursor.id are skipped.
   */
  private async *rangeScan(
    table: 'alerts' | 'alerts_by_day',
    partitionColumn: 'kol_id' | 'day',
    partition: string,
    since: Date | undefined,
    after: AlertCursor | undefined,
    fetchSize: number,
  ): AsyncGenerator<Alert, void, undefined> {
    const bounds: string[] = [];
    const params: unknown[] = [partition];
    if (after) {
      bounds.push('created_at <= ?');
      params.push(after.createdAt);
    }
    if (since) {
      bounds.push('created_at >= ?');
      params.push(since);
    }
    const query =
      `SELECT id, created_at, ${ALERT_VALUE_COLUMNS} FROM ${this.session.table(table)} ` +
      `WHERE ${partitionColumn} = ?` +
      bounds.map((b) => ` AND ${b}`).join('');
    for await (const page of this.session.pages(query, params, fetchSize)) {
      for (const row of page) {
        const alert = alertFromRow(row);
        if (after && !strictlyAfter(alert, after)) continue;
        yield alert;
      }
    }
  }
}

function strictlyAfter(alert: Alert, cursor: AlertCursor): boolean {
  const dt = alert.createdAt.getTime() - cursor.createdAt.getTime();
  if (dt !== 0) return dt < 0;
  return alert.id > cursor.id;
}

function alertParams(alert: Alert): unknown[] {
  return [
    alert.id,
    alert.createdAt,
    alert.kolId,
    alert.type,
    alert.severity,
    alert.value,
    alert.threshold,
    alert.window,
    alert.message,
  ];
}
