import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { presentedKey } from './auth';
import { clientAddress } from './client-address';
import { createContext, type GatewayContext, type GatewayServices } from './context';
import type { CorsPolicy } from './cors';
import { csrfRefusal } from './csrf';
import { sendBodyError, sendGraphQLError } from './http-errors';
import type { BodyReader } from './json-body';
import type { Admission, OperationPolicy } from './operation-policy';
import { ADMISSION, type AdmittedContext } from './request-plugin';
import type { FlatHeaders } from './security-headers';
import { persistedHash } from './trusted-documents';

export type HttpContext = GatewayContext & AdmittedContext;

export interface GraphQLHttpOptions {
  apollo: ApolloServer<HttpContext>;
  policy: OperationPolicy;
  services: GatewayServices;
  readBody: BodyReader;
  /** Sent on every response of the route (helmet's, see securityHeaders). */
  securityHeaders: FlatHeaders;
  cors: CorsPolicy | undefined;
  /** Apply Apollo's CSRF prevention rule here (Apollo's own check is then off). */
  csrfPrevention: boolean;
}

/**
 * The GraphQL route on the bare Node request: admission (identity and request budgets) before the
 * body is read, the body, trusted documents, then Apollo Server's executeHTTPGraphQLRequest, and
 * the response written with one writeHead. Express stays for the other routes; on this one its
 * router, its response helpers and helmet's per-request middlewares were most of a small
 * request's CPU.
 */
export function graphqlHttpHandler(
  options: GraphQLHttpOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const route: Route = {
    ...options,
    jsonHead: [...options.securityHeaders, 'content-type', JSON_TYPE],
  };
  return (req, res) => {
    handle(route, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendBodyError(res, options.policy, error);
      else res.destroy();
    });
  };
}

interface Route extends GraphQLHttpOptions {
  /** The head of a JSON response without CORS headers, but its length: the common case. */
  jsonHead: FlatHeaders;
}

async function handle(route: Route, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { policy } = route;
  const head = route.cors
    ? [...route.securityHeaders, ...route.cors.headersFor(req)]
    : route.securityHeaders;
  const preflight = req.method === 'OPTIONS';
  if (preflight && head.length > route.securityHeaders.length) {
    res.writeHead(204, head);
    res.end();
    return;
  }
  // Preflights carry no credentials and Apollo refuses them before any execution: they are
  // admitted only should Apollo ask for a context.
  let admission: Admission | undefined;
  let body: unknown;
  try {
    if (!preflight) admission = await admit(policy, req);
  } catch (error) {
    sendWith(res, head, () => sendGraphQLError(res, policy, error));
    return;
  }
  try {
    body = await route.readBody(req, res);
  } catch (error) {
    sendWith(res, head, () => sendBodyError(res, policy, error));
    return;
  }
  if (policy.trusted && req.method === 'POST') {
    const payload = (body ?? {}) as Record<string, unknown>;
    try {
      const query = policy.documentOf(payload);
      if (body) {
        payload.query = query;
        if (persistedHash(payload) !== undefined) delete payload.extensions;
      }
    } catch (error) {
      sendWith(res, head, () => sendGraphQLError(res, policy, error));
      return;
    }
  }
  const refusal = route.csrfPrevention ? csrfRefusal(req.headers) : undefined;
  if (refusal) {
    sendWith(res, head, () => sendGraphQLError(res, policy, refusal));
    return;
  }
  const response = await route.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: (req.method ?? 'GET').toUpperCase(),
      headers: headerMapOf(req),
      search: searchOf(req.url),
      body,
    },
    async context() {
      const context: HttpContext = createContext(
        route.services,
        (admission ??= await admit(policy, req)).caller,
      );
      context[ADMISSION] = admission;
      return context;
    },
  });
  return writeResponse(
    res,
    head === route.securityHeaders ? route.jsonHead : undefined,
    head,
    response,
  );
}

function admit(policy: OperationPolicy, req: IncomingMessage): Promise<Admission> {
  return policy.admit(
    presentedKey(req.headers),
    clientAddress(req, policy.settings.trustProxy),
    'http',
  );
}

function sendWith(res: ServerResponse, head: FlatHeaders, send: () => void): void {
  for (let i = 0; i < head.length; i += 2) res.setHeader(head[i]!, head[i + 1]!);
  send();
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  const incoming = req.headers;
  for (const name in incoming) {
    const value = incoming[name];
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function searchOf(url: string | undefined): string {
  const start = url?.indexOf('?') ?? -1;
  return start < 0 ? '' : url!.slice(start);
}

const CHARSET = /;\s*charset=/i;
/** Apollo's content type of a JSON result (its MEDIA_TYPES.APPLICATION_JSON). */
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Writes Apollo's response. `jsonHead` is the precomputed head for a response whose only header
 * of Apollo's is the JSON content type (nearly all of them), when no CORS headers were added.
 */
function writeResponse(
  res: ServerResponse,
  jsonHead: FlatHeaders | undefined,
  head: FlatHeaders,
  response: HTTPGraphQLResponse,
): Promise<void> | undefined {
  const status = response.status ?? 200;
  if (response.body.kind === 'complete') {
    const text = response.body.string;
    const length = String(Buffer.byteLength(text));
    const out =
      jsonHead && onlyJsonType(response.headers)
        ? [...jsonHead, 'content-length', length]
        : [...headOf(head, response.headers, true), 'content-length', length];
    res.writeHead(status, out);
    res.end(text);
    return;
  }
  res.writeHead(status, headOf(head, response.headers, false));
  return streamBody(res, response.body.asyncIterator);
}

async function streamBody(
  res: ServerResponse,
  chunks: AsyncIterableIterator<string>,
): Promise<void> {
  for await (const chunk of chunks) res.write(chunk);
  res.end();
}

function onlyJsonType(headers: HeaderMap): boolean {
  return headers.size === 1 && headers.get('content-type') === JSON_TYPE;
}

function headOf(head: FlatHeaders, headers: HeaderMap, text: boolean): FlatHeaders {
  const out = head.slice();
  for (const [name, value] of headers) {
    // Text bodies are UTF-8; say so where Apollo's type does not (its landing page's text/html).
    const charset = text && name === 'content-type' && !CHARSET.test(value);
    out.push(name, charset ? `${value}; charset=utf-8` : value);
  }
  return out;
}
