import { JSONResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { KOL_INPUT_FIELDS, type KolInputFieldName } from '../domain/kol-input';
import { PlainObjectType } from './object-type';

/** The field's one description (domain/kol-input.ts), marked required where the row needs it. */
function describe(name: KolInputFieldName): string {
  const spec = KOL_INPUT_FIELDS.find((f) => f.name === name);
  if (!spec) throw new Error(`KolInput has no field ${name}`);
  return spec.required ? `Required. ${spec.description}` : spec.description;
}

@InputType({
  description:
    'One KOL profile to create or update. Every field is nullable in the schema so that one bad row is reported in `UpsertKolsResult.errors` (with its index and field) while the good rows of the batch land; a row without a required field is rejected. Whole numbers travel as Float and date-times as ISO 8601 text so that 1.5, -3 or a malformed date get a row error too. `platform` and `category` are your own labels: trimmed, runs of whitespace collapsed, lower-cased (that is how they are stored, matched and listed in `segments`).',
})
export class KolInput {
  @Field(() => ID, { nullable: true, description: describe('id') })
  id?: string | null;

  @Field(() => String, { nullable: true, description: describe('platform') })
  platform?: string | null;

  @Field(() => String, { nullable: true, description: describe('handle') })
  handle?: string | null;

  @Field(() => String, { nullable: true, description: describe('displayName') })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: describe('category') })
  category?: string | null;

  @Field(() => Float, { nullable: true, description: describe('followers') })
  followers?: number | null;

  @Field(() => Float, { nullable: true, description: describe('following') })
  following?: number | null;

  @Field(() => Float, { nullable: true, description: describe('posts') })
  posts?: number | null;

  @Field(() => Boolean, { nullable: true, description: describe('verified') })
  verified?: boolean | null;

  @Field(() => Float, { nullable: true, description: describe('favoritesCount') })
  favoritesCount?: number | null;

  // Text, not DateTime: a bad date is then one row's error instead of the whole request's.
  @Field(() => String, { nullable: true, description: describe('accountCreatedAt') })
  accountCreatedAt?: string | null;

  @Field(() => Boolean, { nullable: true, description: describe('hasBio') })
  hasBio?: boolean | null;

  @Field(() => Float, { nullable: true, description: describe('bioLength') })
  bioLength?: number | null;

  @Field(() => Boolean, { nullable: true, description: describe('hasUrl') })
  hasUrl?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: describe('hasProfileImage') })
  hasProfileImage?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: describe('isPrivate') })
  isPrivate?: boolean | null;

  @Field(() => Float, { nullable: true, description: describe('pricePerPost') })
  pricePerPost?: number | null;

  @Field(() => String, { nullable: true, description: describe('currency') })
  currency?: string | null;

  @Field(() => String, { nullable: true, description: describe('country') })
  country?: string | null;

  @Field(() => String, { nullable: true, description: describe('language') })
  language?: string | null;

  @Field(() => String, { nullable: true, description: describe('updatedAt') })
  updatedAt?: string | null;
}

@InputType({
  description:
    'KOL profiles as a table: the KolInput field names once in `fields`, then one list of values per profile in `values`. The same rows as `input` in about half the request, and no GraphQL coercion per value: every value is checked by the row validation, so a wrong type, a wrong row length or a missing required field is that row’s error while the good rows land.',
})
export class KolRowsInput {
  @Field(() => [String], {
    description:
      'KolInput field names (e.g. `id`, `platform`, `followers`), each at most once, in the order of every row of `values`. An unknown or repeated name is BAD_USER_INPUT.',
  })
  fields!: string[];

  @Field(() => JSONResolver, {
    description:
      'JSON array of rows, at most 10,000; each row a JSON array with exactly one value per entry of `fields` (null: not given). Values are typed as in KolInput: text, numbers, booleans, ISO 8601 dates as text.',
  })
  values!: unknown;
}

@PlainObjectType({
  description: 'Why one row of an upsertKols batch was rejected (nothing of it was written).',
})
export class KolInputError {
  @Field(() => Int, { description: 'Position of the row in `input` (or `rows.values`), from 0.' })
  index!: number;

  @Field(() => String, { nullable: true, description: 'The row’s id, when it had a usable one.' })
  id!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The KolInput field at fault; null when the row as a whole is.',
  })
  field!: string | null;

  @Field(() => String, { description: 'What is wrong and how to fix it.' })
  message!: string;
}

@PlainObjectType({
  description:
    'A row replaced by a later row with the same id in the same batch: the last one wins and this one was not used.',
})
export class SupersededKolRow {
  @Field(() => Int, { description: 'Position of the unused row in `input` (or `rows.values`).' })
  index!: number;

  @Field(() => ID, { description: 'The id both rows carry.' })
  id!: string;

  @Field(() => Int, { description: 'Position of the row that was used instead.' })
  keptIndex!: number;
}

@PlainObjectType({ description: 'Outcome of an upsertKols batch.' })
export class UpsertKolsResult {
  @Field(() => Int, { description: 'KOLs created or changed.' })
  applied!: number;

  @Field(() => [ID], { description: 'Ids of the KOLs created or changed, in batch order.' })
  appliedIds!: string[];

  @Field(() => Int, {
    description:
      'KOLs whose row was older than the stored profile (by updatedAt): nothing changed. Sending a batch again is harmless.',
  })
  skipped!: number;

  @Field(() => [ID], { description: 'Ids of the skipped KOLs.' })
  skippedIds!: string[];

  @Field(() => Int, { description: 'Rows rejected with errors (none of them written).' })
  rejected!: number;

  @Field(() => [KolInputError], { description: 'Every problem of every rejected row.' })
  errors!: KolInputError[];

  @Field(() => [SupersededKolRow], {
    description: 'Rows not used because a later row had the same id (last wins).',
  })
  superseded!: SupersededKolRow[];

  @Field(() => Int, {
    description:
      'Score records written for the applied KOLs (trust, anomaly, and success/forecast when their metrics allow).',
  })
  scores!: number;

  @Field(() => Float, { description: 'Server time spent on the batch, in milliseconds.' })
  tookMs!: number;
}
