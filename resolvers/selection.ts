import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `path` (field names, aliases ignored) below the field being
 * resolved, through fragments of any kind. `@skip`/`@include` are not evaluated: a conditional
 * selection counts as selected, so the answer errs towards doing the work.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((node) =>
    node.selectionSet ? [node.selectionSet] : [],
  );
  for (const [depth, name] of path.entries()) {
    const next: SelectionSetNode[] = [];
    let found = false;
    const visit = (set: SelectionSetNode, seen: Set<string>): void => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value !== name) continue;
          found = true;
          if (selection.selectionSet) next.push(selection.selectionSet);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          visit(selection.selectionSet, seen);
        } else {
          const fragmentName = selection.name.value;
          const fragment = info.fragments[fragmentName];
          if (!fragment || seen.has(fragmentName)) continue;
          visit(fragment.selectionSet, new Set([...seen, fragmentName]));
        }
      }
    };
    for (const set of sets) visit(set, new Set());
    if (!found) return false;
    if (depth === path.length - 1) return true;
    sets = next;
  }
  return true;
}
