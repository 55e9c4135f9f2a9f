import { Field, Float, InputType, Int, registerEnumType } from 'type-graphql';
import { FOLLOWER_BANDS } from '../datasources/shared/segments';
import type { FollowerBand as FollowerBandName } from '../datasources/types';
import { enumFrom, TrustGateMode } from './enums';
import { FusionScore, FusionWeightsInput } from './fusion';
import { Kol } from './kol';
import { PageInfo } from './pagination';
import { PlainObjectType } from './object-type';

export const FollowerBand = enumFrom(FOLLOWER_BANDS);
export type FollowerBand = FollowerBandName;
registerEnumType(FollowerBand, {
  name: 'FollowerBand',
  description: 'Audience size band of a KOL, by followers.',
  valuesConfig: {
    NANO: { description: 'Fewer than 10,000 followers.' },
    MICRO: { description: '10,000 to 99,999 followers.' },
    MID: { description: '100,000 to 499,999 followers.' },
    MACRO: { description: '500,000 to 999,999 followers.' },
    MEGA: { description: '1,000,000 followers or more.' },
  },
});

@InputType({
  description:
    'Which KOLs to rank and how. Segment filters combine (all must hold); text values are matched the way they are stored (platform and category trimmed, spaces collapsed, lower case; country upper case; language lower case). Pages are keyset-paginated on (score, id): cursors stay valid while scores move. Give `first` (with `after`) to page forwards or `last` (with `before`) to page backwards.',
})
export class RankingInput {
  @Field(() => String, { nullable: true, description: 'Only this category.' })
  category?: string;

  @Field(() => String, { nullable: true, description: 'Only this platform.' })
  platform?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only this country (ISO 3166-1 alpha-2, e.g. US).',
  })
  country?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only this language (BCP 47 tag, e.g. en or pt-br).',
  })
  language?: string;

  @Field(() => FollowerBand, { nullable: true, description: 'Only this follower band.' })
  followerBand?: FollowerBand;

  @Field(() => Int, {
    nullable: true,
    description: 'Page size when paging forwards, 1-100 (default 20 when `last` is not given).',
  })
  first?: number;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the item after which the page starts (with `first`).',
  })
  after?: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Page size when paging backwards, 1-100: the last items before `before`.',
  })
  last?: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Cursor of the item before which the page ends (with `last`); without it, the bottom of the ranking.',
  })
  before?: string;

  @Field(() => FusionWeightsInput, {
    nullable: true,
    description:
      'Fusion weights (defaults documented on each). With the defaults and no trust gate a page is one read of the index the stores keep per segment; other weights or a gate rank the whole segment for each request (slower on large segments).',
  })
  weights?: FusionWeightsInput;

  @Field(() => Float, {
    nullable: true,
    description:
      'Trust gate τ (0-100): KOLs below it are excluded or down-weighted per `trustGate`. Default: no gate.',
  })
  minTrust?: number;

  @Field(() => TrustGateMode, {
    nullable: true,
    description: 'What the gate does (default EXCLUDE).',
  })
  trustGate?: TrustGateMode;

  @Field(() => Float, {
    nullable: true,
    description:
      'With trustGate DOWNWEIGHT: factor applied to the success weight of gated KOLs, 0-1 (default 0.5).',
  })
  gatedSuccessFactor?: number;
}

@PlainObjectType({ description: 'One ranked KOL.' })
export class RankedKol {
  @Field(() => Int, { description: '1-based position in the whole ranking (not just this page).' })
  rank!: number;

  @Field(() => Kol, { description: 'The KOL.' })
  kol!: Kol;

  @Field(() => FusionScore, { description: 'The fusion score it was ranked by.' })
  fusion!: FusionScore;
}

@PlainObjectType({ description: 'A ranked KOL with its cursor.' })
export class RankingEdge {
  @Field(() => String, { description: 'Opaque cursor of this position.' })
  cursor!: string;

  @Field(() => RankedKol, { description: 'The ranked KOL.' })
  node!: RankedKol;
}

@PlainObjectType({ description: 'A page of the fusion ranking, best first.' })
export class RankingConnection {
  @Field(() => [RankingEdge], { description: 'Ranked KOLs of this page.' })
  edges!: RankingEdge[];

  @Field(() => PageInfo, { description: 'Pagination state.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'KOLs in the ranking after gating (all pages), exact.' })
  totalCount!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the ranking is empty when a segment value is unknown, naming the known values (see the `segments` query); null otherwise.',
  })
  notice!: string | null;
}

@PlainObjectType({ description: 'One known value of a segment dimension.' })
export class SegmentCount {
  @Field(() => String, { description: 'The value, as stored and matched.' })
  value!: string;

  @Field(() => Int, { description: 'KOLs with this value (exact).' })
  count!: number;
}

@PlainObjectType({
  description:
    'The known values of every segment dimension with their KOL counts, most KOLs first.',
})
export class Segments {
  @Field(() => [SegmentCount], { description: 'Categories.' })
  categories!: SegmentCount[];

  @Field(() => [SegmentCount], { description: 'Platforms.' })
  platforms!: SegmentCount[];

  @Field(() => [SegmentCount], { description: 'Countries (KOLs without one are not counted).' })
  countries!: SegmentCount[];

  @Field(() => [SegmentCount], { description: 'Languages (KOLs without one are not counted).' })
  languages!: SegmentCount[];

  @Field(() => [SegmentCount], { description: 'Follower bands (NANO … MEGA).' })
  followerBands!: SegmentCount[];
}
