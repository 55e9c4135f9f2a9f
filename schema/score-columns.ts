import { GraphQLBoolean } from 'graphql';
import { Field, Float, ID, InputType } from 'type-graphql';

// Boolean columns are declared with graphql's own scalar: type-graphql then hands the coerced list
// over as it is (with the Boolean constructor it copies every column item by item).
@InputType({
  description:
    'Trust inputs of many rows as columns (the fields of TrustInput, one list each, all of the same length). Cheaper to send and to parse than one object per row.',
})
export class TrustColumnsInput {
  @Field(() => [Float], { description: 'Followers. One value per row.' })
  followersCount!: number[];

  @Field(() => [Float], { description: 'Accounts followed. One value per row.' })
  followingCount!: number[];

  @Field(() => [Float], { description: 'Posts published. One value per row.' })
  postCount!: number[];

  @Field(() => [Float], {
    nullable: 'itemsAndList',
    description:
      'Lifetime likes/favourites received. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  favoritesCount?: (number | null)[];

  @Field(() => [Float], {
    nullable: 'itemsAndList',
    description:
      'Account age in days. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  accountAgeDays?: (number | null)[];

  @Field(() => [GraphQLBoolean], {
    nullable: 'itemsAndList',
    description:
      'Platform-verified. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  verified?: (boolean | null)[];

  @Field(() => [GraphQLBoolean], {
    nullable: 'itemsAndList',
    description:
      'Has a biography. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  hasBio?: (boolean | null)[];

  @Field(() => [GraphQLBoolean], {
    nullable: 'itemsAndList',
    description:
      'Has a link in the profile. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  hasUrl?: (boolean | null)[];

  @Field(() => [GraphQLBoolean], {
    nullable: 'itemsAndList',
    description:
      'Has a profile picture. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  hasProfileImage?: (boolean | null)[];

  @Field(() => [Float], {
    nullable: 'itemsAndList',
    description:
      'Characters in the biography. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  bioLength?: (number | null)[];

  @Field(() => [GraphQLBoolean], {
    nullable: 'itemsAndList',
    description:
      'Private profile. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  isPrivate?: (boolean | null)[];

  @Field(() => [Float], {
    nullable: 'itemsAndList',
    description:
      'Characters in the username. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  usernameLength?: (number | null)[];

  @Field(() => [Float], {
    nullable: 'itemsAndList',
    description:
      'Digits in the username. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  usernameDigitCount?: (number | null)[];
}

@InputType({
  description:
    'Success inputs of many rows as columns (the fields of SuccessInput, one list each, all of the same length).',
})
export class SuccessColumnsInput {
  @Field(() => [Float], { description: 'Video views. One value per row.' })
  videoViews!: number[];

  @Field(() => [Float], { description: 'Video likes. One value per row.' })
  videoLikes!: number[];

  @Field(() => [Float], { description: 'Video comments. One value per row.' })
  videoComments!: number[];

  @Field(() => [Float], { description: 'Video shares. One value per row.' })
  videoShares!: number[];

  @Field(() => [Float], {
    nullable: 'itemsAndList',
    description:
      'likes + comments + shares. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  engagementTotal?: (number | null)[];

  @Field(() => [Float], {
    nullable: 'itemsAndList',
    description:
      'engagementTotal / views. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  engagementRate?: (number | null)[];

  @Field(() => [Float], {
    nullable: 'itemsAndList',
    description:
      'Estimated link clicks. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  estClicks?: (number | null)[];

  @Field(() => [Float], {
    nullable: 'itemsAndList',
    description:
      'Estimated click-through rate 0-1. One value per row; null (or the whole column omitted) takes the TrustInput/SuccessInput default.',
  })
  estCtr?: (number | null)[];

  @Field(() => [Float], {
    description: 'Price of the product promoted (currency units). One value per row.',
  })
  price!: number[];
}

@InputType({
  description:
    'Raw rows as columns: every given list has one value per row, in row order. Give `trust`, `success` or both (then of the same length).',
})
export class ScoreColumnsInput {
  @Field(() => [ID], {
    nullable: 'itemsAndList',
    description: 'KOL of each row (echoed in the result); null entries for rows without one.',
  })
  kolId?: (string | null)[];

  @Field(() => TrustColumnsInput, { nullable: true, description: 'Trust inputs per row.' })
  trust?: TrustColumnsInput;

  @Field(() => SuccessColumnsInput, { nullable: true, description: 'Success inputs per row.' })
  success?: SuccessColumnsInput;
}
