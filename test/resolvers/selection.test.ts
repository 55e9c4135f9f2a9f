import { Kind, parse, type FragmentDefinitionNode, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectsPath } from '../../resolvers/selection';

/** The parts of a resolve info selectsPath reads, for the first field of the operation. */
function infoOf(document: string): GraphQLResolveInfo {
  const ast = parse(document);
  const operation = ast.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
  const field = operation.selectionSet.selections[0];
  if (field?.kind !== Kind.FIELD) throw new Error('no field');
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of ast.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return { fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo;
}

const PATH = ['results', 'trust', 'reasons'];

describe('selectsPath', () => {
  it('finds a field selected directly, under an alias or through fragments', () => {
    expect(selectsPath(infoOf('{ s { results { trust { reasons { code } } } } }'), PATH)).toBe(
      true,
    );
    expect(
      selectsPath(infoOf('{ s { r: results { t: trust { why: reasons { code } } } } }'), PATH),
    ).toBe(true);
    expect(
      selectsPath(
        infoOf(
          '{ s { results { ... on R { trust { ...T } } } } } fragment T on X { reasons { code } }',
        ),
        PATH,
      ),
    ).toBe(true);
  });

  it('is false when the path is not selected, also a sibling of that name', () => {
    expect(selectsPath(infoOf('{ s { results { trust { trustScore } } } }'), PATH)).toBe(false);
    expect(selectsPath(infoOf('{ s { results { success { reasons { code } } } } }'), PATH)).toBe(
      false,
    );
    expect(selectsPath(infoOf('{ s { tookMs } }'), PATH)).toBe(false);
  });

  it('counts a conditional selection as selected and survives a fragment cycle', () => {
    expect(
      selectsPath(
        infoOf(
          'query ($x: Boolean!) { s { results { trust { reasons @include(if: $x) { code } } } } }',
        ),
        PATH,
      ),
    ).toBe(true);
    const cyclic = '{ s { results { ...A } } } fragment A on R { ...B } fragment B on R { ...A }';
    expect(selectsPath(infoOf(cyclic), PATH)).toBe(false);
  });
});
