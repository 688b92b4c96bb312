import {
  getNamedType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import { ReferenceKind, type EntityMetadata, type EntityProperty, type MetadataStorage } from '@mikro-orm/core';
import type { DeclaredRelation } from './relations';

/** What one entity type's rows must carry for a selection: columns, and relations joined with their own plans. */
export interface PlanNode {
  meta: EntityMetadata;
  /** Scalar properties, always including the primary key. */
  columns: Set<string>;
  relations: Map<string, PlannedJoin>;
}

/** How rows of a relation are found from their parent's row. */
export type Join =
  /** The child's key equals the parent's foreign key (many-to-one, owning one-to-one). */
  | { kind: 'one'; parentColumn: string }
  /** The children's foreign key equals the parent's key, in order. */
  | { kind: 'many'; childColumn: string; orderBy: OrderColumns };

export type PlannedJoin = Join & { child: PlanNode };

export interface PlanScope {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variableValues: Record<string, unknown>;
  metadata: MetadataStorage;
  /** Declared relations by "<Entity>.<field>". */
  declared: ReadonlyMap<string, DeclaredRelation>;
}

/** The entity behind a GraphQL object type of the same name, if there is one. */
export const entityOf = (scope: Pick<PlanScope, 'metadata'>, type: GraphQLObjectType): EntityMetadata | undefined =>
  scope.metadata.getByClassName(type.name, false);

/**
 * The plan for rows of `type` answering `fieldNodes`' selection, or undefined when something selected
 * cannot be planned (a relation with arguments, a kind of relation not joined here): the ORM then
 * serves that part as before. A field answered by code rather than a column or relation (external
 * references, progress…) gets the planned row, which then carries every column, as an entity would.
 */
export function planSelection(scope: PlanScope, type: GraphQLObjectType, fieldNodes: readonly FieldNode[]): PlanNode | undefined {
  const meta = entityOf(scope, type);
  if (!meta) return undefined;
  const plan: PlanNode = { meta, columns: new Set(meta.primaryKeys), relations: new Map() };
  let codeResolved = false;
  const fields = type.getFields();
  for (const nodes of collectSubfields(scope.schema, scope.fragments, scope.variableValues, type, fieldNodes).values()) {
    const name = nodes[0].name.value;
    if (name === '__typename') continue;
    const prop = meta.properties[name] as EntityProperty | undefined;
    if (prop?.kind === ReferenceKind.SCALAR) {
      // A property the ORM computes rather than stores has no column to read: the ORM serves it.
      if (prop.persist === false) return undefined;
      plan.columns.add(name);
      continue;
    }
    const declared = scope.declared.get(`${meta.className}.${name}`);
    if (!prop && !declared) {
      codeResolved = true;
      continue;
    }
    if (nodes.some((n) => n.arguments?.length)) return undefined;
    const childType = getNamedType(fields[name].type);
    if (!isObjectType(childType)) return undefined;
    const child = planSelection(scope, childType, nodes);
    const join = child && joinOf(prop, declared, child.meta);
    if (!join) return undefined;
    const existing = plan.relations.get(name);
    plan.relations.set(name, existing ? { ...existing, child: merge(existing.child, child) } : { ...join, child });
  }
  if (codeResolved) for (const p of meta.props) if (p.kind === ReferenceKind.SCALAR && p.persist !== false) plan.columns.add(p.name);
  return plan;
}

/** How a relation's rows are joined: an ORM relation or a declared one (relations.ts), to rows of `child`. */
export function joinOf(prop: EntityProperty | undefined, declared: DeclaredRelation | undefined, child: EntityMetadata): Join | undefined {
  if (declared) {
    if (child.className !== declared.target.name) return undefined;
    const orderBy = orderColumns(child, declared.orderBy);
    const via = child.properties[declared.via] as EntityProperty | undefined;
    return via && orderBy ? { kind: 'many', childColumn: via.fieldNames[0], orderBy } : undefined;
  }
  if (!prop || prop.targetMeta?.className !== child.className) return undefined;
  if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
    return { kind: 'one', parentColumn: prop.fieldNames[0] };
  }
  if (prop.kind === ReferenceKind.ONE_TO_MANY && prop.mappedBy) {
    const back = child.properties[prop.mappedBy] as EntityProperty | undefined;
    // The ORM's own order for the collection, so a planned list reads exactly as `collection.load()` would.
    const orderBy = orderColumns(child, { ...flatOrder(prop.orderBy ?? child.orderBy), [child.primaryKeys[0]]: 'asc' });
    return back && orderBy ? { kind: 'many', childColumn: back.fieldNames[0], orderBy } : undefined;
  }
  return undefined;
}

function flatOrder(order: unknown): Record<string, string> {
  if (!order) return {};
  return Array.isArray(order)
    ? (Object.assign({}, ...(order as Record<string, string>[])) as Record<string, string>)
    : (order as Record<string, string>);
}

type OrderColumns = [column: string, direction: 'asc' | 'desc'][];

function orderColumns(meta: EntityMetadata, order: Readonly<Record<string, string>>): OrderColumns | undefined {
  const columns: OrderColumns = [];
  for (const [name, direction] of Object.entries(order)) {
    const p = meta.properties[name] as EntityProperty | undefined;
    const dir = String(direction).toLowerCase();
    if (!p || p.kind !== ReferenceKind.SCALAR || (dir !== 'asc' && dir !== 'desc')) return undefined;
    columns.push([p.fieldNames[0], dir]);
  }
  return columns;
}

/** Two aliases of one relation, each with its own selection: rows carry both. */
function merge(a: PlanNode, b: PlanNode): PlanNode {
  const relations = new Map(a.relations);
  for (const [name, join] of b.relations) {
    const mine = relations.get(name);
    relations.set(name, mine ? { ...mine, child: merge(mine.child, join.child) } : join);
  }
  return { meta: a.meta, columns: new Set([...a.columns, ...b.columns]), relations };
}
