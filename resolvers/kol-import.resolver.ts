import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { KolInput, KolRowsInput, UpsertKolsResult } from '../schema/kol-input';
import { MAX_UPSERT_ROWS } from '../services/kol-import';
import type { GatewayContext } from './context';
import { badUserInput } from './errors';
import { kolRowsOfTable } from './kol-rows';
import { fromService } from './service-errors';

@Resolver()
export class KolImportResolver {
  @Authorized('admin')
  @Mutation(() => UpsertKolsResult, {
    description: `Admin: creates or updates up to ${MAX_UPSERT_ROWS.toLocaleString('en-US')} KOL profiles in one call (more is BAD_USER_INPUT). Rows are validated one by one: a bad row is reported in \`errors\` and the good rows land. Idempotent: a row older than the stored profile's updatedAt changes nothing (\`skipped\`); the same id twice in a batch keeps the last row (\`superseded\`). The applied KOLs are scored (trust and anomaly from the profile, success and forecast once they have metrics) and ranked before the call returns; a failed call wrote no profile without its scores and can be sent again.`,
  })
  async upsertKols(
    @Arg('input', () => [KolInput], {
      nullable: true,
      description: 'The profiles, at most 10,000, one object each. Give `input` or `rows`.',
    })
    input: KolInput[] | null | undefined,
    @Arg('rows', () => KolRowsInput, {
      nullable: true,
      description:
        'The same profiles as a table (field names once, one list of values per profile): a smaller request for large batches. Give `input` or `rows`.',
    })
    rows: KolRowsInput | null | undefined,
    @Ctx() ctx: GatewayContext,
  ): Promise<UpsertKolsResult> {
    if ((input == null) === (rows == null)) {
      throw badUserInput('Give the profiles as `input` or as `rows`, exactly one of them.', {
        argument: input == null ? 'input' : 'rows',
      });
    }
    const batch = rows ? kolRowsOfTable(rows) : (input ?? []);
    const outcome = await fromService(() => ctx.services.kolImport.upsertKols(batch, ctx.now));
    return {
      applied: outcome.applied.length,
      appliedIds: outcome.applied,
      skipped: outcome.skipped.length,
      skippedIds: outcome.skipped,
      rejected: outcome.rejected,
      errors: outcome.errors,
      superseded: outcome.superseded,
      scores: outcome.scores,
      tookMs: outcome.tookMs,
    };
  }
}
