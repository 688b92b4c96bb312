import type { EntityMetadata, EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '../../db/orm';
import { markPlanned } from './planned-row';
import type { PlanNode } from './plan';

/**
 * One SQL statement for a plan: the rows of the given keys, each a JSON object with its columns and its
 * joined relations nested inside (to-one as an object or null, to-many as an ordered array), the whole
 * answer one JSON value. The database builds the tree; the hub parses it once.
 */
export function planStatement(plan: PlanNode): string {
  let aliases = 0;
  const next = () => `t${aliases++}`;

  function object(node: PlanNode, alias: string): string {
    const pairs: string[] = [];
    for (const name of node.columns) pairs.push(`${literal(name)}, ${columnValue(alias, node.meta.properties[name])}`);
    for (const [name, join] of node.relations) {
      const child = next();
      const from = `from ${quote(join.child.meta.tableName)} ${child}`;
      const childKey = `${child}.${quote(primaryColumn(join.child.meta))}`;
      const value =
        join.kind === 'one'
          ? `(select ${object(join.child, child)} ${from} where ${childKey} = ${alias}.${quote(join.parentColumn)})`
          : `coalesce((select json_agg(${object(join.child, child)} order by ${join.orderBy
              .map(([column, direction]) => `${child}.${quote(column)} ${direction}`)
              .join(', ')}) ${from} where ${child}.${quote(join.childColumn)} = ${alias}.${quote(primaryColumn(node.meta))}), '[]'::json)`;
      pairs.push(`${literal(name)}, ${value}`);
    }
    // json_build_object takes at most 100 arguments: wider objects are built in parts and merged.
    const parts: string[] = [];
    for (let i = 0; i < pairs.length; i += 50) parts.push(`json_build_object(${pairs.slice(i, i + 50).join(', ')})`);
    return parts.length === 1 ? parts[0] : `(${parts.map((p) => `${p}::jsonb`).join(' || ')})::json`;
  }

  const root = next();
  const key = primaryColumn(plan.meta);
  const keyType = plan.meta.properties[plan.meta.primaryKeys[0]].columnTypes[0];
  return `select coalesce(json_agg(${object(plan, root)}), '[]'::json)::text as rows from ${quote(plan.meta.tableName)} ${root} where ${root}.${quote(key)} = any(?::${keyType}[])`;
}

/** Runs a plan for these keys: the planned rows by key. */
export async function runPlan(em: EntityManager, plan: PlanNode, statement: string, keys: readonly string[]): Promise<Map<string, object>> {
  const [result] = await em.execute<{ rows: string }[]>(statement, [`{${keys.join(',')}}`]);
  const rows = JSON.parse(result?.rows ?? '[]') as Record<string, unknown>[];
  const byKey = new Map<string, object>();
  for (const row of rows) {
    revive(plan, row);
    byKey.set(String(row[plan.meta.primaryKeys[0]]), row);
  }
  return byKey;
}

/** Turns JSON back into what the ORM would have handed out (dates as Date) and marks the rows as planned. */
function revive(node: PlanNode, row: Record<string, unknown>): void {
  markPlanned(row);
  for (const name of node.columns) {
    const value = row[name];
    if (typeof value === 'string' && isDateTime(node.meta.properties[name])) row[name] = new Date(value);
  }
  for (const [name, join] of node.relations) {
    const value = row[name];
    if (Array.isArray(value)) for (const child of value as Record<string, unknown>[]) revive(join.child, child);
    else if (value) revive(join.child, value as Record<string, unknown>);
  }
}

const isDateTime = (p: EntityProperty) => p.runtimeType === 'Date';

/**
 * Decimals and 64-bit integers as text, so JSON's numbers do not round them. Decimals without their trailing
 * zeros (`trim_scale`): the Decimal scalar then sends them as they are instead of parsing each (they print the
 * same either way).
 */
function columnValue(alias: string, p: EntityProperty): string {
  const column = `${alias}.${quote(p.fieldNames[0])}`;
  const type = (p.columnTypes[0] ?? '').toLowerCase();
  if (type.startsWith('numeric') || type.startsWith('decimal')) return `trim_scale(${column})::text`;
  return type.startsWith('bigint') ? `${column}::text` : column;
}

/** The SQL pieces both planners (this one and json-plan.ts) build their statements from. */
export const primaryColumn = (meta: EntityMetadata) => meta.properties[meta.primaryKeys[0]].fieldNames[0];
export const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
export const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
