import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { PolicySettings } from './policy-settings';

type Reject = (context: ValidationContext | null, error: GraphQLError) => void;

/** Reports a limit as a BAD_USER_INPUT validation error instead of throwing out of validation. */
function reportAs(message: (libraryMessage: string) => string): Reject {
  return (context, error) => {
    context?.reportError(
      new GraphQLError(message(error.message), { extensions: { code: 'BAD_USER_INPUT' } }),
    );
  };
}

/**
 * The validation rules both transports add to graphql-js's: depth (fields below fields, fragments
 * flattened and computed once each, introspection included), aliases and directives per operation
 * (graphql-armor), and no introspection unless it is enabled.
 */
export function operationLimitRules(settings: PolicySettings): ValidationRule[] {
  const rules: ValidationRule[] = [
    maxDepthRule({
      n: settings.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: false,
      propagateOnRejection: false,
      onReject: [
        reportAs((text) => {
          const found = /found (\d+)/.exec(text)?.[1] ?? '?';
          return `Query depth ${found} exceeds the limit of ${settings.maxDepth}; split it into several queries.`;
        }),
      ],
    }),
    maxAliasesRule({
      n: settings.maxAliases,
      propagateOnRejection: false,
      onReject: [reportAs(() => `Too many aliases: at most ${settings.maxAliases} per operation.`)],
    }),
    maxDirectivesRule({
      n: settings.maxDirectives,
      propagateOnRejection: false,
      onReject: [
        reportAs(() => `Too many directives: at most ${settings.maxDirectives} per operation.`),
      ],
    }),
  ];
  if (!settings.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}
