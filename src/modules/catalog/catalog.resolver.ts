import { Arg, Args, Authorized, Ctx, FieldResolver, ID, InputType, Field, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { IsOptional, IsUUID, Length } from 'class-validator';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs, paginate } from '../../kernel/graphql/connection';
import { Permission } from '../../kernel/auth/permissions';
import { getOrFail } from '../../kernel/common/lookup';
import { Partner } from '../partners/partner.entity';
import { Item, ItemTracking, ItemType } from './item.entity';
import { WorkCenter } from './work-center.entity';
import { Bom, BomLine } from './bom.entity';
import { Routing, RoutingOperation } from './routing.entity';
import * as catalog from './catalog.service';
import { CreateBomInput, CreateItemInput, CreateRoutingInput, CreateWorkCenterInput } from './dto/catalog.inputs';

const ItemConnection = ConnectionType(Item);
const WorkCenterConnection = ConnectionType(WorkCenter);
const BomConnection = ConnectionType(Bom);
const RoutingConnection = ConnectionType(Routing);

@InputType()
class VersionFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field({ nullable: true, description: 'Only the active versions (true) or only the old ones (false)' }) active?: boolean;
}

function versionWhere(filter?: VersionFilter) {
  const where: Record<string, unknown> = {};
  if (filter?.itemId) where.item = filter.itemId;
  if (filter?.active !== undefined && filter.active !== null) where.active = filter.active;
  return where;
}

@InputType()
class ItemFilter {
  @Field(() => ItemType, { nullable: true }) type?: ItemType;
  @Field(() => ItemTracking, { nullable: true }) tracking?: ItemTracking;
  @Field({ nullable: true, description: 'Part of the SKU or name, any case' }) @IsOptional() @Length(1, 100) search?: string;
}

@ObjectType() class ItemPayload { @Field(() => Item) item!: Item; }
@ObjectType() class WorkCenterPayload { @Field(() => WorkCenter) workCenter!: WorkCenter; }
@ObjectType() class BomPayload { @Field(() => Bom) bom!: Bom; }
@ObjectType() class RoutingPayload { @Field(() => Routing) routing!: Routing; }

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Resolver(() => Item)
export class ItemResolver {
  @Authorized(Permission.CatalogRead)
  @Query(() => Item, { description: 'One item by id' })
  item(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return getOrFail(ctx.em, Item, id, 'Item');
  }

  @Authorized(Permission.CatalogRead)
  @Query(() => ItemConnection)
  items(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ItemFilter, { nullable: true }) filter?: ItemFilter,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.type) where.type = filter.type;
    if (filter?.tracking) where.tracking = filter.tracking;
    if (filter?.search) {
      const like = `%${escapeLike(filter.search)}%`;
      where.$or = [{ sku: { $ilike: like } }, { name: { $ilike: like } }];
    }
    return paginate(ctx.em, Item, where, page, { sku: 'asc', id: 'asc' });
  }

  @Authorized(Permission.CatalogWrite)
  @Mutation(() => ItemPayload)
  async createItem(@Ctx() ctx: GqlContext, @Arg('input', () => CreateItemInput) input: CreateItemInput) {
    return { item: await catalog.createItem(ctx, input) };
  }

  @Authorized(Permission.PartnersRead)
  @FieldResolver(() => Partner, { nullable: true })
  preferredSupplier(@Root() item: Item) {
    return item.preferredSupplier?.load() ?? null;
  }

  @Authorized(Permission.CatalogRead)
  @FieldResolver(() => Bom, { nullable: true, description: 'The BOM version a release explodes' })
  activeBom(@Ctx() ctx: GqlContext, @Root() item: Item) {
    return ctx.loaders.activeBom.load(item.id);
  }

  @Authorized(Permission.CatalogRead)
  @FieldResolver(() => Routing, { nullable: true, description: 'The routing version a release uses' })
  activeRouting(@Ctx() ctx: GqlContext, @Root() item: Item) {
    return ctx.loaders.activeRouting.load(item.id);
  }
}

@Resolver(() => WorkCenter)
export class WorkCenterResolver {
  @Authorized(Permission.CatalogRead)
  @Query(() => WorkCenterConnection)
  workCenters(@Ctx() ctx: GqlContext, @Args(() => PageArgs) page: PageArgs) {
    return paginate(ctx.em, WorkCenter, {}, page, { code: 'asc', id: 'asc' });
  }

  @Authorized(Permission.CatalogWrite)
  @Mutation(() => WorkCenterPayload)
  async createWorkCenter(@Ctx() ctx: GqlContext, @Arg('input', () => CreateWorkCenterInput) input: CreateWorkCenterInput) {
    return { workCenter: await catalog.createWorkCenter(ctx, input) };
  }
}

@Resolver(() => Bom)
export class BomResolver {
  @Authorized(Permission.CatalogRead)
  @Query(() => BomConnection, { description: 'Bills of materials, every version' })
  boms(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => VersionFilter, { nullable: true }) filter?: VersionFilter,
  ) {
    return paginate(ctx.em, Bom, versionWhere(filter), page, { createdAt: 'asc', id: 'asc' });
  }

  @Authorized(Permission.CatalogWrite)
  @Mutation(() => BomPayload, { description: 'A new BOM version for an item; it becomes the active one' })
  async createBom(@Ctx() ctx: GqlContext, @Arg('input', () => CreateBomInput) input: CreateBomInput) {
    return { bom: await catalog.createBom(ctx, input) };
  }

  @FieldResolver(() => Item)
  item(@Root() bom: Bom) {
    return bom.item.load();
  }

  @FieldResolver(() => [BomLine])
  lines(@Root() bom: Bom) {
    return bom.lines.load();
  }
}

@Resolver(() => BomLine)
export class BomLineResolver {
  @FieldResolver(() => Item)
  component(@Root() line: BomLine) {
    return line.component.load();
  }
}

@Resolver(() => Routing)
export class RoutingResolver {
  @Authorized(Permission.CatalogRead)
  @Query(() => RoutingConnection, { description: 'Routings, every version' })
  routings(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => VersionFilter, { nullable: true }) filter?: VersionFilter,
  ) {
    return paginate(ctx.em, Routing, versionWhere(filter), page, { createdAt: 'asc', id: 'asc' });
  }

  @Authorized(Permission.CatalogWrite)
  @Mutation(() => RoutingPayload, { description: 'A new routing version for an item; it becomes the active one' })
  async createRouting(@Ctx() ctx: GqlContext, @Arg('input', () => CreateRoutingInput) input: CreateRoutingInput) {
    return { routing: await catalog.createRouting(ctx, input) };
  }

  @FieldResolver(() => Item)
  item(@Root() routing: Routing) {
    return routing.item.load();
  }

  @FieldResolver(() => [RoutingOperation])
  operations(@Root() routing: Routing) {
    return routing.operations.load();
  }
}

@Resolver(() => RoutingOperation)
export class RoutingOperationResolver {
  @FieldResolver(() => WorkCenter)
  workCenter(@Root() op: RoutingOperation) {
    return op.workCenter.load();
  }
}
