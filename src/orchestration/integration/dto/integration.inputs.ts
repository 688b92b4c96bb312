import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { DeliveryState } from '../../../kernel/outbox/delivery.entity';
import { ImportSalesOrderInput } from './import.inputs';

@InputType()
export class DeliveryFilter {
  @Field({ nullable: true }) @IsOptional() @Length(1, 64) adapter?: string;
  @Field(() => [DeliveryState], { nullable: true }) states?: DeliveryState[];
  @Field(() => ID, { nullable: true, description: 'Deliveries of one aggregate (a work order, a journal entry, …)' })
  @IsOptional()
  @IsUUID()
  aggregateId?: string;
}

@InputType()
export class ReplayDeliveriesInput {
  @Field(() => [ID], { nullable: true, description: 'These dead deliveries' })
  @IsOptional()
  @IsUUID('all', { each: true })
  deliveryIds?: string[];
  @Field({ nullable: true, description: 'Or every dead delivery of this adapter' }) @IsOptional() @Length(1, 64) adapter?: string;
}

@InputType()
export class ImportSalesOrdersInput {
  @Field() @Length(1, 64) system!: string;
  @Field(() => [ImportSalesOrderInput]) @ArrayMaxSize(1000) @ValidateNested({ each: true }) salesOrders!: ImportSalesOrderInput[];
  @Field({ defaultValue: true }) planWorkOrders!: boolean;
}

@InputType()
export class SyncRunFilter {
  @Field({ nullable: true }) @IsOptional() @Length(1, 64) adapter?: string;
}
