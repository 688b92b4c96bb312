import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Permission } from '../auth/permissions';
import type { GqlContext } from '../graphql/context';
import { ExternalRef } from '../common/external-ref';
import { Item } from '../../modules/catalog/item.entity';
import { Partner } from '../../modules/partners/partner.entity';
import { SalesOrder } from '../../modules/sales/sales-order.entity';

/** `externalRefs` on every imported type, batched per request (one query per type and tick). */
@Resolver(() => Item)
export class ItemExternalRefsResolver {
  // Another system's ids are internal: a partner sees the item, not where we keep it.
  @Authorized(Permission.CatalogRead)
  @FieldResolver(() => [ExternalRef], { description: 'Where it comes from: system and id there' })
  externalRefs(@Ctx() ctx: GqlContext, @Root() item: Item) {
    return ctx.loaders.externalRefs.load(`Item:${item.id}`);
  }
}

@Resolver(() => Partner)
export class PartnerExternalRefsResolver {
  @Authorized(Permission.PartnersRead)
  @FieldResolver(() => [ExternalRef], { description: 'Where it comes from: system and id there' })
  externalRefs(@Ctx() ctx: GqlContext, @Root() partner: Partner) {
    return ctx.loaders.externalRefs.load(`Partner:${partner.id}`);
  }
}

@Resolver(() => SalesOrder)
export class SalesOrderExternalRefsResolver {
  @Authorized(Permission.SalesRead)
  @FieldResolver(() => [ExternalRef], { description: 'Where it comes from: system and id there' })
  externalRefs(@Ctx() ctx: GqlContext, @Root() order: SalesOrder) {
    return ctx.loaders.externalRefs.load(`SalesOrder:${order.id}`);
  }
}
