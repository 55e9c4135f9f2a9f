import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isInputObjectType,
  isObjectType,
  isEnumType,
  type GraphQLField,
  type GraphQLInputField,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema, printGatewaySchema } from '../../resolvers/build-schema';

describe('schema', () => {
  it('matches the committed schema/schema.graphql (run `npm run schema:print` after changing types)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(await printGatewaySchema()).toBe(committed);
  });

  it('documents every type, field, argument and enum value', async () => {
    const schema = await buildGatewaySchema();
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description) undocumented.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        const fields: (GraphQLField<unknown, unknown> | GraphQLInputField)[] = isObjectType(type)
          ? Object.values<GraphQLField<unknown, unknown>>(type.getFields())
          : Object.values<GraphQLInputField>(type.getFields());
        for (const field of fields) {
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
          if ('args' in field) {
            for (const arg of field.args)
              if (!arg.description) undocumented.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues())
          if (!value.description) undocumented.push(`${type.name}.${value.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('keeps the contract names of SPEC section 3', async () => {
    const sdl = await printGatewaySchema();
    for (const fragment of [
      'enum RiskLevel',
      'enum SuccessTier',
      'enum MetricWindow',
      'enum PredictionSource',
      'enum AlertType',
      'enum Severity',
      'kol(',
      'kols(',
      'ranking(',
      'alerts(',
      'metricUpdates(',
    ]) {
      expect(sdl).toContain(fragment);
    }
  });
});
