import { DateTimeResolver } from 'graphql-scalars';

/** ISO-8601 UTC timestamps, e.g. `2026-11-23T09:00:00.000Z`. */
export const DateTimeScalar = DateTimeResolver;
