import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { type Ref } from '@mikro-orm/core';
import { Authorized, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Partner } from '../partners/partner.entity';
import { CatalogPermission } from './catalog.permissions';

export enum ItemType {
  RAW = 'RAW',
  SEMI = 'SEMI',
  FINISHED = 'FINISHED',
}
registerEnumType(ItemType, { name: 'ItemType' });

export enum ItemTracking {
  NONE = 'NONE',
  LOT = 'LOT',
  SERIAL = 'SERIAL',
}
registerEnumType(ItemTracking, { name: 'ItemTracking' });

@ObjectType()
@Entity()
export class Item extends BaseEntity<'unit' | 'tracking' | 'standardCost' | 'leadTimeDays'> {
  @Field() @Property({ unique: true }) sku!: string;
  @Field() @Property() name!: string;
  @Field(() => ItemType) @Enum(() => ItemType) type!: ItemType;
  @Field({ description: 'Unit of measure, e.g. pcs, kg, m' }) @Property() unit: string = 'pcs';
  @Field(() => ItemTracking) @Enum(() => ItemTracking) tracking: ItemTracking = ItemTracking.NONE;
  @Authorized(CatalogPermission.CostsRead)
  @Field(() => DecimalScalar, { description: 'Standard cost per unit (finance, planner, admin only)' })
  @Property(decimalColumn())
  standardCost: string = '0';
  @Field(() => Int) @Property() leadTimeDays: number = 0;
  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'How far above the required quantity it may be issued to a work order, in percent; beyond it a reason is required. None: no limit',
  })
  @Property({ ...decimalColumn(), nullable: true })
  overIssueTolerancePct?: string;
  @ManyToOne(() => Partner, { ref: true, nullable: true }) preferredSupplier?: Ref<Partner>;
}
