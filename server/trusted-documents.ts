import { readFileSync } from 'node:fs';
import { sha256Hex } from './auth';
import { gatewayError } from '../resolvers/errors';

/** What a client sends: a document, or a persisted-operation reference, or both. */
export interface OperationPayload {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/** The persisted-operation hash of a payload (Apollo's `extensions.persistedQuery.sha256Hash`). */
export function persistedHash(payload: OperationPayload): string | undefined {
  const extensions = payload.extensions;
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (typeof persisted !== 'object' || persisted === null) return undefined;
  const hash = (persisted as { sha256Hash?: unknown }).sha256Hash;
  return typeof hash === 'string' ? hash.toLowerCase() : undefined;
}

/**
 * The safelist of TRUSTED_DOCUMENTS_FILE (a JSON object of sha256 hex → document). In this mode only
 * listed documents run: by hash (`extensions.persistedQuery.sha256Hash`) or by their full text.
 */
export class TrustedDocuments {
  private readonly documents: Map<string, string>;

  constructor(file: string) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('TRUSTED_DOCUMENTS_FILE must hold a JSON object of sha256 → document');
    }
    this.documents = new Map();
    for (const [hash, document] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof document !== 'string' || sha256Hex(document) !== hash.toLowerCase()) {
        throw new Error(
          `TRUSTED_DOCUMENTS_FILE entry ${hash.slice(0, 16)}… is not sha256 of its document`,
        );
      }
      this.documents.set(hash.toLowerCase(), document);
    }
  }

  get size(): number {
    return this.documents.size;
  }

  /** The document to run for a payload; throws NOT_FOUND / FORBIDDEN for anything not listed. */
  resolve(payload: OperationPayload): string {
    const hash = persistedHash(payload);
    if (hash !== undefined) {
      const document = this.documents.get(hash);
      if (document === undefined) {
        throw gatewayError(
          'NOT_FOUND',
          'Unknown persisted operation: only trusted documents run here.',
          {
            http: { status: 404 },
          },
        );
      }
      return document;
    }
    if (typeof payload.query === 'string' && this.documents.has(sha256Hex(payload.query))) {
      return payload.query;
    }
    throw gatewayError(
      'FORBIDDEN',
      'Only trusted documents run here: send a persisted operation hash.',
      {
        http: { status: 403 },
      },
    );
  }
}
