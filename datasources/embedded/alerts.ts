import {
  alertMatches,
  compareAlertsNewestFirst,
  type Alert,
  type AlertFilter,
} from '../../domain/types';
import type { AlertCursor, AlertPage, AlertStore } from '../types';

export class EmbeddedAlertStore implements AlertStore {
  private readonly byId = new Map<string, Alert>();
  /** All alerts, newest first. */
  private readonly ordered: Alert[] = [];

  constructor(private readonly maxAlerts = 100_000) {}

  async put(alert: Alert): Promise<boolean> {
    if (this.byId.has(alert.id)) return false;
    const copy = { ...alert };
    this.byId.set(alert.id, copy);
    this.ordered.splice(this.insertionIndex(copy), 0, copy);
    if (this.ordered.length > this.maxAlerts) {
      const dropped = this.ordered.pop();
      if (dropped) this.byId.delete(dropped.id);
    }
    return true;
  }

  async putMany(alerts: readonly Alert[]): Promise<string[]> {
    const fresh: string[] = [];
    for (const alert of alerts) if (await this.put(alert)) fresh.push(alert.id);
    return fresh;
  }

  async storeMany(alerts: readonly Alert[]): Promise<void> {
    await this.putMany(alerts);
  }

  /** First position whose alert sorts after `alert` (binary search over the newest-first list). */
  private insertionIndex(alert: Alert): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareAlertsNewestFirst(alert, this.ordered[mid] as Alert) < 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  async query(filter: AlertFilter, first: number, after?: AlertCursor): Promise<AlertPage> {
    const page: Alert[] = [];
    for (const alert of this.ordered) {
      if (after && !isAfter(alert, after)) continue;
      if (!alertMatches(alert, filter)) continue;
      if (page.length === first) return { alerts: page, hasNextPage: true };
      page.push(alert);
    }
    return { alerts: page, hasNextPage: false };
  }

  async recentByKol(kolIds: readonly string[], first: number): Promise<Alert[][]> {
    const wanted = new Map(kolIds.map((id) => [id, [] as Alert[]]));
    for (const alert of this.ordered) {
      const list = wanted.get(alert.kolId);
      if (list && list.length < first) list.push(alert);
    }
    return kolIds.map((id) => wanted.get(id) ?? []);
  }
}

/** True when `alert` comes strictly after the cursor in newest-first order. */
export function isAfter(alert: Alert, cursor: AlertCursor): boolean {
  return (
    compareAlertsNewestFirst(alert, { ...alert, createdAt: cursor.createdAt, id: cursor.id }) > 0
  );
}
