import { Collection, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Item } from '../catalog/item.entity';
import { Bom } from '../catalog/bom.entity';
import { Routing } from '../catalog/routing.entity';
import { SalesOrderLine } from '../sales/sales-order.entity';
import { WorkOrderOperation } from './work-order-operation.entity';
import { MaterialRequirement } from './material-requirement.entity';

export enum WorkOrderState {
  PLANNED = 'PLANNED',
  RELEASED = 'RELEASED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(WorkOrderState, { name: 'WorkOrderState' });

@ObjectType()
@Entity()
export class WorkOrder extends BaseEntity<'state' | 'qtyCompleted' | 'qtyScrapped' | 'makesUpShortfall'> {
  @Field({ description: 'Human code, e.g. WO-000123' }) @Property({ unique: true }) code!: string;
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @Field(() => DecimalScalar, { description: 'Ordered quantity' }) @Property(decimalColumn()) qty!: string;
  @Field() @Property({ type: 'date' }) dueDate!: string;
  @Index() @ManyToOne(() => SalesOrderLine, { ref: true, nullable: true }) salesOrderLine?: Ref<SalesOrderLine>;
  @Field(() => WorkOrderState) @Enum(() => WorkOrderState) state: WorkOrderState = WorkOrderState.PLANNED;
  @Field({ description: 'Made to make up what an earlier work order of its sales order line finished short of' })
  @Property({ default: false })
  makesUpShortfall: boolean = false;
  @ManyToOne(() => Bom, { ref: true, nullable: true }) bom?: Ref<Bom>;
  @ManyToOne(() => Routing, { ref: true, nullable: true }) routing?: Ref<Routing>;
  @Field(() => DecimalScalar, { description: 'Good quantity received into finished goods' })
  @Property(decimalColumn())
  qtyCompleted: string = '0';
  @Field(() => DecimalScalar, { description: 'Quantity scrapped at any operation' })
  @Property(decimalColumn())
  qtyScrapped: string = '0';
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) releasedAt?: Date;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) startedAt?: Date;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) completedAt?: Date;
  /** When the published plan starts it: for a planned order, which has no operations yet, the only record of it. */
  @Field({ nullable: true, description: 'When the published plan starts it' })
  @Property({ type: 'datetime', length: 3, nullable: true })
  plannedStart?: Date;
  @OneToMany(() => WorkOrderOperation, (o) => o.workOrder, { orderBy: { sequence: 'asc' } })
  operations = new Collection<WorkOrderOperation>(this);
  @OneToMany(() => MaterialRequirement, (m) => m.workOrder) materials = new Collection<MaterialRequirement>(this);
}
