import { Field, Float, ID, InputType } from 'type-graphql';
import { AlertType, Severity } from './enums';
import { PageInfo } from './pagination';
import { DateTimeScalar } from './scalars';
import { PlainObjectType } from './object-type';

@PlainObjectType({
  description: 'Something unusual measured on a KOL. It states a measurement, not a verdict.',
})
export class Alert {
  @Field(() => ID, { description: 'Deterministic id: the same event never raises two alerts.' })
  id!: string;

  @Field(() => ID, { description: 'KOL the alert is about.' })
  kolId!: string;

  @Field(() => AlertType, { description: 'What was measured.' })
  type!: AlertType;

  @Field(() => Severity, { description: 'How unusual the measurement is.' })
  severity!: Severity;

  @Field(() => Float, {
    description: 'Measured value (σ, percent, ratio or PSI, depending on the type).',
  })
  value!: number;

  @Field(() => Float, { description: 'Threshold the value crossed.' })
  threshold!: number;

  @Field(() => String, { description: 'Time span measured, e.g. `H1` or `3h`.' })
  window!: string;

  @Field(() => String, { description: 'Human-readable description of the measurement.' })
  message!: string;

  @Field(() => DateTimeScalar, { description: 'When the alert was raised (UTC).' })
  createdAt!: Date;
}

@InputType({ description: 'Alert filter; all given conditions must hold.' })
export class AlertFilter {
  @Field(() => [ID], {
    nullable: true,
    description: 'Only alerts about these KOLs (at most 1,000).',
  })
  kolIds?: string[];

  @Field(() => [AlertType], { nullable: true, description: 'Only these alert types.' })
  types?: AlertType[];

  @Field(() => Severity, { nullable: true, description: 'Only this severity and above.' })
  minSeverity?: Severity;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'Only alerts created at or after this time. On the subscription, stored alerts since then are replayed first, then live ones follow.',
  })
  since?: Date;
}

@PlainObjectType({ description: 'An alert with its pagination cursor.' })
export class AlertEdge {
  @Field(() => String, { description: 'Opaque cursor of this alert.' })
  cursor!: string;

  @Field(() => Alert, { description: 'The alert.' })
  node!: Alert;
}

@PlainObjectType({ description: 'A page of alerts, newest first.' })
export class AlertConnection {
  @Field(() => [AlertEdge], { description: 'Alerts of this page.' })
  edges!: AlertEdge[];

  @Field(() => PageInfo, { description: 'Pagination state.' })
  pageInfo!: PageInfo;
}
