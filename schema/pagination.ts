import { Field } from 'type-graphql';
import { PlainObjectType } from './object-type';

@PlainObjectType({ description: 'Relay-style page information.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow `endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, {
    description:
      'True when items precede `startCursor` (paging forwards from a cursor, or backwards short of the top).',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Cursor of the first item of this page; pass it as `before` for the previous page.',
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item of this page; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}
