import {
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import { ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import { fieldRule } from '../plain-fields';
import { entityOf, joinOf, type Join, type PlanScope } from './plan';
import { literal, primaryColumn, quote } from './sql';

/**
 * A selection of an entity type that the database can write as GraphQL would answer it, byte for byte:
 * every selected field is a stored column sent as it is stored (`property`) or a relation answered from the
 * plan (`fromPlan`), with a scalar or enum the database prints exactly as GraphQL serializes it, and no
 * arguments or directives. `checks` are the permissions its fields require, checked per caller.
 */
export interface JsonNode {
  meta: EntityMetadata;
  entries: JsonEntry[];
}

type JsonEntry =
  | { key: string; kind: 'literal'; json: string }
  | { key: string; kind: 'column'; sql: (alias: string) => string }
  | { key: string; kind: 'relation'; join: Join; child: JsonNode };

export interface Check {
  roles: readonly string[];
  /** "Type.field", as a refusal names it. */
  what: string;
}

export interface JsonPlan {
  root: JsonNode;
  checks: Check[];
}

/** The plan for rows of `type` under `fieldNodes`, or undefined when anything selected is not written by the database. */
export function planJson(scope: PlanScope, type: GraphQLObjectType, fieldNodes: readonly FieldNode[]): JsonPlan | undefined {
  const checks = new Map<string, Check>();
  const root = node(scope, type, fieldNodes, checks);
  return root && { root, checks: [...checks.values()] };
}

function node(
  scope: PlanScope,
  type: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
  checks: Map<string, Check>,
): JsonNode | undefined {
  const meta = entityOf(scope, type);
  if (!meta) return undefined;
  const entries: JsonEntry[] = [];
  const fields = type.getFields();
  for (const [key, nodes] of collectSubfields(scope.schema, scope.fragments, {}, type, fieldNodes)) {
    if (nodes.some((n) => n.arguments?.length || n.directives?.length)) return undefined;
    const name = nodes[0].name.value;
    if (name === '__typename') {
      entries.push({ key, kind: 'literal', json: JSON.stringify(type.name) });
      continue;
    }
    const field = fields[name];
    const rule = field && fieldRule(field);
    if (!rule) return undefined;
    if (rule.roles) checks.set(`${type.name}.${name}`, { roles: rule.roles, what: `${type.name}.${name}` });
    const prop = meta.properties[name] as EntityProperty | undefined;
    if (rule.kind === 'property') {
      if (prop?.kind !== ReferenceKind.SCALAR || prop.persist === false) return undefined;
      if (isNonNullType(field.type) && prop.nullable) return undefined;
      const sql = scalarSql(field.type, prop);
      if (!sql) return undefined;
      entries.push({ key, kind: 'column', sql });
      continue;
    }
    const childType = getNamedType(field.type);
    const childMeta = isObjectType(childType) ? entityOf(scope, childType) : undefined;
    if (!childMeta || !isObjectType(childType)) return undefined;
    const join = joinOf(prop, scope.declared.get(`${meta.className}.${name}`), childMeta);
    if (!join) return undefined;
    // A non-null field over a foreign key that may be null would be GraphQL's error, not the database's null.
    if (join.kind === 'one' && isNonNullType(field.type) && (!prop || prop.nullable)) return undefined;
    if (join.kind === 'many' && !isListOfNonNull(field.type)) return undefined;
    const child = node(scope, childType, nodes, checks);
    if (!child) return undefined;
    entries.push({ key, kind: 'relation', join, child });
  }
  return { meta, entries };
}

const isListOfNonNull = (type: GraphQLOutputType): boolean => {
  const list = isNonNullType(type) ? type.ofType : type;
  return isListType(list) && isNonNullType(list.ofType);
};

/**
 * SQL printing a column as GraphQL's scalar would serialize the value the ORM reads from it, or undefined
 * for any pair of column and scalar not listed here (floats, for one: the two print them differently).
 */
function scalarSql(type: GraphQLOutputType, prop: EntityProperty): ((alias: string) => string) | undefined {
  if (isListType(isNonNullType(type) ? type.ofType : type)) return undefined;
  const named: GraphQLNamedType = getNamedType(type);
  const column = (alias: string) => `${alias}.${quote(prop.fieldNames[0])}`;
  const columnType = (prop.columnTypes[0] ?? '').toLowerCase();
  const text = /^(text|varchar|character varying|uuid|date)\b/.test(columnType);
  const orNull = (sql: (alias: string) => string) => (prop.nullable ? (a: string) => `coalesce(${sql(a)}, 'null')` : sql);
  if (isEnumType(named)) {
    // Enum values the ORM stores under their own names; GraphQL would send the name.
    if (!text || !named.getValues().every((v) => v.value === v.name)) return undefined;
    return orNull((a) => `to_json(${column(a)})::text`);
  }
  if (!isScalarType(named)) return undefined;
  // What the ORM hands GraphQL must be what the scalar expects (a date column read as a Date is not a string).
  const runtime = prop.runtimeType;
  switch (named.name) {
    case 'ID':
    case 'String':
      return text && runtime === 'string' ? orNull((a) => `to_json(${column(a)})::text`) : undefined;
    case 'Int':
      return /^(int|integer|int4|smallint|int2)\b/.test(columnType) && runtime === 'number'
        ? orNull((a) => `${column(a)}::text`)
        : undefined;
    case 'Boolean':
      return /^(boolean|bool)\b/.test(columnType) && runtime === 'boolean' ? orNull((a) => `${column(a)}::text`) : undefined;
    case 'Decimal': {
      // The Decimal scalar sends a canonical decimal as it is: no trailing zeros, at most 6 places, under 1e12 (scalars.ts).
      const size = /^(?:numeric|decimal)\((\d+),\s*(\d+)\)/.exec(columnType);
      const fits = size !== null && Number(size[2]) <= 6 && Number(size[1]) - Number(size[2]) <= 12;
      return fits && runtime === 'string' ? orNull((a) => `to_json(trim_scale(${column(a)})::text)::text`) : undefined;
    }
    case 'DateTimeISO':
      // Date.prototype.toISOString: milliseconds, UTC, "Z".
      return /^timestamptz\b|^timestamp with time zone\b/.test(columnType) && runtime === 'Date'
        ? orNull((a) => `to_json(to_char(${column(a)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text`)
        : undefined;
    default:
      return undefined;
  }
}

/**
 * The statement for a plan: a row per key asked for (that still exists), its key as text and its answer as
 * JSON text — built by concatenation, so the text is exactly what JSON.stringify would write of GraphQL's
 * answer (the database's own JSON output adds spaces).
 */
export function jsonStatement(plan: JsonNode): string {
  let aliases = 0;
  const next = () => `t${aliases++}`;

  function object(n: JsonNode, alias: string): string {
    if (n.entries.length === 0) return `'{}'`;
    const parts: string[] = [];
    n.entries.forEach((entry, i) => {
      parts.push(literal(`${i === 0 ? '{' : ','}${JSON.stringify(entry.key)}:`));
      if (entry.kind === 'literal') parts.push(literal(entry.json));
      else if (entry.kind === 'column') parts.push(entry.sql(alias));
      else parts.push(relation(entry.join, entry.child, n, alias));
    });
    parts.push(`'}'`);
    return `(${parts.join(' || ')})`;
  }

  function relation(join: Join, child: JsonNode, parent: JsonNode, alias: string): string {
    const c = next();
    const from = `from ${quote(child.meta.tableName)} ${c}`;
    if (join.kind === 'one')
      return `coalesce((select ${object(child, c)} ${from} where ${c}.${quote(primaryColumn(child.meta))} = ${alias}.${quote(join.parentColumn)}), 'null')`;
    const order = join.orderBy.map(([column, direction]) => `${c}.${quote(column)} ${direction}`).join(', ');
    return `coalesce((select '[' || string_agg(${object(child, c)}, ',' order by ${order}) || ']' ${from} where ${c}.${quote(join.childColumn)} = ${alias}.${quote(primaryColumn(parent.meta))}), '[]')`;
  }

  const root = next();
  const key = primaryColumn(plan.meta);
  const keyType = plan.meta.properties[plan.meta.primaryKeys[0]].columnTypes[0];
  return `select ${root}.${quote(key)}::text as key, ${object(plan, root)} as json from ${quote(plan.meta.tableName)} ${root} where ${root}.${quote(key)} = any(?::${keyType}[])`;
}
