import { Field, ID, InputType, Int } from 'type-graphql';
import { Length, Min, ArrayMinSize, ArrayMaxSize, ValidateNested, IsOptional, IsUUID } from 'class-validator';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { ItemTracking, ItemType } from '../item.entity';
import { WorkCenterState } from '../work-center.entity';
import { ExternalRef } from '../../../kernel/external-refs/external-ref';

@InputType()
export class CreateItemInput {
  @Field() @Length(1, 64) sku!: string;
  @Field() @Length(1, 200) name!: string;
  @Field(() => ItemType) type!: ItemType;
  @Field({ defaultValue: 'pcs' }) @Length(1, 16) unit!: string;
  @Field(() => ItemTracking, { defaultValue: ItemTracking.NONE }) tracking!: ItemTracking;
  @Field(() => DecimalScalar, { defaultValue: '0' }) standardCost!: string;
  @Field(() => Int, { defaultValue: 0 }) @Min(0) leadTimeDays!: number;
  @Field(() => ID, { nullable: true }) preferredSupplierId?: string;
  @Field(() => [ExternalRef], { nullable: true }) externalRefs?: ExternalRef[];
}

@InputType()
export class CreateWorkCenterInput {
  @Field() @Length(1, 64) code!: string;
  @Field() @Length(1, 200) name!: string;
  @Field(() => DecimalScalar, { defaultValue: '8' }) capacityHoursPerDay!: string;
  @Field({ defaultValue: 'MON-FRI 08:00-16:00' }) @Length(1, 100) calendar!: string;
  @Field(() => WorkCenterState, { defaultValue: WorkCenterState.UP }) state!: WorkCenterState;
  @Field(() => DecimalScalar, { defaultValue: '0', description: "Cost of an hour of operators' time" }) labourRatePerHour!: string;
  @Field(() => DecimalScalar, { defaultValue: '0', description: 'Cost of an hour of machine time' }) machineRatePerHour!: string;
}

@InputType()
export class SetWorkCenterRatesInput {
  @Field(() => ID) workCenterId!: string;
  @Field(() => DecimalScalar) labourRatePerHour!: string;
  @Field(() => DecimalScalar) machineRatePerHour!: string;
}

@InputType()
export class BomLineInput {
  @Field(() => ID) componentId!: string;
  @Field(() => DecimalScalar) qtyPer!: string;
  @Field(() => DecimalScalar, { defaultValue: '0' }) scrapPct!: string;
}

@InputType()
export class CreateBomInput {
  @Field(() => ID) itemId!: string;
  @Field(() => [BomLineInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines!: BomLineInput[];
}

@InputType()
export class RoutingOperationInput {
  @Field(() => Int) @Min(1) sequence!: number;
  @Field() @Length(1, 200) name!: string;
  @Field(() => ID) workCenterId!: string;
  @Field(() => DecimalScalar, { defaultValue: '0' }) setupMinutes!: string;
  @Field(() => DecimalScalar, { defaultValue: '0' }) runMinutesPerUnit!: string;
  @Field({ defaultValue: false }) inspection!: boolean;
}

@InputType()
export class CreateRoutingInput {
  @Field(() => ID) itemId!: string;
  @Field(() => [RoutingOperationInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  operations!: RoutingOperationInput[];
}

@InputType()
export class ItemFilter {
  @Field(() => ItemType, { nullable: true }) type?: ItemType;
  @Field(() => ItemTracking, { nullable: true }) tracking?: ItemTracking;
  @Field({ nullable: true, description: 'Part of the SKU or name, any case' }) @IsOptional() @Length(1, 100) search?: string;
}

@InputType()
export class VersionFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field({ nullable: true, description: 'Only the active versions (true) or only the old ones (false)' }) active?: boolean;
}
