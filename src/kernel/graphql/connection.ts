import type { ClassType } from 'type-graphql';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { IsOptional, Max, Min } from 'class-validator';
import { Cursor, type EntityClass, type FilterQuery, type OrderDefinition } from '@mikro-orm/core';
import type { EntityManager } from '../db/orm';
import { badInput } from '../common/errors';
import { keysOnly } from './read-plan/planned-row';

export const MAX_PAGE = 200;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: `At most ${MAX_PAGE}` })
  @Min(1)
  @Max(MAX_PAGE)
  first!: number;

  @Field({ nullable: true, description: 'The endCursor of the previous page' })
  @IsOptional()
  after?: string;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field({ nullable: true }) endCursor?: string;
}

export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  /** Counted only when read: a query that does not select it costs no `count(*)`. */
  readonly totalCount: Promise<number>;
}

/** A Relay-style connection type for a node type: `ItemConnection { edges { node cursor } pageInfo totalCount }`. */
export function ConnectionType<T extends object>(node: ClassType<T>, name = node.name) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => node) node!: T;
    @Field() cursor!: string;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionClass implements Connection<T> {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: Promise<number>;
  }
  return ConnectionClass;
}

/**
 * One page of entities by keyset (MikroORM's cursor pagination): stable under inserts, no OFFSET scans.
 * `orderBy` must end in a unique column.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  page: PageArgs,
  orderBy: OrderDefinition<T>,
): Promise<Connection<T>> {
  if (page.after !== undefined) {
    try {
      Cursor.decode(page.after);
    } catch {
      throw badInput('after', 'is not a cursor this API handed out');
    }
  }
  const meta = em.getMetadata().get(entity);
  const options = { first: page.first, after: page.after, orderBy, overfetch: true };
  // Keys only, straight from the driver: no entities are built for a page the read planner then fills
  // (plan-reads.ts) with exactly the columns and relations the query selects.
  const fields = [...new Set([...meta.primaryKeys, ...Cursor.getDefinition(meta, orderBy).map(([key]) => key)])];
  const rows = await em.getDriver().find(entity, where as never, { ...options, fields, ctx: em.getTransactionContext() } as never);
  const cursor = new Cursor(rows as never[], undefined as never, options, meta);
  const items = (cursor.items as T[]).map(keysOnly);
  let count: Promise<number> | undefined;
  return {
    edges: items.map((node) => ({ node, cursor: cursor.from(node as never) })),
    pageInfo: { hasNextPage: cursor.hasNextPage, endCursor: cursor.endCursor ?? undefined },
    // What findByCursor would count alongside the page, asked only when the field is resolved.
    get totalCount() {
      return (count ??= em.count(entity, where as never, { where, first: page.first, after: page.after, orderBy } as never));
    },
  };
}
