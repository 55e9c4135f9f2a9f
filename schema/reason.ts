import { Field, Float } from 'type-graphql';
import { PlainObjectType } from './object-type';

@PlainObjectType({
  description: 'One factor behind a score, in words a brand manager understands.',
})
export class Reason {
  @Field(() => String, {
    description: 'Stable machine code of the factor, e.g. `RULE_SUSPICIOUS_GROWTH`.',
  })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation.' })
  message!: string;

  @Field(() => Float, {
    description: 'Signed effect on the score: positive pushes it up, negative pushes it down.',
  })
  impact!: number;
}
