import {
  isListType,
  isNonNullType,
  isObjectType,
  type FieldNode,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import type { EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '../../db/orm';
import { isKeysOnly, isPlanned } from './planned-row';
import { entityOf, planSelection, type PlanNode, type PlanScope } from './plan';
import { planStatement, runPlan } from './sql';
import { byField, type DeclaredRelation } from './relations';
import { cutOf } from './cut';

/**
 * The read path planned from the selection set. Every root query field keeps its resolver, which
 * decides what is read — filters, partner scope, keyset pages, NOT_FOUND — and returns entities as
 * before. Then, before GraphQL walks into them, the entities it returned are swapped for planned rows:
 * one SQL statement per entity type fetches them with every relation the query selects below them,
 * nested as JSON, so a query of any depth costs its resolver's statement plus one. Field resolvers
 * then read relations through `related()`, which serves a planned row from what it carries.
 * Field permissions are untouched: each field still resolves through its own resolver and checks.
 */
export function planReads(schema: GraphQLSchema, declared: readonly DeclaredRelation[]): GraphQLSchema {
  const declaredByField = byField(declared);
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const resolve = field.resolve;
    if (!resolve) continue;
    field.resolve = (source, args, context: { em?: EntityManager }, info) => {
      const value = resolve(source, args, context, info);
      const em = context.em;
      if (!em) return value;
      const cut = cutOf(context);
      return isPromiseLike(value)
        ? Promise.resolve(value).then((v) => withPlannedRows(v, em, info, declaredByField, cut))
        : withPlannedRows(value, em, info, declaredByField, cut);
    };
  }
  return schema;
}

interface Slot {
  holder: Record<string | number, unknown>;
  key: string | number;
  id: string;
}

interface Group {
  /** Undefined when the selection cannot be planned: the rows are then the ORM's entities. */
  plan?: PlanNode;
  meta: EntityMetadata;
  slots: Slot[];
}

async function withPlannedRows(
  value: unknown,
  em: EntityManager,
  info: GraphQLResolveInfo,
  declared: ReadonlyMap<string, DeclaredRelation>,
  cut: ReadonlySet<FieldNode> | undefined,
): Promise<unknown> {
  const scope: PlanScope = {
    schema: info.schema,
    fragments: info.fragments,
    variableValues: info.variableValues,
    metadata: em.getMetadata(),
    declared,
  };
  const groups = new Groups();
  const box: Record<string, unknown> = { value };
  collect(scope, groups, box, 'value', info.returnType, info.fieldNodes, cut);
  for (const group of groups.all()) {
    const ids = group.slots.map((s) => s.id);
    const rows = group.plan ? await runPlan(em, group.plan, planStatement(group.plan), ids) : await entitiesById(em, group.meta, ids);
    for (const slot of group.slots) {
      const row = rows.get(slot.id);
      // A row gone since the resolver read it stays the entity the resolver returned.
      if (row) slot.holder[slot.key] = row;
    }
  }
  return box.value;
}

/**
 * Finds the entities in a resolver's answer, following the selection through wrappers (connections,
 * edges, payloads) by their plain data properties only: a getter, such as a connection's lazy
 * `totalCount`, is never touched. Entities met under the same field share one plan and one statement.
 */
function collect(
  scope: PlanScope,
  groups: Groups,
  holder: Record<string | number, unknown>,
  key: string | number,
  type: GraphQLOutputType,
  fieldNodes: readonly FieldNode[],
  cut: ReadonlySet<FieldNode> | undefined,
): void {
  const value = holder[key];
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return collect(scope, groups, holder, key, type.ofType, fieldNodes, cut);
  if (isListType(type)) {
    if (Array.isArray(value))
      for (let i = 0; i < value.length; i++)
        collect(scope, groups, value as unknown[] as Record<number, unknown>, i, type.ofType, fieldNodes, cut);
    return;
  }
  if (!isObjectType(type) || typeof value !== 'object' || isPlanned(value)) return;
  if (entityOf(scope, type)) {
    // A spliced entity: the database writes its JSON after the query (spliced-reads.ts); GraphQL reads only its key.
    if (cut?.has(fieldNodes[0])) return;
    const keys = isKeysOnly(value);
    const group = groups.for(fieldNodes, keys, () => {
      const meta = entityOf(scope, type)!;
      const plan = planSelection(scope, type, fieldNodes);
      // An entity already holds its columns: only a selection that joins something saves statements.
      // A page's keys always need their rows: planned, or else entities from the ORM.
      if (plan && (keys || plan.relations.size > 0)) return { plan, meta, slots: [] };
      return keys ? { meta, slots: [] } : null;
    });
    const id = (value as { id?: unknown }).id;
    if (group && typeof id === 'string') group.slots.push({ holder, key, id });
    return;
  }
  const fields = type.getFields();
  for (const nodes of collectSubfields(scope.schema, scope.fragments, scope.variableValues, type, fieldNodes).values()) {
    const name = nodes[0].name.value;
    const descriptor = Object.getOwnPropertyDescriptor(value, name);
    if (!descriptor || !('value' in descriptor) || !fields[name]) continue;
    collect(scope, groups, value as Record<string, unknown>, name, fields[name].type, nodes, cut);
  }
}

/**
 * Groups by selection: the elements of a list (a connection's edges) each reach their entity through
 * a fresh array of the same field nodes, so arrays are compared by their nodes, not by identity.
 */
class Groups {
  private readonly byFirstNode = new Map<FieldNode, { nodes: readonly FieldNode[]; keysOnly: boolean; group: Group | null }[]>();

  for(nodes: readonly FieldNode[], keysOnly: boolean, create: () => Group | null): Group | null {
    const candidates = this.byFirstNode.get(nodes[0]) ?? [];
    const found = candidates.find(
      (c) => c.keysOnly === keysOnly && c.nodes.length === nodes.length && c.nodes.every((n, i) => n === nodes[i]),
    );
    if (found) return found.group;
    const group = create();
    candidates.push({ nodes, keysOnly, group });
    this.byFirstNode.set(nodes[0], candidates);
    return group;
  }

  *all(): Iterable<Group> {
    for (const candidates of this.byFirstNode.values()) for (const { group } of candidates) if (group) yield group;
  }
}

async function entitiesById(em: EntityManager, meta: EntityMetadata, ids: string[]): Promise<Map<string, object>> {
  const found = await em.find(meta.class, { [meta.primaryKeys[0]]: { $in: ids } });
  return new Map(found.map((e) => [String((e as Record<string, unknown>)[meta.primaryKeys[0]]), e as object]));
}

const isPromiseLike = (v: unknown): v is PromiseLike<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';
