import type { EntityManager } from '../db/orm';
import type { TxCtx } from '../unit-of-work/context';
import { conflict } from '../common/errors';
import type { ExternalRef } from './external-ref';
import { ExternalRefLink } from './external-ref.entity';

/** The entity's type name, e.g. "Item": one namespace of references per type. */
export type RefEntity = string;

/** Records where an object comes from; a reference already used by another object is a CONFLICT. */
export async function linkExternalRefs(tx: TxCtx, entityType: RefEntity, entityId: string, refs: ExternalRef[] = []) {
  for (const ref of refs) {
    const taken = await tx.em.findOne(ExternalRefLink, { entityType, system: ref.system, externalId: ref.externalId });
    if (taken && taken.entityId !== entityId) {
      throw conflict(`${ref.system} ${ref.externalId} already belongs to another ${entityType}`);
    }
    if (!taken) tx.em.create(ExternalRefLink, { entityType, system: ref.system, externalId: ref.externalId, entityId });
  }
}

export async function findByExternalRef(em: EntityManager, entityType: RefEntity, system: string, externalId: string) {
  const link = await em.findOne(ExternalRefLink, { entityType, system, externalId });
  return link?.entityId ?? null;
}

/** The references of many objects in one query (for GraphQL lists). */
export async function externalRefsOf(em: EntityManager, entityType: RefEntity, ids: readonly string[]) {
  const links = await em.find(ExternalRefLink, { entityType, entityId: { $in: [...ids] } }, { orderBy: { system: 'asc' } });
  return ids.map((id) => links.filter((l) => l.entityId === id).map((l) => ({ system: l.system, externalId: l.externalId })));
}
