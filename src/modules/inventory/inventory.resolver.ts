import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { IsOptional, IsUUID } from 'class-validator';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs, paginate } from '../../kernel/graphql/connection';
import { Permission } from '../../kernel/auth/permissions';
import { Item } from '../catalog/item.entity';
import { Location, LocationType } from './location.entity';
import { Lot, LotStatus } from './lot.entity';
import { StockMove, StockMoveReason } from './stock-move.entity';
import { StockBalance } from './stock-balance.entity';
import * as inventory from './inventory.service';
import { CreateLocationInput, ReceiveStockInput, TransferStockInput } from './dto/inventory.inputs';

const LocationConnection = ConnectionType(Location);
const LotConnection = ConnectionType(Lot);
const StockMoveConnection = ConnectionType(StockMove);
const StockBalanceConnection = ConnectionType(StockBalance);

@InputType()
class LocationFilter {
  @Field(() => [LocationType], { nullable: true }) types?: LocationType[];
  @Field({ nullable: true }) virtual?: boolean;
}

@InputType()
class LotFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => LotStatus, { nullable: true }) status?: LotStatus;
}

@InputType()
class StockBalanceFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() locationId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() lotId?: string;
  @Field({ defaultValue: false, description: 'Include the virtual locations (supplier, customer, production, scrap)' })
  includeVirtual!: boolean;
  @Field({ defaultValue: false, description: 'Include balances that are zero' }) includeZero!: boolean;
}

@InputType()
class StockMoveFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => ID, { nullable: true, description: 'Moves into or out of this location' })
  @IsOptional()
  @IsUUID()
  locationId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workOrderId?: string;
  @Field(() => StockMoveReason, { nullable: true }) reason?: StockMoveReason;
}

@ObjectType() class LocationPayload { @Field(() => Location) location!: Location; }
@ObjectType() class StockMovePayload { @Field(() => StockMove) stockMove!: StockMove; }

@Resolver(() => Location)
export class LocationResolver {
  @Authorized(Permission.InventoryRead)
  @Query(() => LocationConnection)
  locations(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => LocationFilter, { nullable: true }) filter?: LocationFilter,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.types?.length) where.type = { $in: filter.types };
    if (filter?.virtual !== undefined && filter.virtual !== null) where.virtual = filter.virtual;
    return paginate(ctx.em, Location, where, page, { code: 'asc', id: 'asc' });
  }

  @Authorized(Permission.InventoryMove)
  @Mutation(() => LocationPayload)
  async createLocation(@Ctx() ctx: GqlContext, @Arg('input', () => CreateLocationInput) input: CreateLocationInput) {
    return { location: await inventory.createLocation(ctx, input) };
  }
}

@Resolver(() => Lot)
export class LotResolver {
  @Authorized(Permission.InventoryRead)
  @Query(() => LotConnection)
  lots(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => LotFilter, { nullable: true }) filter?: LotFilter,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.itemId) where.item = filter.itemId;
    if (filter?.status) where.status = filter.status;
    return paginate(ctx.em, Lot, where, page, { code: 'asc', id: 'asc' });
  }

  @FieldResolver(() => Item)
  item(@Root() lot: Lot) {
    return lot.item.load();
  }
}

@Resolver(() => StockBalance)
export class StockBalanceResolver {
  @Authorized(Permission.InventoryRead)
  @Query(() => StockBalanceConnection, { description: 'On-hand quantities per item, location and lot' })
  stockBalances(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => StockBalanceFilter, { nullable: true }) filter?: StockBalanceFilter,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.itemId) where.item = filter.itemId;
    if (filter?.locationId) where.location = filter.locationId;
    if (filter?.lotId) where.lot = filter.lotId;
    if (!filter?.includeVirtual) where.location = { ...(filter?.locationId ? { id: filter.locationId } : {}), virtual: false };
    if (!filter?.includeZero) where.qty = { $ne: 0 };
    return paginate(ctx.em, StockBalance, where, page, { createdAt: 'asc', id: 'asc' });
  }

  @FieldResolver(() => Item)
  item(@Root() b: StockBalance) {
    return b.item.load();
  }

  @FieldResolver(() => Location)
  location(@Root() b: StockBalance) {
    return b.location.load();
  }

  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() b: StockBalance) {
    return b.lot?.load() ?? null;
  }
}

@Resolver(() => StockMove)
export class StockMoveResolver {
  @Authorized(Permission.InventoryRead)
  @Query(() => StockMoveConnection, { description: 'The stock ledger, oldest first' })
  stockMoves(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => StockMoveFilter, { nullable: true }) filter?: StockMoveFilter,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.itemId) where.item = filter.itemId;
    if (filter?.workOrderId) where.workOrderId = filter.workOrderId;
    if (filter?.reason) where.reason = filter.reason;
    if (filter?.locationId) where.$or = [{ fromLocation: filter.locationId }, { toLocation: filter.locationId }];
    return paginate(ctx.em, StockMove, where, page, { createdAt: 'asc', id: 'asc' });
  }

  @Authorized(Permission.InventoryMove)
  @Mutation(() => StockMovePayload, { description: 'Goods received from a supplier; idempotent on idempotencyKey' })
  async receiveStock(@Ctx() ctx: GqlContext, @Arg('input', () => ReceiveStockInput) input: ReceiveStockInput) {
    return { stockMove: await inventory.receiveStock(ctx, input) };
  }

  @Authorized(Permission.InventoryMove)
  @Mutation(() => StockMovePayload, { description: 'Moves stock between two physical locations' })
  async transferStock(@Ctx() ctx: GqlContext, @Arg('input', () => TransferStockInput) input: TransferStockInput) {
    return { stockMove: await inventory.transferStock(ctx, input) };
  }

  @FieldResolver(() => Item)
  item(@Root() m: StockMove) {
    return m.item.load();
  }

  @FieldResolver(() => Location)
  fromLocation(@Root() m: StockMove) {
    return m.fromLocation.load();
  }

  @FieldResolver(() => Location)
  toLocation(@Root() m: StockMove) {
    return m.toLocation.load();
  }

  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() m: StockMove) {
    return m.lot?.load() ?? null;
  }
}
