import { Field, Float, ID, registerEnumType } from 'type-graphql';
import type { ModelRegistryEvent } from '../datasources/types';
import { enumFrom } from './enums';
import { DateTimeScalar } from './scalars';
import { PlainObjectType } from './object-type';

const MODEL_EVENT_ACTIONS = [
  'PROMOTE',
  'ROLLBACK',
  'SET_CANARY_SHARE',
] as const satisfies readonly ModelRegistryEvent['action'][];

export const ModelEventAction = enumFrom(MODEL_EVENT_ACTIONS);
export type ModelEventAction = (typeof MODEL_EVENT_ACTIONS)[number];
registerEnumType(ModelEventAction, {
  name: 'ModelEventAction',
  description: 'What changed in the model registry.',
  valuesConfig: {
    PROMOTE: { description: 'A version became Production (the previous one was archived).' },
    ROLLBACK: { description: 'The Production version replaced by the last promotion came back.' },
    SET_CANARY_SHARE: { description: 'The Staging version’s share of traffic changed.' },
  },
});

@PlainObjectType({
  description: 'One change of a model’s serving state, as the registry recorded it.',
})
export class ModelEvent implements ModelRegistryEvent {
  @Field(() => ID, { description: 'Event id.' })
  id!: string;

  @Field(() => String, { description: 'Model name.' })
  model!: string;

  @Field(() => ModelEventAction, { description: 'What changed.' })
  action!: ModelEventAction;

  @Field(() => String, {
    nullable: true,
    description:
      'Version the action named (the promoted one; null for rollbacks and canary changes).',
  })
  version!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Production version before the change (null when there was none).',
  })
  fromVersion!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Production version after the change.',
  })
  toVersion!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'New canary share (0-1) of SET_CANARY_SHARE; null otherwise.',
  })
  canaryShare!: number | null;

  @Field(() => String, {
    description: 'Who made the change: the API key id (never the key), or `system`.',
  })
  actor!: string;

  @Field(() => DateTimeScalar, { description: 'When the change was made (UTC).' })
  at!: Date;
}
