/**
 * The alert consumer's store, timed for the alerts and ingest benchmarks: every batch write
 * (`storeMany` when the store has it, else `putMany`) reports its duration and size.
 */
import type { Alert } from '../../domain/types';
import type { IngestAlertStore } from '../../subscriptions/alert-ingest';

export function timedIngestStore(
  store: IngestAlertStore,
  onWrite: (ms: number, batch: readonly Alert[]) => void,
): IngestAlertStore {
  const timed = async <T>(batch: readonly Alert[], write: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await write();
    } finally {
      onWrite(performance.now() - t, batch);
    }
  };
  const timedStore: IngestAlertStore = {
    putMany: (batch) => timed(batch, () => store.putMany(batch)),
  };
  if (store.storeMany) {
    timedStore.storeMany = (batch) => timed(batch, () => store.storeMany!(batch));
  }
  return timedStore;
}
