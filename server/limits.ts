import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * Rejects operations nested deeper than `maxDepth` fields (fragments are followed), which bounds the
 * work a single query can ask for before anything executes.
 */
export function depthLimitRule(maxDepth: number): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }
    const depthOf = (set: SelectionSetNode, seen: Set<string>): number => {
      let deepest = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const below = selection.selectionSet ? depthOf(selection.selectionSet, seen) : 0;
          deepest = Math.max(deepest, 1 + below);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || seen.has(name)) continue;
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, name])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(
              `Query depth ${depth} exceeds the limit of ${maxDepth}; split it into several queries.`,
              {
                nodes: [node],
                extensions: { code: 'BAD_USER_INPUT' },
              },
            ),
          );
        }
      },
    };
  };
}

/** Fixed-window request counter per caller: simple, bounded memory, good enough for one replica. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Returns seconds to wait when the caller is over its limit, 0 when the request may proceed. */
  take(callerId: string): number {
    if (this.limitPerMinute <= 0) return 0;
    const now = this.clock();
    const current = this.windows.get(callerId);
    if (!current || now - current.start >= 60_000) {
      this.windows.set(callerId, { start: now, count: 1 });
      if (this.windows.size > 100_000) this.evictOld(now);
      return 0;
    }
    current.count++;
    return current.count > this.limitPerMinute
      ? Math.ceil((current.start + 60_000 - now) / 1000)
      : 0;
  }

  private evictOld(now: number): void {
    for (const [id, window] of this.windows)
      if (now - window.start >= 60_000) this.windows.delete(id);
  }
}
