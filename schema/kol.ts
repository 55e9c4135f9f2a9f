import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars';

@ObjectType({
  description:
    'A key opinion leader (influencer) account. Scores, metrics and alerts are resolved on demand and batched per request.',
})
export class Kol {
  @Field(() => ID, { description: 'Gateway-wide KOL id.' })
  id!: string;

  @Field(() => String, { description: 'Platform of the account: tiktok, instagram, youtube or x.' })
  platform!: string;

  @Field(() => String, { description: 'Account handle on its platform, without the @.' })
  handle!: string;

  @Field(() => String, { description: 'Display name.' })
  displayName!: string;

  @Field(() => String, { description: 'Content category, e.g. beauty, gaming, food.' })
  category!: string;

  @Field(() => Int, { description: 'Followers at the last profile snapshot.' })
  followers!: number;

  @Field(() => Int, { description: 'Accounts this KOL follows.' })
  following!: number;

  @Field(() => Int, { description: 'Posts published.' })
  posts!: number;

  @Field(() => Boolean, { description: 'Platform-verified account.' })
  verified!: boolean;

  @Field(() => DateTimeScalar, { description: 'When the account was created on its platform.' })
  accountCreatedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the profile was last refreshed.' })
  updatedAt!: Date;
}
