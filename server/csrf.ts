import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';

/** Types a browser may send cross-site without a preflight. */
const SIMPLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** Headers a browser can only send after a CORS preflight. */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'] as const;
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const TRAILING_WHITESPACE = /[\t\n\r ]+$/;
/** The common case, certainly not a simple type: decided without parsing. */
const JSON_TYPE = /^application\/(?:graphql-response\+)?json(?:;|$)/i;

/**
 * Apollo Server's CSRF prevention rule, checked on the route before Apollo sees the request: a
 * request is refused unless its Content-Type is one a browser would preflight (anything but the
 * three simple types, or unparsable) or it carries a non-empty `x-apollo-operation-name` or
 * `apollo-require-preflight` header. Same rule and message as Apollo's; done here because
 * Apollo's MIME parse was a sixth of its own per-request CPU, and nearly every request is JSON.
 */
export function csrfRefusal(headers: IncomingHttpHeaders): GraphQLError | undefined {
  const type = headers['content-type'];
  if (type !== undefined) {
    if (JSON_TYPE.test(type)) return undefined;
    const essence = mimeEssence(type);
    if (essence === undefined || !SIMPLE_TYPES.includes(essence)) return undefined;
  }
  for (const name of PREFLIGHT_HEADERS) {
    const value = headers[name];
    if (value !== undefined && value.length > 0) return undefined;
  }
  return new GraphQLError(
    `This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please ` +
      `either specify a 'content-type' header (with a type that is not one of ` +
      `${SIMPLE_TYPES.join(', ')}) or provide a non-empty value for one of the following ` +
      `headers: ${PREFLIGHT_HEADERS.join(', ')}\n`,
    { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
  );
}

/** `type/subtype` of a MIME type, lower-cased, as the WHATWG MIME parser reads it; undefined if unparsable. */
export function mimeEssence(contentType: string): string | undefined {
  const text = contentType.replace(EDGE_WHITESPACE, '');
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const type = text.slice(0, slash);
  const end = text.indexOf(';', slash + 1);
  const subtype = text.slice(slash + 1, end < 0 ? undefined : end).replace(TRAILING_WHITESPACE, '');
  if (!HTTP_TOKEN.test(type) || !HTTP_TOKEN.test(subtype)) return undefined;
  return `${type}/${subtype}`.toLowerCase();
}
