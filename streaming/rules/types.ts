import type { AlertType, Severity } from '../../domain/types';

/** What a rule found; the engine turns it into an `Alert` with a deterministic id. */
export interface AlertDraft {
  type: AlertType;
  severity: Severity;
  value: number;
  threshold: number;
  /** Window the measurement covers, e.g. `M5`, `H1`, `3h`. */
  window: string;
  /** Start of the bucket the measurement belongs to: with kol and type, it identifies the alert. */
  bucketStart: number;
  /** Event time of the measurement (becomes `createdAt`, so a replay builds the same alert). */
  atMs: number;
  message: string;
}
