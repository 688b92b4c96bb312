import type { Collection, Ref } from '@mikro-orm/core';

const PLANNED = Symbol('planned row');
const KEYS_ONLY = Symbol('keys only');

/** An object the read planner built from one SQL statement: its columns, and the relations the query selected, already loaded. */
export interface PlannedRow {
  readonly [PLANNED]: true;
  readonly id: string;
}

type RelationLike = Ref<object> | Collection<object> | null | undefined;
type ScalarKeys<T> = { [K in keyof T]: NonNullable<T[K]> extends RelationLike | ((...a: never[]) => unknown) ? never : K }[keyof T];

/**
 * An entity as a field resolver receives it: the ORM's instance, or the planner's row with the same
 * scalar fields. Relations are read through `related()`, which works for both.
 *
 * Declaring `@Root()` with this union (rather than the entity class) also keeps type-graphql from
 * copying each planned row into a new entity instance: it converts only roots typed by a class.
 */
export type Row<T> = T | (Pick<T, ScalarKeys<T>> & PlannedRow);

export function markPlanned(row: object): void {
  (row as Record<symbol, unknown>)[PLANNED] = true;
}

/**
 * A page's row before the planner fills it: its key and the columns its cursor needs, nothing else.
 * Only the planner, which every root query field goes through, turns it into a row a resolver can read.
 */
export function keysOnly<T extends object>(row: T): T {
  (row as Record<symbol, unknown>)[KEYS_ONLY] = true;
  return row;
}

export const isKeysOnly = (value: unknown): boolean => typeof value === 'object' && value !== null && KEYS_ONLY in value;

export const isPlanned = (value: unknown): value is PlannedRow => typeof value === 'object' && value !== null && PLANNED in value;

/**
 * A relation of an entity for a field resolver: what the planner already loaded, or else the ORM's
 * reference or collection loaded now (batched by the ORM's dataloader) — or `orLoad`, for a relation
 * a module declares beside the ORM (see `DeclaredRelation`).
 */
export function related<T extends object>(row: Row<T>, field: keyof T & string): unknown;
export function related<T extends object>(row: Row<T>, field: string, orLoad: () => Promise<unknown>): unknown;
export function related<T extends object>(row: Row<T>, field: string, orLoad?: () => Promise<unknown>): unknown {
  if (isPlanned(row)) return (row as unknown as Record<string, unknown>)[field] ?? null;
  if (orLoad) return orLoad();
  const value = (row as Record<string, unknown>)[field] as { load(): Promise<unknown> } | null | undefined;
  return value == null ? null : value.load();
}
