import type { EntityClass, FindOneOptions, LockMode } from '@mikro-orm/core';
import type { EntityManager } from './orm';
import { notFound } from '../common/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/**
 * Loads an entity by id or throws NOT_FOUND naming what was asked for. A malformed id is simply an id
 * that does not exist, not a database error.
 */
export async function getOrFail<T extends { id: string }>(
  em: EntityManager,
  entity: EntityClass<T>,
  id: string,
  what: string,
  options: { lock?: LockMode; populate?: readonly string[] } = {},
): Promise<T> {
  if (!isUuid(id)) throw notFound(what, id);
  const found = await em.findOne(
    entity,
    { id } as never,
    {
      ...(options.lock ? { lockMode: options.lock, refresh: true } : {}),
      ...(options.populate ? { populate: options.populate } : {}),
    } as FindOneOptions<T>,
  );
  if (!found) throw notFound(what, id);
  return found;
}
