import { Arg, Ctx, ID, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import type {
  Alert as AlertRecord,
  AlertFilter as DomainAlertFilter,
  MetricPoint as MetricRecord,
} from '../domain/types';
import { METRIC_WINDOWS } from '../domain/types';
import { Alert, AlertConnection, AlertFilter } from '../schema/alert';
import { MetricWindow } from '../schema/enums';
import { MetricPoint } from '../schema/metric';
import type { GatewayContext } from './context';
import { badUserInput, notFound } from './errors';
import { alertStream, metricStream } from '../subscriptions/streams';
import { decodeAlertCursor, encodeAlertCursor, pageSize } from './pagination';

export const MAX_FILTER_KOL_IDS = 1_000;

/** graphql-js has coerced the argument to an enum value already; this only narrows its type. */
function metricWindowArg(value: unknown): MetricWindow {
  const window = METRIC_WINDOWS.find((w) => w === value);
  if (!window) throw badUserInput(`Unknown window ${String(value)}.`, { argument: 'window' });
  return window;
}

function toDomainFilter(filter: AlertFilter | null | undefined): DomainAlertFilter {
  if (!filter) return {};
  if (filter.kolIds && filter.kolIds.length > MAX_FILTER_KOL_IDS) {
    throw badUserInput(
      `\`filter.kolIds\` takes at most ${MAX_FILTER_KOL_IDS} ids (got ${filter.kolIds.length}).`,
      { argument: 'filter.kolIds' },
    );
  }
  return {
    kolIds: filter.kolIds ?? undefined,
    types: filter.types ?? undefined,
    minSeverity: filter.minSeverity ?? undefined,
    since: filter.since ?? undefined,
  };
}

interface SubscriptionArgs {
  args: Record<string, unknown>;
  context: GatewayContext;
}

@Resolver()
export class AlertResolver {
  @Query(() => AlertConnection, { description: 'Stored alerts, newest first, cursor-paginated.' })
  async alerts(
    @Arg('filter', () => AlertFilter, { nullable: true, description: 'Which alerts.' })
    filter: AlertFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, {
      nullable: true,
      description: 'Cursor of the alert after which the page starts.',
    })
    after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<AlertConnection> {
    const size = pageSize(first);
    const key = ctx.services.cursorKey;
    const cursor = after ? decodeAlertCursor(key, after, 'after', ctx.now) : undefined;
    const page = await ctx.services.data.alerts.query(toDomainFilter(filter), size, cursor);
    const edges = page.alerts.map((alert) => ({
      cursor: encodeAlertCursor(key, alert.createdAt, alert.id),
      node: alert,
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        // Paging forwards from a cursor, at least the alert of that cursor comes before.
        hasPreviousPage: cursor !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Subscription(() => Alert, {
    name: 'alerts',
    description:
      'Live alerts as they are raised. With `filter.since`, stored alerts since then are replayed first (oldest first, at most 1,000), then live ones follow without duplicates.',
    subscribe: ({ args, context }: SubscriptionArgs) => {
      const filter = toDomainFilter(args.filter as AlertFilter | undefined);
      const { feed, data, logger } = context.services;
      return alertStream(feed, data.alerts, filter, (error) =>
        logger.warn({ err: error }, 'alert replay failed; continuing with live alerts'),
      );
    },
  })
  alertsSubscription(
    @Root() alert: AlertRecord,
    @Arg('filter', () => AlertFilter, { nullable: true, description: 'Which alerts.' })
    _filter: AlertFilter | null,
  ): Alert {
    return alert;
  }

  @Subscription(() => MetricPoint, {
    description: 'Rolling-metric updates of one KOL and window, as buckets change.',
    subscribe: async ({ args, context }: SubscriptionArgs) => {
      const kolId = String(args.kolId);
      const [profile] = await context.services.data.profiles.getMany([kolId]);
      if (!profile) throw notFound(`No KOL with id ${kolId}.`, { argument: 'kolId' });
      return metricStream(context.services.feed, kolId, metricWindowArg(args.window));
    },
  })
  metricUpdates(
    @Root() point: MetricRecord,
    @Arg('kolId', () => ID, { description: 'KOL to follow.' }) _kolId: string,
    @Arg('window', () => MetricWindow, { description: 'Bucket width to follow.' })
    _window: MetricWindow,
  ): MetricPoint {
    return point;
  }
}
