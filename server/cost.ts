import {
  getNamedType,
  isCompositeType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  OperationTypeNode,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** Page size assumed when a paged field's `first`/`last` is omitted (the largest default in the schema). */
const DEFAULT_PAGE = 20;
/** Largest multiplier one field can contribute: the largest list the schema accepts (10,000 ids or
 * rows), so an over-long list reaches the resolver that names the real limit. */
const MAX_MULTIPLIER = 10_000;
/** Arguments whose value (a count, or a list's length) says how many items the field returns. */
const SIZE_ARGUMENTS = new Set(['ids', 'first', 'last', 'rows']);
/** Fields of an `input` object argument that size the result (ranking's `first`, scoreKols' items). */
const INPUT_SIZE_FIELDS = new Set(['first', 'last', 'kolIds', 'rows', 'ids']);
/**
 * Fields that compute rather than read, with their own weight instead of 1 (calibrated on this
 * 2-core machine, 10,000 KOLs: one unit is about 5 µs of CPU). A trust, success or fusion score may
 * run a model or recompute a blend per KOL; a ranking with custom weights or gates recomputes the
 * blend for every stored KOL instead of reading the precomputed order.
 */
const FIELD_WEIGHTS: Record<string, number> = {
  'Kol.trust': 15,
  'Kol.success': 15,
  'Kol.fusion': 15,
  'Query.ranking': 1_500,
};
const RECOMPUTED_RANKING_WEIGHT = 8_000;
/** Ranking input fields that only filter or page the precomputed order. */
const RANKING_READ_FIELDS = new Set([
  'first',
  'last',
  'after',
  'before',
  'category',
  'platform',
  'country',
  'language',
  'followerBand',
  'segment',
]);
/** Introspection lists have no size argument; these bound what one level can return. */
const INTROSPECTION_LIST_SIZES: Record<string, number> = {
  '__Schema.types': 100,
  '__Schema.directives': 10,
  '__Type.fields': 30,
  '__Type.inputFields': 30,
  '__Type.enumValues': 20,
  '__Type.interfaces': 5,
  '__Type.possibleTypes': 10,
  '__Field.args': 10,
  '__Directive.args': 10,
};

/**
 * Estimated cost of an operation: every selected field costs 1, and a field whose arguments size a
 * list (`ids`, `first`, `last`, `rows`, a list-valued `input`, or an `input` object with such fields)
 * multiplies the cost of everything selected below it. Each fragment's cost is computed once, so the
 * estimate is linear in the document however often fragments are spread.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): number {
  return estimateCost(schema, document, operation, variables).cost;
}

/**
 * The estimate, whether variables entered it, and which: with the same values for those variables
 * the estimate is the same (without any, it holds for every request of the document).
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): { cost: number; usesVariables: boolean; variableNames: ReadonlySet<string> } {
  const variableNames = new Set<string>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const fragmentCosts = new Map<string, number>();
  const vars = variables ?? {};

  const selectionCost = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
  ): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        total += selectionCost(
          selection.selectionSet,
          condition && isCompositeType(condition) ? condition : undefined,
        );
      } else {
        const name = selection.name.value;
        let cost = fragmentCosts.get(name);
        if (cost === undefined) {
          fragmentCosts.set(name, 0); // a cycle (invalid anyway) counts nothing the second time
          const fragment = fragments.get(name);
          const condition = fragment
            ? schema.getType(fragment.typeCondition.name.value)
            : undefined;
          cost = fragment
            ? selectionCost(
                fragment.selectionSet,
                condition && isCompositeType(condition) ? condition : undefined,
              )
            : 0;
          fragmentCosts.set(name, cost);
        }
        total += cost;
      }
    }
    return total;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLCompositeType | undefined): number => {
    const definition =
      parent && isObjectType(parent) ? fieldDefinition(parent, node.name.value) : undefined;
    if (!node.selectionSet) return 1;
    const child = definition ? getNamedType(definition.type) : undefined;
    const below = selectionCost(
      node.selectionSet,
      child && isCompositeType(child) ? child : undefined,
    );
    for (const argument of node.arguments ?? []) {
      if (SIZE_ARGUMENTS.has(argument.name.value) || argument.name.value === 'input') {
        collectVariables(argument.value, variableNames);
      }
    }
    const key = parent ? `${parent.name}.${node.name.value}` : '';
    const multiplier =
      INTROSPECTION_LIST_SIZES[key] ?? (definition ? sizeOf(node, definition, vars) : 1);
    return weightOf(key, node, vars) + multiplier * below;
  };

  const root =
    operation.operation === OperationTypeNode.QUERY
      ? schema.getQueryType()
      : operation.operation === OperationTypeNode.MUTATION
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const cost = selectionCost(operation.selectionSet, root ?? undefined);
  return { cost, usesVariables: variableNames.size > 0, variableNames };
}

function collectVariables(node: ValueNode, names: Set<string>): void {
  if (node.kind === Kind.VARIABLE) names.add(node.name.value);
  else if (node.kind === Kind.LIST) for (const value of node.values) collectVariables(value, names);
  else if (node.kind === Kind.OBJECT)
    for (const field of node.fields) collectVariables(field.value, names);
}

function weightOf(key: string, node: FieldNode, vars: Readonly<Record<string, unknown>>): number {
  const weight = FIELD_WEIGHTS[key] ?? 1;
  if (key !== 'Query.ranking') return weight;
  const input = node.arguments?.find((a) => a.name.value === 'input');
  const value = input ? valueFromASTUntyped(input.value, vars) : undefined;
  if (typeof value !== 'object' || value === null) return weight;
  const recomputes = Object.entries(value as Record<string, unknown>).some(
    ([name, given]) => given !== null && given !== undefined && !RANKING_READ_FIELDS.has(name),
  );
  return recomputes ? RECOMPUTED_RANKING_WEIGHT : weight;
}

function fieldDefinition(
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (!isObjectType(parent)) return undefined;
  return parent.getFields()[name];
}

/** How many items the field's arguments ask for; 1 when none of them sizes the result. */
function sizeOf(
  node: FieldNode,
  definition: GraphQLField<unknown, unknown>,
  vars: Readonly<Record<string, unknown>>,
): number {
  let size = 0;
  let sized = false;
  for (const argument of definition.args) {
    const given = node.arguments?.find((a) => a.name.value === argument.name);
    const value = given ? valueOf(given.value, vars) : undefined;
    if (SIZE_ARGUMENTS.has(argument.name)) {
      sized = true;
      size += countOf(value, argument.name === 'first' || argument.name === 'last');
    } else if (argument.name === 'input') {
      if (Array.isArray(value) || isListType(unwrap(argument.type))) {
        sized = true;
        size += countOf(value, false);
      } else if (isInputObjectType(unwrap(argument.type))) {
        const fields = (value ?? {}) as Record<string, unknown>;
        const type = unwrap(argument.type);
        if (isInputObjectType(type)) {
          for (const name of Object.keys(type.getFields())) {
            if (!INPUT_SIZE_FIELDS.has(name)) continue;
            sized = true;
            size += countOf(fields[name], name === 'first' || name === 'last');
          }
        }
      }
    }
  }
  if (!sized) return 1;
  return Math.min(MAX_MULTIPLIER, Math.max(1, size));
}

function unwrap(type: GraphQLType): GraphQLType {
  return isNonNullType(type) ? type.ofType : type;
}

function valueOf(node: ValueNode, vars: Readonly<Record<string, unknown>>): unknown {
  return valueFromASTUntyped(node, vars);
}

/** A list counts its items, a number counts itself; a page size left out counts the default page. */
function countOf(value: unknown, pageSize: boolean): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.floor(value));
  return pageSize && (value === undefined || value === null) ? DEFAULT_PAGE : 0;
}
