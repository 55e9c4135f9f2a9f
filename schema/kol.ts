import { Field, Float, ID, Int } from 'type-graphql';
import { DateTimeScalar } from './scalars';
import { PlainObjectType } from './object-type';

@PlainObjectType({
  description:
    'A key opinion leader (influencer) account. Scores, metrics and alerts are resolved on demand and batched per request. Optional profile fields are null when the source (upsertKols, the import CLI, a Kafka profile event) did not report them.',
})
export class Kol {
  @Field(() => ID, { description: 'Gateway-wide KOL id.' })
  id!: string;

  @Field(() => String, {
    description:
      'Platform label as given by the source (your own taxonomy), stored trimmed, with runs of spaces collapsed and in lower case, e.g. tiktok.',
  })
  platform!: string;

  @Field(() => String, { description: 'Account handle on its platform, without the @.' })
  handle!: string;

  @Field(() => String, { description: 'Display name.' })
  displayName!: string;

  @Field(() => String, {
    description:
      'Content category as given by the source (your own taxonomy), normalised like `platform`, e.g. beauty.',
  })
  category!: string;

  @Field(() => Int, { description: 'Followers at the last profile snapshot.' })
  followers!: number;

  @Field(() => Int, { description: 'Accounts this KOL follows.' })
  following!: number;

  @Field(() => Int, { description: 'Posts published.' })
  posts!: number;

  @Field(() => Boolean, { description: 'Platform-verified account.' })
  verified!: boolean;

  @Field(() => Float, {
    nullable: true,
    description: 'Lifetime likes/favourites received; null when not reported.',
  })
  favoritesCount!: number | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the account was created on its platform; null when not reported.',
  })
  accountCreatedAt!: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Has a biography (reported, or derived from a reported bioLength); null when neither was reported.',
  })
  hasBio!: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Characters in the biography; null when not reported.',
  })
  bioLength!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Has a link in the profile; null when not reported.',
  })
  hasUrl!: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Has a profile picture; null when not reported.',
  })
  hasProfileImage!: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Private profile; null when not reported.',
  })
  isPrivate!: boolean | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Asking price of one sponsored post, in `currency`; null when not reported.',
  })
  pricePerPost!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 4217 code (upper case) of `pricePerPost`; null when not reported.',
  })
  currency!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 3166-1 alpha-2 country code (upper case); null when not reported.',
  })
  country!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'BCP 47 language tag (lower case), e.g. en or pt-br; null when not reported.',
  })
  language!: string | null;

  @Field(() => DateTimeScalar, {
    description:
      'When the profile was last observed (the source’s updatedAt); an older row never overwrites it.',
  })
  updatedAt!: Date;
}
