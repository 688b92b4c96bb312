import { Field, Float, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { MachineState } from '../machine.entity';

const CODE = /^[A-Za-z0-9][\w.-]{0,63}$/;
const CODE_RULE = 'a code is 1 to 64 letters, digits, dots, dashes or underscores (it is a topic level)';

@InputType({ description: 'A machine (equipment) of a work center' })
export class CreateMachineInput {
  @Field({ description: 'Unique; the {machine} level of its MQTT topics' }) @Matches(CODE, { message: CODE_RULE }) code!: string;
  @Field() @Length(1, 200) name!: string;
  @Field(() => ID) @IsUUID() workCenterId!: string;
  @Field(() => DecimalScalar, { nullable: true, description: "Ideal seconds per unit; otherwise the running operation's routing time" })
  idealCycleSeconds?: string;
}

@InputType({ description: 'A node of the downtime reason tree' })
export class CreateDowntimeReasonInput {
  @Field() @Matches(CODE, { message: CODE_RULE }) code!: string;
  @Field() @Length(1, 200) name!: string;
  @Field({ nullable: true, description: 'The parent node by its code' }) @IsOptional() @Length(1, 64) parentCode?: string;
  @Field({ nullable: true, description: 'A planned stop (not counted against availability); by default inherited from the parent' })
  @IsOptional()
  planned?: boolean;
  @Field({
    nullable: true,
    description: 'A failure that needs repair (a stop for it opens a corrective maintenance order); by default inherited from the parent',
  })
  @IsOptional()
  breakdown?: boolean;
}

@InputType({ description: "Change a machine's state by hand (an operator, a station); a reason named here counts as confirmed" })
export class SetMachineStateInput {
  @Field(() => ID) @IsUUID() machineId!: string;
  @Field(() => MachineState) state!: MachineState;
  @Field({ nullable: true, description: 'For DOWN or MAINTENANCE: the reason by its code' })
  @IsOptional()
  @Length(1, 64)
  reasonCode?: string;
  @Field({ nullable: true, description: 'When the machine is expected to run again' }) @IsOptional() expectedEnd?: Date;
  @Field({ nullable: true, description: 'When it happened; now by default' }) @IsOptional() at?: Date;
}

@InputType()
export class ConfirmDowntimeReasonInput {
  @Field(() => ID) @IsUUID() downtimeId!: string;
  @Field() @Length(1, 64) reasonCode!: string;
}

@InputType({ description: 'What a machine works on now: counts and parameters are linked to this operation and lot' })
export class SetMachineJobInput {
  @Field(() => ID) @IsUUID() machineId!: string;
  @Field(() => ID, { nullable: true, description: 'A work order operation at the machine’s work center; leave out to clear' })
  @IsOptional()
  @IsUUID()
  operationId?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 64) lotCode?: string;
}

@InputType({ description: 'The range a process parameter must stay in; a value outside raises an alert' })
export class SetParameterLimitsInput {
  @Field(() => ID) @IsUUID() machineId!: string;
  @Field() @Matches(CODE, { message: CODE_RULE }) name!: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 20) unit?: string;
  @Field(() => Float, { nullable: true }) @IsOptional() min?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() max?: number;
}

@InputType()
export class MachineFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workCenterId?: string;
  @Field(() => MachineState, { nullable: true }) @IsOptional() state?: MachineState;
}

@InputType()
export class DowntimeFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() machineId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workCenterId?: string;
  @Field({ nullable: true, description: 'Only stops still open' }) @IsOptional() open?: boolean;
  @Field({ nullable: true, description: 'Only stops without a confirmed reason' }) @IsOptional() unconfirmed?: boolean;
  @Field({ nullable: true, description: 'Stops that ended after this (or are open)' }) @IsOptional() from?: Date;
  @Field({ nullable: true, description: 'Stops that started before this' }) @IsOptional() to?: Date;
}
