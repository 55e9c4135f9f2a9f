import { Field, Float, Int } from 'type-graphql';
import { MetricWindow } from './enums';
import { DateTimeScalar } from './scalars';
import { PlainObjectType } from './object-type';

@PlainObjectType({
  description: 'Aggregated activity of one KOL over one bucket of a rolling window.',
})
export class MetricPoint {
  @Field(() => String, { description: 'KOL the point belongs to.' })
  kolId!: string;

  @Field(() => MetricWindow, { description: 'Bucket width.' })
  window!: MetricWindow;

  @Field(() => DateTimeScalar, { description: 'Start of the bucket (UTC).' })
  bucketStart!: Date;

  @Field(() => Int, { description: 'Video/post views in the bucket.' })
  views!: number;

  @Field(() => Int, { description: 'Likes in the bucket.' })
  likes!: number;

  @Field(() => Int, { description: 'Comments in the bucket.' })
  comments!: number;

  @Field(() => Int, { description: 'Shares in the bucket.' })
  shares!: number;

  @Field(() => Int, { description: 'Clicks on tracked campaign links in the bucket.' })
  clicks!: number;

  @Field(() => Int, { description: 'Purchases attributed to the KOL in the bucket.' })
  orders!: number;

  @Field(() => Int, {
    description: 'Net follower change over the bucket (negative when they lost followers).',
  })
  followerDelta!: number;

  @Field(() => Float, { description: '(likes + comments + shares) / views; 0 without views.' })
  engagementRate!: number;

  @Field(() => Float, {
    description: 'Share of comments classified positive (0-1); 0 without comments.',
  })
  sentimentPositiveRatio!: number;

  @Field(() => Float, {
    description: 'Share of comments classified negative (0-1); 0 without comments.',
  })
  sentimentNegativeRatio!: number;
}
