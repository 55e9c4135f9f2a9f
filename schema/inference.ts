import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { ScoreColumnsInput } from './score-columns';
import { SuccessScore, TrustScore } from './scores';
import { PlainObjectType } from './object-type';

@InputType({
  description:
    'Raw profile fields for on-demand trust scoring. Counts are non-negative integers; optional fields take the documented defaults.',
})
export class TrustInput {
  @Field(() => ID, {
    nullable: true,
    description: 'KOL the profile belongs to (echoed in the result; picks a stable canary bucket).',
  })
  kolId?: string;

  @Field(() => Float, { description: 'Followers.' })
  followersCount!: number;

  @Field(() => Float, { description: 'Accounts followed.' })
  followingCount!: number;

  @Field(() => Float, { description: 'Posts published.' })
  postCount!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Lifetime likes/favourites received. Unknown by default: the fake-follower rule then cannot fire.',
  })
  favoritesCount?: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Account age in days. Unknown by default: the suspicious-growth rule then cannot fire.',
  })
  accountAgeDays?: number;

  @Field(() => Boolean, { nullable: true, description: 'Platform-verified (default false).' })
  verified?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Has a biography (default: bioLength > 0).',
  })
  hasBio?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Has a link in the profile (default false).',
  })
  hasUrl?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Has a profile picture (default true).' })
  hasProfileImage?: boolean;

  @Field(() => Float, {
    nullable: true,
    description: 'Characters in the biography (default 31 when hasBio, else 0).',
  })
  bioLength?: number;

  @Field(() => Boolean, { nullable: true, description: 'Private profile (default false).' })
  isPrivate?: boolean;

  @Field(() => Float, { nullable: true, description: 'Characters in the username (default 11).' })
  usernameLength?: number;

  @Field(() => Float, { nullable: true, description: 'Digits in the username (default 0).' })
  usernameDigitCount?: number;
}

@InputType({
  description:
    'Campaign video and price figures for on-demand success scoring. Optional derived fields are computed from the counts when omitted.',
})
export class SuccessInput {
  @Field(() => ID, {
    nullable: true,
    description: 'KOL the figures belong to (echoed in the result).',
  })
  kolId?: string;

  @Field(() => Float, { description: 'Video views.' })
  videoViews!: number;

  @Field(() => Float, { description: 'Video likes.' })
  videoLikes!: number;

  @Field(() => Float, { description: 'Video comments.' })
  videoComments!: number;

  @Field(() => Float, { description: 'Video shares.' })
  videoShares!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'likes + comments + shares (computed when omitted).',
  })
  engagementTotal?: number;

  @Field(() => Float, {
    nullable: true,
    description: 'engagementTotal / views (computed when omitted).',
  })
  engagementRate?: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Estimated link clicks (default: views × estCtr, or 0).',
  })
  estClicks?: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Estimated click-through rate 0-1 (default: estClicks / views).',
  })
  estCtr?: number;

  @Field(() => Float, { description: 'Price of the product promoted (currency units).' })
  price!: number;
}

@InputType({ description: 'One raw row of a batch: a trust input, a success input, or both.' })
export class KolRowInput {
  @Field(() => ID, { nullable: true, description: 'KOL the row is about (echoed in the result).' })
  kolId?: string;

  @Field(() => TrustInput, { nullable: true, description: 'Profile fields to score trust from.' })
  trust?: TrustInput;

  @Field(() => SuccessInput, {
    nullable: true,
    description: 'Campaign figures to score success from.',
  })
  success?: SuccessInput;
}

@InputType({
  description:
    'A batch to score: stored KOLs by id, raw rows and/or raw rows as columns, 10,000 items at most in total. Results come in that order: ids, rows, then the column rows.',
})
export class ScoreKolsInput {
  @Field(() => [ID], {
    nullable: true,
    description: 'Stored KOLs to score from their current profiles and metrics.',
  })
  kolIds?: string[];

  @Field(() => [KolRowInput], { nullable: true, description: 'Raw rows to score.' })
  rows?: KolRowInput[];

  @Field(() => ScoreColumnsInput, {
    nullable: true,
    description:
      'Raw rows as columns (one list per field): the same scoring, a smaller request for large batches.',
  })
  columns?: ScoreColumnsInput;
}

@PlainObjectType({
  description: 'Result of one batch item; `error` says why an item could not be scored.',
})
export class KolScoreResult {
  @Field(() => Int, {
    description: 'Position in the batch: ids first, then rows, then column rows.',
  })
  index!: number;

  @Field(() => ID, { nullable: true, description: 'KOL of the item, when known.' })
  kolId!: string | null;

  @Field(() => TrustScore, {
    nullable: true,
    description: 'Trust score, when the item had trust inputs.',
  })
  trust!: TrustScore | null;

  @Field(() => SuccessScore, {
    nullable: true,
    description: 'Success score, when the item had success inputs.',
  })
  success!: SuccessScore | null;

  @Field(() => [String], {
    description:
      'For a stored KOL: inputs that were unknown (unreported profile fields by their KolInput name; `metrics`, `hourlyMetrics`, `revenue`, `orderValue` when its rolling metrics lack them). Empty for raw rows.',
  })
  missing!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Why the item failed (the rest of the batch is still scored).',
  })
  error!: string | null;
}

@PlainObjectType({
  description:
    'Where the server time of a scoreKols call went, in milliseconds: `prepareMs + storedMs + rowsMs + writeMs = tookMs`; `coerceMs` comes before `tookMs`.',
})
export class ScoreTimings {
  @Field(() => Float, {
    description:
      'Before the scoring service: from the request context to the resolver (document lookup and validation, operation limits and cost, variable coercion and argument conversion).',
  })
  coerceMs!: number;

  @Field(() => Float, {
    description:
      'Checking every raw row, and waiting for the stored KOLs’ profile and metrics reads (read a chunk ahead while the previous chunk is scored).',
  })
  prepareMs!: number;

  @Field(() => Float, {
    description:
      'Scoring the stored KOLs: features, model runs and records, chunk by chunk, and starting the writes of their new scores.',
  })
  storedMs!: number;

  @Field(() => Float, {
    description:
      'Scoring the raw rows (features and model runs; reasons are built only when selected, later).',
  })
  rowsMs!: number;

  @Field(() => Float, {
    description:
      'Of `rowsMs`: validating the rows, applying defaults and building the feature matrices.',
  })
  featuresMs!: number;

  @Field(() => Float, {
    description:
      'Of `rowsMs`: the onnxruntime runs (one per model; without contributions when no `reasons` of that model are selected).',
  })
  ortMs!: number;

  @Field(() => Float, {
    description:
      'Waiting for the stored KOLs’ new scores to be written (each chunk’s write runs while the next chunks are read and scored).',
  })
  writeMs!: number;
}

@PlainObjectType({ description: 'Outcome of a batch scoring call.' })
export class ScoreKolsResult {
  @Field(() => [KolScoreResult], {
    description: 'One result per item, in input order (ids, then rows).',
  })
  results!: KolScoreResult[];

  @Field(() => Int, { description: 'Items scored.' })
  scored!: number;

  @Field(() => Int, { description: 'Items that failed.' })
  failed!: number;

  @Field(() => Float, {
    description:
      'Server time spent in the scoring service, in milliseconds (request parsing, argument coercion and the response are outside it).',
  })
  tookMs!: number;

  @Field(() => ScoreTimings, { description: 'Where `tookMs` went.' })
  timings!: ScoreTimings;
}
