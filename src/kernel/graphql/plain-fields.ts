import { isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/** The parts of type-graphql's metadata this reads (it exports no types for them). */
interface FieldMetadata {
  target: object;
  name: string;
  schemaName: string;
  roles?: unknown[];
  middlewares?: unknown[];
}
interface ClassMetadata {
  name: string;
  target: object;
  fields?: FieldMetadata[];
}
interface FieldResolverMetadata {
  target: object;
  methodName: string;
  roles?: unknown[];
  middlewares?: unknown[];
  getObjectType?: () => unknown;
}
interface Storage {
  objectTypes: ClassMetadata[];
  fieldResolvers: FieldResolverMetadata[];
}

/**
 * What a field of an entity's object type answers, when that is known without running it:
 * - `property`: the value of the property of the same name, nothing else (no field resolver, no middleware);
 * - `fromPlan`: a relation whose field resolver answers a planned row with what the plan loaded (`@FromPlan`).
 * `roles` are its `@Authorized` permissions, checked per caller; undefined when it has none.
 * Any other field (computed by code) has no rule.
 */
export interface FieldRule {
  kind: 'property' | 'fromPlan';
  roles?: readonly string[];
}

const rules = new WeakMap<GraphQLField<unknown, unknown>, FieldRule>();
const fromPlanMethods = new WeakMap<object, Set<string>>();

/** The rule of a field of the built schema, if it has one (see `FieldRule`). */
export const fieldRule = (field: GraphQLField<unknown, unknown>): FieldRule | undefined => rules.get(field);

/**
 * Marks a field resolver that, for a planned row, returns `related(row, '<its field>')` and nothing else — the
 * relation exactly as the read planner loaded it. Spliced reads (spliced-reads.ts) then write that relation
 * straight from the database's JSON without calling the resolver; what it does for an ORM entity is its own.
 */
export function FromPlan(): MethodDecorator {
  return (prototype, method) => {
    const cls = prototype.constructor;
    const methods = fromPlanMethods.get(cls) ?? new Set<string>();
    methods.add(String(method));
    fromPlanMethods.set(cls, methods);
  };
}

/**
 * Records each field's rule, and removes the resolver of every plain property without roles.
 *
 * type-graphql gives every field of an object type a resolver of its own (middlewares, then `root[name]`), even a
 * plain property with no `@Authorized` and no middleware. On a large read that is most of the resolver calls:
 * each costs a closure and a promise check, and under graphql-jit a call it would otherwise inline as a
 * property read. Without its resolver, GraphQL's default (read the property) answers the same value.
 * Only entities' fields are inlined: their values are loaded columns, never promises. A field with roles (`@Authorized`, even without arguments), a middleware, a field resolver, or a GraphQL
 * name other than its property keeps its resolver. The schema is built without global middlewares
 * (src/app/schema.ts); one would apply to every field, so it must not be added without removing this.
 */
export function inlinePlainFields(schema: GraphQLSchema, entities: readonly object[]): GraphQLSchema {
  const storage = getMetadataStorage() as unknown as Storage;
  const isEntity = new Set(entities);
  const classes = new Map(storage.objectTypes.map((c) => [c.target, c]));
  for (const def of storage.objectTypes) {
    const type = schema.getType(def.name);
    if (!isObjectType(type)) continue;
    for (const [name, field] of Object.entries(type.getFields())) {
      const meta = fieldOf(classes, def.target, name);
      if (!meta || meta.name !== meta.schemaName) continue;
      const resolver = storage.fieldResolvers.find((r) => r.methodName === meta.name && r.getObjectType?.() === meta.target);
      if (resolver) {
        if (fromPlanMethods.get(resolver.target)?.has(resolver.methodName) && !resolver.middlewares?.length)
          rules.set(field, { kind: 'fromPlan', roles: resolver.roles as string[] | undefined });
        continue;
      }
      if (meta.middlewares?.length || !isEntity.has(def.target) || mayBePromise(meta)) continue;
      rules.set(field, { kind: 'property', roles: meta.roles as string[] | undefined });
      if (meta.roles === undefined) field.resolve = undefined;
    }
  }
  return schema;
}

/**
 * graphql-jit reads a field without a resolver inline, as a plain value: a property holding a promise
 * (a connection's lazy `totalCount`) needs its resolver, which GraphQL awaits.
 */
const mayBePromise = (meta: FieldMetadata) =>
  Reflect.getMetadata('design:type', (meta.target as { prototype: object }).prototype, meta.name) === Promise;

/** The field's metadata on the class or the nearest class it extends (inherited fields, e.g. `id`). */
function fieldOf(classes: ReadonlyMap<object, ClassMetadata>, target: object, schemaName: string): FieldMetadata | undefined {
  for (let cls: object | null = target; cls && cls !== Function.prototype; cls = Object.getPrototypeOf(cls) as object | null) {
    const found = classes.get(cls)?.fields?.find((f) => f.schemaName === schemaName);
    if (found) return found;
  }
  return undefined;
}
