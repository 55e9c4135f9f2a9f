import {
  getNamedType,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  OperationTypeNode,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import type { Logger } from 'pino';
import type { Caller } from '../resolvers/auth';
import { gatewayError } from '../resolvers/errors';
import { estimateCost } from './cost';
import { formatGatewayError, presentError } from './format-error';
import { Identity } from './identity';
import { operationLimitRules } from './operation-limits';
import { RateLimitedError, RateLimits } from './rate-limits';
import type { PolicySettings } from './policy-settings';
import { TrustedDocuments, type OperationPayload } from './trusted-documents';

export type Transport = 'http' | 'ws';

/** An identified caller that has passed the request budgets. */
export interface Admission {
  caller: Caller;
  /** Key of the caller's budgets: the key id, or the address for anonymous callers. */
  budgetKey: string;
  ip: string;
  transport: Transport;
}

/** Mutations that change what every caller sees; each one is written to the audit log. */
const ADMIN_ACTIONS = new Set(['promoteModel', 'rollbackModel', 'setCanaryShare', 'upsertKols']);
/** Longest ID (and element of an ID list) accepted in arguments and variables. */
export const MAX_ID_LENGTH = 256;

/**
 * The one operation policy of both transports: authentication, request and cost budgets, document
 * limits, validation, trusted documents, error presentation and the audit log. HTTP (Apollo) and
 * WebSocket (graphql-ws) call the same methods at the same points.
 */
export class OperationPolicy {
  readonly validationRules: ValidationRule[];
  readonly identity: Identity;
  readonly limits: RateLimits;
  readonly trusted: TrustedDocuments | undefined;
  private readonly allRules: ValidationRule[];
  /** Estimated costs per parsed operation: one number, or by the values of the variables in it. */
  private readonly costs = new WeakMap<OperationDefinitionNode, number | VariableCosts>();
  /** Per parsed operation, its variables whose values can hold an ID (checked for length). */
  private readonly idVariables = new WeakMap<OperationDefinitionNode, readonly TypedVariable[]>();

  constructor(
    readonly schema: GraphQLSchema,
    readonly settings: PolicySettings,
    private readonly logger: Logger,
  ) {
    this.validationRules = operationLimitRules(settings);
    this.allRules = [...specifiedRules, ...this.validationRules];
    this.identity = new Identity(settings, logger);
    this.limits = new RateLimits(settings);
    this.trusted = settings.trustedDocumentsFile
      ? new TrustedDocuments(settings.trustedDocumentsFile)
      : undefined;
  }

  /**
   * Before any document is read: refuses addresses blocked for failed authentications, identifies
   * the caller (counting and auditing failures), then spends one request of the address's and the
   * caller's budgets. Throws a GraphQLError with its code (and HTTP status) on refusal.
   */
  async admit(
    credential: string | undefined,
    ip: string,
    transport: Transport,
  ): Promise<Admission> {
    try {
      // Each step awaits only when it has asynchronous work (a limiter, a bearer token).
      if (this.limits.watchesAuthentications) await this.limits.assertNotBlocked(ip);
      let caller: Caller;
      try {
        const identified = this.identity.identify(credential);
        caller = identified instanceof Promise ? await identified : identified;
      } catch (error) {
        await this.limits.authenticationFailed(ip);
        this.audit('authentication_failed', {
          ip,
          transport,
          reason: error instanceof Error ? error.message : 'unknown',
        });
        throw error;
      }
      const budgetKey = caller.keyId === 'anonymous' ? `anonymous@${ip}` : caller.keyId;
      if (this.limits.countsRequests) await this.limits.request(budgetKey, ip);
      return { caller, budgetKey, ip, transport };
    } catch (error) {
      refusal(error);
    }
  }

  /** One more request from an admitted caller (each operation on a WebSocket spends one). */
  async chargeRequest(admission: Admission): Promise<void> {
    await this.limits.request(admission.budgetKey, admission.ip).catch(refusal);
  }

  /** graphql-js parsing with the token limit; a syntax error comes back as BAD_USER_INPUT. */
  parse(source: string): DocumentNode {
    try {
      return parse(source, { maxTokens: this.settings.maxTokens, noLocation: false });
    } catch (error) {
      if (error instanceof GraphQLError) {
        throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      throw error;
    }
  }

  /** graphql-js's rules plus the operation limits (the same list Apollo runs). */
  validate(document: DocumentNode): readonly GraphQLError[] {
    return validate(this.schema, document, this.allRules, { maxErrors: 20 });
  }

  /** The document a payload asks for: the payload's own, or a trusted one when the safelist is on. */
  documentOf(payload: OperationPayload): string {
    if (this.trusted) return this.trusted.resolve(payload);
    if (typeof payload.query !== 'string' || payload.query === '') {
      throw gatewayError('BAD_USER_INPUT', 'The request has no GraphQL document (`query`).');
    }
    return payload.query;
  }

  /**
   * After validation, before execution: argument lengths, the role's cost budget and the caller's
   * per-minute cost budget. Returns the estimated cost.
   */
  async checkOperation(
    admission: Admission,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | undefined,
  ): Promise<number> {
    let idVariables = this.idVariables.get(operation);
    if (!idVariables) {
      idVariables = variablesHoldingIds(this.schema, operation);
      this.idVariables.set(operation, idVariables);
    }
    for (const { name, type } of idVariables) {
      if (!idsFit(type, variables?.[name], 0)) throw idTooLong(`Variable $${name}`);
    }
    const cost = this.costOf(document, operation, variables);
    const budget = this.settings.costBudgets[admission.caller.role];
    if (cost > budget) {
      throw gatewayError(
        'BAD_USER_INPUT',
        `Query cost ${cost} exceeds the budget of ${budget} for the ${admission.caller.role} role; ask for fewer items or split the query.`,
        { cost, budget },
      );
    }
    if (this.limits.chargesCost && cost > 0) {
      await this.limits.chargeCost(admission.budgetKey, cost).catch(refusal);
    }
    if (operation.operation === OperationTypeNode.MUTATION)
      this.auditAdminAction(admission, operation);
    return cost;
  }

  /**
   * The operation's estimated cost, estimated once per parsed operation (Apollo and the WebSocket
   * reuse one parsed document per text) or, when variables enter it, once per distinct values of
   * those variables; literal IDs are checked when the operation is first seen.
   */
  private costOf(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | undefined,
  ): number {
    const known = this.costs.get(operation);
    if (typeof known === 'number') return known;
    if (known) {
      const key = costKey(known.variableNames, variables);
      const cached = key === undefined ? undefined : known.byValues.get(key);
      if (cached !== undefined) return cached;
      const cost = estimateCost(this.schema, document, operation, variables).cost;
      if (key !== undefined) remember(known, key, cost);
      return cost;
    }
    checkLiteralIds(document);
    const estimate = estimateCost(this.schema, document, operation, variables);
    if (!estimate.usesVariables) {
      this.costs.set(operation, estimate.cost);
      return estimate.cost;
    }
    const entry: VariableCosts = {
      variableNames: [...estimate.variableNames],
      byValues: new Map(),
    };
    this.costs.set(operation, entry);
    const key = costKey(entry.variableNames, variables);
    if (key !== undefined) remember(entry, key, estimate.cost);
    return estimate.cost;
  }

  /** Maps, masks and bounds one error for the client (both transports). */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    return presentError(formatGatewayError(formatted, error, this.logger), {
      hideSchemaDetails: this.settings.production,
    });
  }

  /** One structured line per security-relevant event, marked `audit: true`. */
  audit(event: string, fields: Record<string, unknown>): void {
    this.logger.info({ audit: true, event, ...fields }, `audit: ${event}`);
  }

  async close(): Promise<void> {
    this.identity.close();
    await this.limits.close();
  }

  private auditAdminAction(admission: Admission, operation: OperationDefinitionNode): void {
    const fields = operation.selectionSet.selections.flatMap((s) =>
      s.kind === Kind.FIELD && ADMIN_ACTIONS.has(s.name.value) ? [s.name.value] : [],
    );
    if (fields.length === 0) return;
    this.audit('admin_action', {
      keyId: admission.caller.keyId,
      role: admission.caller.role,
      ip: admission.ip,
      transport: admission.transport,
      operation: operation.name?.value ?? null,
      fields,
    });
  }
}

/** Costs of an operation whose size arguments take variables, by those variables' values. */
interface VariableCosts {
  variableNames: readonly string[];
  byValues: Map<string, number>;
}

/** Distinct variable values remembered per operation, and the longest key worth remembering. */
const COSTS_PER_OPERATION = 64;
const MAX_COST_KEY_LENGTH = 1024;
const SMALL_ITEMS = 32;

/**
 * The values of the cost's variables as one key (missing and null count alike, as in the estimate);
 * undefined for values too large to be worth remembering (long lists are estimated each time, which
 * for them is cheaper than writing the key).
 */
function costKey(
  names: readonly string[],
  variables: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const values = names.map((name) => variables?.[name] ?? null);
  if (!values.every((value) => small(value, 0))) return undefined;
  const key = JSON.stringify(values);
  return key.length <= MAX_COST_KEY_LENGTH ? key : undefined;
}

function small(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth > 3) return false;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.length <= SMALL_ITEMS && items.every((item) => small(item, depth + 1));
}

function remember(entry: VariableCosts, key: string, cost: number): void {
  if (entry.byValues.size >= COSTS_PER_OPERATION) entry.byValues.clear();
  entry.byValues.set(key, cost);
}

/** Rethrows a rate-limit refusal as the GraphQL error clients get (429 with Retry-After). */
function refusal(error: unknown): never {
  throw error instanceof RateLimitedError ? error.toGraphQLError() : error;
}

interface TypedVariable {
  name: string;
  type: GraphQLInputType;
}

/** The operation's variables whose type holds an ID, also nested in input objects and lists. */
function variablesHoldingIds(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): TypedVariable[] {
  const found: TypedVariable[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type && holdsId(type, new Set()))
      found.push({ name: definition.variable.name.value, type });
  }
  return found;
}

function holdsId(type: GraphQLInputType, seen: Set<GraphQLInputType>): boolean {
  const named = getNamedType(type);
  if (named.name === 'ID') return true;
  if (!isInputObjectType(named) || seen.has(named)) return false;
  seen.add(named);
  return Object.values(named.getFields()).some((field) => holdsId(field.type, seen));
}

function idTooLong(where: string) {
  return gatewayError('BAD_USER_INPUT', `${where}: an ID is at most ${MAX_ID_LENGTH} characters.`);
}

/** Refuses literal ID arguments (`id`, `ids`, `…Id`, `…Ids`) over MAX_ID_LENGTH before any resolver sees — or echoes — them. */
function checkLiteralIds(document: DocumentNode): void {
  const stack = document.definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION
      ? [...d.selectionSet.selections]
      : [],
  );
  let visited = 0;
  while (stack.length > 0 && visited++ < 100_000) {
    const selection = stack.pop();
    if (!selection || selection.kind === Kind.FRAGMENT_SPREAD) continue;
    if (selection.kind === Kind.FIELD) {
      for (const argument of selection.arguments ?? []) {
        const value = argument.value;
        const strings =
          value.kind === Kind.STRING
            ? [value.value]
            : value.kind === Kind.LIST
              ? value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []))
              : [];
        if (
          /(^|[a-z])(id|ids)$/i.test(argument.name.value) &&
          strings.some((s) => s.length > MAX_ID_LENGTH)
        ) {
          throw idTooLong(`Argument ${argument.name.value}`);
        }
      }
    }
    if (selection.selectionSet) stack.push(...selection.selectionSet.selections);
  }
}

function idsFit(type: GraphQLInputType, value: unknown, depth: number): boolean {
  if (value === undefined || value === null || depth > 10) return true;
  if (isNonNullType(type)) return idsFit(type.ofType, value, depth);
  if (isListType(type)) {
    return !Array.isArray(value) || value.every((item) => idsFit(type.ofType, item, depth + 1));
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return true;
    const fields = type.getFields();
    return Object.entries(value as Record<string, unknown>).every(([name, item]) => {
      const field = fields[name];
      return !field || idsFit(field.type, item, depth + 1);
    });
  }
  return (
    getNamedType(type).name !== 'ID' || typeof value !== 'string' || value.length <= MAX_ID_LENGTH
  );
}
