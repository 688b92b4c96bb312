import DataLoader from 'dataloader';
import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '../../db/orm';

/**
 * A one-to-many relation a module adds to another module's entity without an ORM collection on it
 * (sales cannot know production's work orders, so production declares `SalesOrderLine.workOrders`).
 * The read planner joins it like an ORM collection, and `relationLoader` loads it the same way when a
 * field resolver gets an entity instead of a planned row: one declaration, one meaning.
 */
export interface DeclaredRelation {
  on: EntityClass<object>;
  /** The GraphQL field on `on`. */
  field: string;
  target: EntityClass<object>;
  /** The many-to-one property of `target` that points back to `on`. */
  via: string;
  /** Properties of `target`, ending in a unique one. */
  orderBy: Readonly<Record<string, 'asc' | 'desc'>>;
}

/** Declared relations by "<Entity>.<field>", as the planners look them up. */
export const byField = (declared: readonly DeclaredRelation[]): ReadonlyMap<string, DeclaredRelation> =>
  new Map(declared.map((r) => [`${r.on.name}.${r.field}`, r]));

/** A per-request loader of one declared relation: the rows of every key asked for in a tick, in one query. */
export function relationLoader<T extends object>(em: EntityManager, relation: DeclaredRelation): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (ids) => {
    const found = (await em.find(
      relation.target,
      { [relation.via]: { $in: [...ids] } },
      {
        orderBy: relation.orderBy as never,
      },
    )) as T[];
    const byParent = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const row of found) {
      const parent = (row as Record<string, { id: string } | null | undefined>)[relation.via];
      if (parent) byParent.get(parent.id)?.push(row);
    }
    return ids.map((id) => byParent.get(id) ?? []);
  });
}
