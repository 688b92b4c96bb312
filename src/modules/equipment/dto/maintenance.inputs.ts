import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsOptional, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { MaintenanceKind, MaintenanceOrderState, MaintenanceTrigger } from '../maintenance.entity';

@InputType({ description: 'Preventive maintenance of a machine, every N days, cycles or running hours' })
export class CreateMaintenancePlanInput {
  @Field(() => ID) @IsUUID() machineId!: string;
  @Field({ description: 'What is to be done, e.g. "Lubricate spindle"' }) @Length(1, 200) name!: string;
  @Field(() => MaintenanceTrigger) trigger!: MaintenanceTrigger;
  @Field(() => DecimalScalar, { description: 'Days (CALENDAR), cycles (CYCLES) or running hours (RUNNING_HOURS)' }) interval!: string;
  @Field(() => Int, { nullable: true, description: 'How long it takes (60 by default)' })
  @IsOptional()
  @Min(1)
  @Max(10_080)
  durationMinutes?: number;
  @Field({
    nullable: true,
    description: "When it was last done (CALENDAR plans count from here; now by default). Counters count from the machine's counts now.",
  })
  @IsOptional()
  lastDoneAt?: Date;
}

@InputType({ description: 'A corrective order opened by hand' })
export class CreateMaintenanceOrderInput {
  @Field(() => ID) @IsUUID() machineId!: string;
  @Field() @Length(1, 200) title!: string;
  @Field({ nullable: true, description: 'What is wrong' }) @IsOptional() @Length(1, 500) cause?: string;
}

@InputType({ description: 'The window planned for an order: the scheduler plans the machine out for it' })
export class ScheduleMaintenanceOrderInput {
  @Field(() => ID) @IsUUID() orderId!: string;
  @Field() plannedStart!: Date;
  @Field() plannedEnd!: Date;
}

@InputType()
export class AssignMaintenanceOrderInput {
  @Field(() => ID) @IsUUID() orderId!: string;
  @Field({ description: 'Who is to do it (a name or user id)' }) @Length(1, 100) assignee!: string;
}

@InputType()
export class StartMaintenanceOrderInput {
  @Field(() => ID) @IsUUID() orderId!: string;
}

@InputType({ description: 'A spare part used: issued from a physical location to maintenance' })
export class MaintenancePartInput {
  @Field(() => ID) @IsUUID() itemId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => ID, { description: 'The store it is taken from' }) @IsUUID() locationId!: string;
  @Field({ nullable: true, description: 'For a lot-tracked part' }) @IsOptional() @Length(1, 64) lotCode?: string;
}

@InputType({ description: 'The work is done: notes and the spare parts used (issued from stock with the completion)' })
export class CompleteMaintenanceOrderInput {
  @Field(() => ID) @IsUUID() orderId!: string;
  @Field({ nullable: true }) @IsOptional() @Length(0, 2000) notes?: string;
  @Field(() => [MaintenancePartInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @ArrayMaxSize(100)
  parts!: MaintenancePartInput[];
}

@InputType()
export class CancelMaintenanceOrderInput {
  @Field(() => ID) @IsUUID() orderId!: string;
  @Field({ description: 'Why it is not done' }) @Length(1, 2000) reason!: string;
}

@InputType()
export class MaintenanceOrderFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() machineId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workCenterId?: string;
  @Field(() => [MaintenanceOrderState], { nullable: true }) @IsOptional() states?: MaintenanceOrderState[];
  @Field(() => MaintenanceKind, { nullable: true }) @IsOptional() kind?: MaintenanceKind;
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) assignee?: string;
}
