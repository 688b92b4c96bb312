import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../../kernel/common/scalars';

export enum TraceDirection {
  /** From a lot to what it was made of, down to the receipts and their suppliers. */
  BACKWARD = 'BACKWARD',
  /** From a lot to what was made of it, up to the customer shipments. */
  FORWARD = 'FORWARD',
}
registerEnumType(TraceDirection, { name: 'TraceDirection' });

@ObjectType({ description: 'A lot reached by a trace' })
export class TraceLot {
  @Field(() => ID) lotId!: string;
  @Field() lotCode!: string;
  @Field(() => ID) itemId!: string;
  @Field() sku!: string;
  @Field() itemName!: string;
  @Field() itemType!: string;
  @Field() unit!: string;
  @Field({ description: 'AVAILABLE or ON_HOLD' }) status!: string;
  @Field(() => Int, { description: 'Steps from the lot traced (0 is the lot itself), the shortest way' }) depth!: number;
  @Field(() => DecimalScalar, { description: 'Still in physical locations' }) qtyOnHand!: string;
}

@ObjectType({ description: 'A quantity of an item (of a lot, when tracked)' })
export class TraceQty {
  @Field(() => ID, { nullable: true }) lotId!: string | null;
  @Field(() => String, { nullable: true }) lotCode!: string | null;
  @Field(() => ID) itemId!: string;
  @Field() sku!: string;
  @Field() unit!: string;
  @Field(() => DecimalScalar) qty!: string;
}

@ObjectType({ description: 'A work order on the path of a trace, with what it consumed and what it made' })
export class TraceWorkOrder {
  @Field(() => ID) workOrderId!: string;
  @Field() code!: string;
  @Field(() => ID) itemId!: string;
  @Field() sku!: string;
  @Field() state!: string;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => [TraceQty], { description: 'Issued to it, per item and lot' }) consumed!: TraceQty[];
  @Field(() => [TraceQty], { description: 'Completed by it into stock, per lot' }) produced!: TraceQty[];
}

@ObjectType({ description: 'Goods of a traced lot received from a supplier' })
export class TraceReceipt {
  @Field(() => ID) stockMoveId!: string;
  @Field(() => ID) lotId!: string;
  @Field() lotCode!: string;
  @Field(() => ID) itemId!: string;
  @Field() sku!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field() receivedAt!: Date;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => ID, { nullable: true, description: 'The supplier commitment it was received against' }) commitmentId!: string | null;
  @Field(() => String, { nullable: true }) commitmentCode!: string | null;
  @Field(() => String, { nullable: true, description: "The supplier's advance shipping notice number" }) shippingNotice!: string | null;
  @Field(() => ID, { nullable: true }) supplierId!: string | null;
  @Field(() => String, { nullable: true }) supplierCode!: string | null;
  @Field(() => String, { nullable: true }) supplierName!: string | null;
}

@ObjectType({ description: 'Goods of a traced lot shipped to a customer' })
export class TraceShipment {
  @Field(() => ID) shipmentId!: string;
  @Field({ description: 'The delivery note number' }) code!: string;
  @Field() shippedAt!: Date;
  @Field(() => ID) lotId!: string;
  @Field() lotCode!: string;
  @Field(() => ID) itemId!: string;
  @Field() sku!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => ID) salesOrderId!: string;
  @Field() salesOrderCode!: string;
  @Field(() => ID) customerId!: string;
  @Field() customerCode!: string;
  @Field() customerName!: string;
}

@ObjectType({ description: 'Where a lot came from (BACKWARD) or went (FORWARD), through every level of production' })
export class LotTrace {
  @Field(() => TraceDirection) direction!: TraceDirection;
  @Field(() => TraceLot, { description: 'The lot traced' }) lot!: TraceLot;
  @Field(() => [TraceLot], { description: 'Every lot reached, the lot traced first, nearest first' }) lots!: TraceLot[];
  @Field(() => [TraceWorkOrder]) workOrders!: TraceWorkOrder[];
  @Field(() => [TraceReceipt], { description: 'Receipts of the lots reached (the raw materials at the end of a backward trace)' })
  receipts!: TraceReceipt[];
  @Field(() => [TraceShipment], { description: 'Shipments of the lots reached (the customers at the end of a forward trace)' })
  shipments!: TraceShipment[];
}

@ObjectType()
export class RecallOrder {
  @Field(() => ID) salesOrderId!: string;
  @Field() salesOrderCode!: string;
  @Field(() => DecimalScalar, { description: 'Shipped of the affected lots (any item)' }) qty!: string;
  @Field(() => [String], { description: 'Delivery notes' }) deliveryNotes!: string[];
}

@ObjectType({ description: 'A customer that received goods of the affected lots' })
export class RecallCustomer {
  @Field(() => ID) customerId!: string;
  @Field() customerCode!: string;
  @Field() customerName!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => [RecallOrder]) orders!: RecallOrder[];
}

@ObjectType({ description: 'Stock of an affected lot still in the plant' })
export class RecallStock {
  @Field(() => ID) lotId!: string;
  @Field() lotCode!: string;
  @Field(() => ID) itemId!: string;
  @Field() sku!: string;
  @Field() unit!: string;
  @Field(() => ID) locationId!: string;
  @Field() locationCode!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field({ description: 'Already on hold' }) onHold!: boolean;
}

@ObjectType({ description: 'What a recall of a lot touches: who received it, and what is still here to hold' })
export class RecallImpact {
  @Field(() => TraceLot) lot!: TraceLot;
  @Field(() => [TraceLot], { description: 'Every lot made (at any level) from the lot, the lot included' }) lots!: TraceLot[];
  @Field(() => [RecallCustomer]) customers!: RecallCustomer[];
  @Field(() => [RecallStock]) inStock!: RecallStock[];
  @Field(() => [TraceLot], { description: 'Affected lots with stock here that are not on hold yet' }) lotsToHold!: TraceLot[];
  @Field(() => [TraceWorkOrder], { description: 'Work orders that consumed affected lots and are not completed yet' })
  openWorkOrders!: TraceWorkOrder[];
}
