import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { TrustGateMode } from './enums';
import { FusionScore, FusionWeightsInput } from './fusion';
import { Kol } from './kol';
import { PageInfo } from './pagination';

@InputType({ description: 'Which KOLs to rank and how.' })
export class RankingInput {
  @Field(() => String, { nullable: true, description: 'Only this category.' })
  category?: string;

  @Field(() => String, { nullable: true, description: 'Only this platform.' })
  platform?: string;

  @Field(() => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' })
  first?: number;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the item after which the page starts.',
  })
  after?: string;

  @Field(() => FusionWeightsInput, {
    nullable: true,
    description: 'Fusion weights (defaults documented on each).',
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

@ObjectType({ description: 'One ranked KOL.' })
export class RankedKol {
  @Field(() => Int, { description: '1-based position in the whole ranking (not just this page).' })
  rank!: number;

  @Field(() => Kol, { description: 'The KOL.' })
  kol!: Kol;

  @Field(() => FusionScore, { description: 'The fusion score it was ranked by.' })
  fusion!: FusionScore;
}

@ObjectType({ description: 'A ranked KOL with its cursor.' })
export class RankingEdge {
  @Field(() => String, { description: 'Opaque cursor of this position.' })
  cursor!: string;

  @Field(() => RankedKol, { description: 'The ranked KOL.' })
  node!: RankedKol;
}

@ObjectType({ description: 'A page of the fusion ranking, best first.' })
export class RankingConnection {
  @Field(() => [RankingEdge], { description: 'Ranked KOLs of this page.' })
  edges!: RankingEdge[];

  @Field(() => PageInfo, { description: 'Pagination state.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'KOLs in the ranking after gating (all pages).' })
  totalCount!: number;
}
