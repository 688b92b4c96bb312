import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../kernel/common/scalars';
import { CharacteristicKind, InspectionPoint, SamplingRule } from './inspection-plan.entity';
import { InspectionState } from './inspection-task.entity';
import { Disposition, NonconformanceState, WhereFound } from './nonconformance.entity';

@InputType()
export class CharacteristicInput {
  @Field() @Length(1, 100) name!: string;
  @Field(() => CharacteristicKind) kind!: CharacteristicKind;
  @Field(() => DecimalScalar, { nullable: true }) target?: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Lower specification limit (NUMERIC)' }) lowerLimit?: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Upper specification limit (NUMERIC)' }) upperLimit?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 20) unit?: string;
  @Field(() => [String], { nullable: true, description: 'Defect codes a failed ATTRIBUTE may carry' })
  @IsOptional()
  @ArrayMaxSize(50)
  defectCodes?: string[];
}

@InputType({ description: 'An inspection plan: after a routing operation (routingOperationId) or on receipt of a purchased item (itemId)' })
export class CreateInspectionPlanInput {
  @Field() @Length(1, 200) name!: string;
  @Field(() => InspectionPoint) point!: InspectionPoint;
  @Field(() => ID, { nullable: true, description: 'OPERATION plans: the routing operation inspected' })
  @IsOptional()
  @IsUUID()
  routingOperationId?: string;
  @Field(() => ID, { nullable: true, description: 'RECEIPT plans: the purchased item' }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => SamplingRule) sampling!: SamplingRule;
  @Field(() => Int, { nullable: true, description: 'Units per lot (N_PER_LOT, SKIP_LOT)' })
  @IsOptional()
  @Min(1)
  @Max(200)
  sampleSize?: number;
  @Field(() => Int, { nullable: true, description: 'Good lots in a row before SKIP_LOT skips' })
  @IsOptional()
  @Min(1)
  @Max(100)
  skipAfter?: number;
  @Field(() => [CharacteristicInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  characteristics!: CharacteristicInput[];
}

@InputType()
export class MeasurementInput {
  @Field(() => ID) characteristicId!: string;
  @Field(() => Int, { description: 'Which sample, 1…sampleSize' }) @Min(1) sampleNo!: number;
  @Field(() => DecimalScalar, { nullable: true, description: 'The value measured (NUMERIC)' }) value?: string;
  @Field({ nullable: true, description: 'Good or not (ATTRIBUTE)' }) passed?: boolean;
  @Field({ nullable: true, description: 'Why it failed (ATTRIBUTE)' }) @IsOptional() @Length(1, 50) defectCode?: string;
}

@InputType({ description: 'The result of an inspection task, every characteristic of every sample' })
export class RecordInspectionResultInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() taskId?: string;
  @Field({ nullable: true, description: 'The task by its code (as scanned from the traveller), instead of taskId' })
  @IsOptional()
  @Length(1, 50)
  taskCode?: string;
  @Field(() => [MeasurementInput]) @ArrayMinSize(1) @ArrayMaxSize(5000) @ValidateNested({ each: true }) measurements!: MeasurementInput[];
  @Field({ nullable: true }) @IsOptional() @Length(1, 1000) note?: string;
  @Field({ description: 'Unique per recording on the device; a retry is answered with the first result' })
  @Length(1, 200)
  clientEventId!: string;
}

@InputType()
export class InspectionTaskFilter {
  @Field(() => [InspectionState], { nullable: true, description: 'Default: OPEN (the dispatch list)' }) states?: InspectionState[];
  @Field(() => InspectionPoint, { nullable: true }) point?: InspectionPoint;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workOrderId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() lotId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workCenterId?: string;
}

@InputType({ description: 'A nonconformance found by a person (inspections raise their own)' })
export class ReportNonconformanceInput {
  @Field(() => WhereFound) whereFound!: WhereFound;
  @Field() @Length(1, 1000) description!: string;
  @Field(() => [String]) @ArrayMinSize(1) @ArrayMaxSize(20) defectCodes!: string[];
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => ID, { nullable: true, description: 'The lot concerned; it is put on hold' }) @IsOptional() @IsUUID() lotId?: string;
  @Field(() => ID, { nullable: true, description: 'Without a lot: the item concerned' }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workOrderId?: string;
  @Field(() => ID, { nullable: true, description: 'The operation where it was found (for rework)' })
  @IsOptional()
  @IsUUID()
  operationId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() supplierId?: string;
}

@InputType()
export class UpdateNonconformanceInput {
  @Field(() => ID) nonconformanceId!: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 2000) rootCause?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 2000) correctiveAction?: string;
}

@InputType({ description: 'What is done with the nonconforming goods' })
export class DispositionInput {
  @Field(() => ID) nonconformanceId!: string;
  @Field(() => Disposition) disposition!: Disposition;
  @Field({ nullable: true }) @IsOptional() @Length(1, 1000) note?: string;
  @Field(() => ID, { nullable: true, description: 'REWORK: where the rework is done; default the work center where it was found' })
  @IsOptional()
  @IsUUID()
  workCenterId?: string;
}

@InputType()
export class NonconformanceIdInput {
  @Field(() => ID) nonconformanceId!: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 1000) note?: string;
}

@InputType({ description: "The supplier's answer to goods returned to it" })
export class SupplierResponseInput {
  @Field(() => ID) nonconformanceId!: string;
  @Field() @Length(1, 2000) response!: string;
}

@InputType()
export class NonconformanceFilter {
  @Field(() => [NonconformanceState], { nullable: true }) states?: NonconformanceState[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() lotId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() supplierId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workOrderId?: string;
}
