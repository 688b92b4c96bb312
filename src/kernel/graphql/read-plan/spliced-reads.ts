import { randomBytes } from 'node:crypto';
import {
  BREAK,
  getNamedType,
  isObjectType,
  Kind,
  OperationTypeNode,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { MetadataStorage } from '@mikro-orm/core';
import type { EntityManager } from '../../db/orm';
import { assertAllowed, type Caller } from '../../auth/auth-checker';
import { entityOf, type PlanScope } from './plan';
import { jsonStatement, planJson, type Check } from './json-plan';
import type { DeclaredRelation } from './relations';

/**
 * Spliced reads: a query whose entities the database can write exactly as GraphQL would answer them
 * (json-plan.ts) runs with those entities' selections cut down to `{ id }`. Everything above them — root
 * resolvers with their partner scope, keyset pages and NOT_FOUND, connections, cursors, counts — runs as
 * before; then one statement per entity position writes each entity's JSON, and the answer is the result's
 * JSON with those texts put in place. The hub neither parses the rows, nor walks them through GraphQL's
 * resolvers, nor writes them again: on the order-tracking read that was most of its CPU.
 *
 * Only the HTTP fast path for known reads (src/app/graphql-post.ts) splices, and only when the caller holds
 * every permission the spliced fields require; otherwise, and whenever the cut-down query has errors, the
 * query runs whole as before, so every refusal and error is the ordinary one.
 */
export interface SplicedRead {
  /** The operation with each spliced entity's selection replaced by `{ id }`. */
  document: DocumentNode;
  points: SplicePoint[];
  /** The replaced field nodes: the read planner leaves the entities under them as they are (plan-reads.ts). */
  cut: ReadonlySet<FieldNode>;
}

interface SplicePoint {
  /** Response keys from the root to the entity; lists on the way are walked through. */
  path: readonly string[];
  statement: string;
  checks: readonly Check[];
}

/**
 * The spliced form of an operation, or undefined when nothing in it can be spliced. Fragments are allowed
 * inside a spliced entity's selection (merged as GraphQL merges them), not on the way to it; a directive
 * anywhere leaves the operation unspliced (@skip and @include depend on variables).
 */
export function planSplicedRead(
  schema: GraphQLSchema,
  metadata: MetadataStorage,
  declared: ReadonlyMap<string, DeclaredRelation>,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): SplicedRead | undefined {
  if (operation.operation !== OperationTypeNode.QUERY || hasDirectives(document)) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const scope: PlanScope = { schema, fragments, variableValues: {}, metadata, declared };
  const points: SplicePoint[] = [];
  const replaced = new Map<FieldNode, FieldNode>();
  const query = schema.getQueryType();
  if (!query || !walk(scope, query, operation.selectionSet, [], points, replaced)) return undefined;
  if (points.length === 0) return undefined;
  const cut = new Set(replaced.values());
  const cutDocument = visit(document, {
    Field: (node) => replaced.get(node),
  });
  return { document: cutDocument, points, cut };
}

/** Finds the spliceable entities under a selection; false when the way to them is not one this follows. */
function walk(
  scope: PlanScope,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  path: readonly string[],
  points: SplicePoint[],
  replaced: Map<FieldNode, FieldNode>,
): boolean {
  const keys = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return false;
    const key = selection.alias?.value ?? selection.name.value;
    // The same key twice is merged by GraphQL: only a selection written once is followed.
    if (keys.has(key)) return false;
    keys.add(key);
    const field = type.getFields()[selection.name.value];
    const named = field && getNamedType(field.type);
    if (!named || !isObjectType(named) || !selection.selectionSet) continue;
    if (entityOf(scope, named)) {
      const plan = planJson(scope, named, [selection]);
      if (!plan) continue;
      points.push({ path: [...path, key], statement: jsonStatement(plan.root), checks: plan.checks });
      replaced.set(selection, {
        ...selection,
        selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'id' } }] },
      });
      continue;
    }
    if (!walk(scope, named, selection.selectionSet, [...path, key], points, replaced)) return false;
  }
  return true;
}

function hasDirectives(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive: () => {
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** Whether the caller holds every permission the spliced fields require (else the whole query runs, and refuses as usual). */
export function mayBeSpliced(read: SplicedRead, caller: Caller): boolean {
  try {
    for (const point of read.points) for (const check of point.checks) assertAllowed(caller, check.roles, check.what);
    return true;
  } catch {
    return false;
  }
}

const NONCE = randomBytes(12).toString('hex');
const TOKEN = new RegExp(`"\\\\u0000${NONCE}:(\\d+)"`, 'g');

/**
 * The answer's JSON text for a result of the cut-down query: `{"data":…}` with each spliced entity's JSON in
 * place. Undefined when an entity the result names is gone by the time its JSON is read (the caller then
 * runs the whole query).
 */
export async function splicedAnswer(read: SplicedRead, result: ExecutionResult, em: EntityManager): Promise<string | undefined> {
  const texts: string[] = [];
  for (const point of read.points) {
    const slots: { holder: Record<string, unknown>; key: string; id: string }[] = [];
    collectSlots(result.data, point.path, 0, slots);
    if (slots.length === 0) continue;
    const ids = [...new Set(slots.map((s) => s.id))];
    const rows = await em.execute<{ key: string; json: string }[]>(point.statement, [`{${ids.join(',')}}`]);
    const byKey = new Map(rows.map((r) => [r.key, r.json]));
    for (const slot of slots) {
      const json = byKey.get(slot.id);
      if (json === undefined) return undefined;
      // A string JSON.stringify writes as "\u0000<nonce>:<n>": no text of the answer can look like it.
      slot.holder[slot.key] = `\u0000${NONCE}:${texts.push(json) - 1}`;
    }
  }
  const text = JSON.stringify({ data: result.data, extensions: result.extensions });
  return text.replace(TOKEN, (_, i: string) => texts[Number(i)]);
}

function collectSlots(
  value: unknown,
  path: readonly string[],
  depth: number,
  slots: { holder: Record<string, unknown>; key: string; id: string }[],
): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const element of value) collectSlots(element, path, depth, slots);
    return;
  }
  const holder = value as Record<string, unknown>;
  const key = path[depth];
  if (depth === path.length - 1) {
    const entity = holder[key];
    if (Array.isArray(entity)) {
      entity.forEach((e, i) => {
        if (e !== null) slots.push({ holder: entity as unknown as Record<string, unknown>, key: String(i), id: (e as { id: string }).id });
      });
    } else if (entity !== null && entity !== undefined) slots.push({ holder, key, id: (entity as { id: string }).id });
    return;
  }
  collectSlots(holder[key], path, depth + 1, slots);
}
