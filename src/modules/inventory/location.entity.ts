import { Entity, Enum, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../kernel/db/base.entity';

export enum LocationType {
  RECEIVING = 'RECEIVING',
  STORAGE = 'STORAGE',
  LINE_SIDE = 'LINE_SIDE',
  FINISHED_GOODS = 'FINISHED_GOODS',
  SHIPPING = 'SHIPPING',
  SUPPLIER = 'SUPPLIER',
  CUSTOMER = 'CUSTOMER',
  PRODUCTION = 'PRODUCTION',
  SCRAP = 'SCRAP',
  /** The other side of stock found or lost at a count or an adjustment. */
  ADJUSTMENT = 'ADJUSTMENT',
  /** Where spare parts used on maintenance orders go. */
  MAINTENANCE = 'MAINTENANCE',
}
registerEnumType(LocationType, { name: 'LocationType' });

/** Virtual locations are the other side of every move that enters or leaves the factory's stock. */
export const VIRTUAL_LOCATION_TYPES: ReadonlySet<LocationType> = new Set([
  LocationType.SUPPLIER,
  LocationType.CUSTOMER,
  LocationType.PRODUCTION,
  LocationType.SCRAP,
  LocationType.ADJUSTMENT,
  LocationType.MAINTENANCE,
]);

@ObjectType()
@Entity()
export class Location extends BaseEntity<'virtual'> {
  @Field() @Property({ unique: true }) code!: string;
  @Field() @Property() name!: string;
  @Field(() => LocationType) @Enum(() => LocationType) type!: LocationType;
  @Field({ description: 'Virtual locations may go negative: they mirror what entered or left' })
  @Property()
  virtual: boolean = false;
}
