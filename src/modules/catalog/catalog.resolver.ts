import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Field, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import { ExternalRef } from '../../kernel/external-refs/external-ref';
import { loadExternalRefs } from '../../kernel/graphql/loaders';
import { Partner } from '../partners/partner.entity';
import { PartnersPermission } from '../partners/partner.permissions';
import { Item } from './item.entity';
import { WorkCenter } from './work-center.entity';
import { Bom, BomLine } from './bom.entity';
import { Routing, RoutingOperation } from './routing.entity';
import * as catalog from './catalog.service';
import * as queries from './catalog.queries';
import {
  CreateBomInput,
  CreateItemInput,
  CreateRoutingInput,
  CreateWorkCenterInput,
  SetOverIssueToleranceInput,
  SetWorkCenterRatesInput,
  ItemFilter,
  VersionFilter,
} from './dto/catalog.inputs';
import { CatalogPermission } from './catalog.permissions';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const ItemConnection = ConnectionType(Item);
const WorkCenterConnection = ConnectionType(WorkCenter);
const BomConnection = ConnectionType(Bom);
const RoutingConnection = ConnectionType(Routing);

@ObjectType()
class ItemPayload {
  @Field(() => Item) item!: Item;
}
@ObjectType()
class WorkCenterPayload {
  @Field(() => WorkCenter) workCenter!: WorkCenter;
}
@ObjectType()
class BomPayload {
  @Field(() => Bom) bom!: Bom;
}
@ObjectType()
class RoutingPayload {
  @Field(() => Routing) routing!: Routing;
}

@Resolver(() => Item)
export class ItemResolver {
  @Authorized(CatalogPermission.CatalogRead)
  @Query(() => Item, { description: 'One item by id' })
  item(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return queries.getItem(ctx, id);
  }

  @Authorized(CatalogPermission.CatalogRead)
  @Query(() => ItemConnection)
  items(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ItemFilter, { nullable: true }) filter?: ItemFilter,
  ) {
    return queries.listItems(ctx, filter, page);
  }

  @Authorized(CatalogPermission.CatalogWrite)
  @Mutation(() => ItemPayload)
  async createItem(@Ctx() ctx: GqlContext, @Arg('input', () => CreateItemInput) input: CreateItemInput) {
    return { item: await catalog.createItem(ctx, input) };
  }

  @Authorized(CatalogPermission.CatalogWrite)
  @Mutation(() => ItemPayload, { description: 'How far above the requirement an item may be issued before a reason is asked for' })
  async setOverIssueTolerance(@Ctx() ctx: GqlContext, @Arg('input', () => SetOverIssueToleranceInput) input: SetOverIssueToleranceInput) {
    return { item: await catalog.setOverIssueTolerance(ctx, input) };
  }

  @FromPlan()
  @Authorized(PartnersPermission.PartnersRead)
  @FieldResolver(() => Partner, { nullable: true })
  preferredSupplier(@Root() item: Row<Item>) {
    return related(item, 'preferredSupplier');
  }

  @Authorized(CatalogPermission.CatalogRead)
  @FieldResolver(() => Bom, { nullable: true, description: 'The BOM version a release explodes' })
  activeBom(@Ctx() ctx: GqlContext, @Root() item: Row<Item>) {
    return ctx.loaders.activeBom.load(item.id);
  }

  @Authorized(CatalogPermission.CatalogRead)
  @FieldResolver(() => Routing, { nullable: true, description: 'The routing version a release uses' })
  activeRouting(@Ctx() ctx: GqlContext, @Root() item: Row<Item>) {
    return ctx.loaders.activeRouting.load(item.id);
  }

  // Another system's ids are internal: a partner sees the item, not where we keep it.
  @Authorized(CatalogPermission.CatalogRead)
  @FieldResolver(() => [ExternalRef], { description: 'Where it comes from: system and id there' })
  externalRefs(@Ctx() ctx: GqlContext, @Root() item: Row<Item>) {
    return loadExternalRefs(ctx, 'Item', item.id);
  }
}

@Resolver(() => WorkCenter)
export class WorkCenterResolver {
  @Authorized(CatalogPermission.CatalogRead)
  @Query(() => WorkCenterConnection)
  workCenters(@Ctx() ctx: GqlContext, @Args(() => PageArgs) page: PageArgs) {
    return queries.listWorkCenters(ctx, page);
  }

  @Authorized(CatalogPermission.CatalogWrite)
  @Mutation(() => WorkCenterPayload)
  async createWorkCenter(@Ctx() ctx: GqlContext, @Arg('input', () => CreateWorkCenterInput) input: CreateWorkCenterInput) {
    return { workCenter: await catalog.createWorkCenter(ctx, input) };
  }

  @Authorized(CatalogPermission.CostsWrite)
  @Mutation(() => WorkCenterPayload, { description: "Sets a work center's labour and machine rates per hour" })
  async setWorkCenterRates(@Ctx() ctx: GqlContext, @Arg('input', () => SetWorkCenterRatesInput) input: SetWorkCenterRatesInput) {
    return { workCenter: await catalog.setWorkCenterRates(ctx, input) };
  }
}

@Resolver(() => Bom)
export class BomResolver {
  @Authorized(CatalogPermission.CatalogRead)
  @Query(() => BomConnection, { description: 'Bills of materials, every version' })
  boms(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => VersionFilter, { nullable: true }) filter?: VersionFilter,
  ) {
    return queries.listBoms(ctx, filter, page);
  }

  @Authorized(CatalogPermission.CatalogWrite)
  @Mutation(() => BomPayload, { description: 'A new BOM version for an item; it becomes the active one' })
  async createBom(@Ctx() ctx: GqlContext, @Arg('input', () => CreateBomInput) input: CreateBomInput) {
    return { bom: await catalog.createBom(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() bom: Row<Bom>) {
    return related(bom, 'item');
  }

  @FromPlan()
  @FieldResolver(() => [BomLine])
  lines(@Root() bom: Row<Bom>) {
    return related(bom, 'lines');
  }
}

@Resolver(() => BomLine)
export class BomLineResolver {
  @FromPlan()
  @FieldResolver(() => Item)
  component(@Root() line: Row<BomLine>) {
    return related(line, 'component');
  }
}

@Resolver(() => Routing)
export class RoutingResolver {
  @Authorized(CatalogPermission.CatalogRead)
  @Query(() => RoutingConnection, { description: 'Routings, every version' })
  routings(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => VersionFilter, { nullable: true }) filter?: VersionFilter,
  ) {
    return queries.listRoutings(ctx, filter, page);
  }

  @Authorized(CatalogPermission.CatalogWrite)
  @Mutation(() => RoutingPayload, { description: 'A new routing version for an item; it becomes the active one' })
  async createRouting(@Ctx() ctx: GqlContext, @Arg('input', () => CreateRoutingInput) input: CreateRoutingInput) {
    return { routing: await catalog.createRouting(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() routing: Row<Routing>) {
    return related(routing, 'item');
  }

  @FromPlan()
  @FieldResolver(() => [RoutingOperation])
  operations(@Root() routing: Row<Routing>) {
    return related(routing, 'operations');
  }
}

@Resolver(() => RoutingOperation)
export class RoutingOperationResolver {
  @FromPlan()
  @FieldResolver(() => WorkCenter)
  workCenter(@Root() op: Row<RoutingOperation>) {
    return related(op, 'workCenter');
  }
}
