import { ObjectType, type ObjectTypeOptions } from 'type-graphql';

/**
 * type-graphql's ObjectType whose plain fields (properties and getters) resolve as graphql-js's
 * default resolver does. Without `simpleResolvers` type-graphql wraps every field of every object
 * in its middleware runner, so the compiled executor calls a function with a fresh resolve info
 * per field per object (110,000 calls for a 10,000-row scoreKols result). No field of these types
 * has roles or middlewares; fields that compute are field resolvers and keep their wrappers.
 */
export function PlainObjectType(options: ObjectTypeOptions): ClassDecorator {
  return ObjectType({ ...options, simpleResolvers: true });
}
