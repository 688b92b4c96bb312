import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../kernel/common/scalars';
import { RuleName } from './spc';

registerEnumType(RuleName, { name: 'ControlRule', description: 'Western Electric rules, and Nelson’s trend of six' });

export enum ChartKind {
  /** Individuals and moving range: one value per point. */
  I_MR = 'I_MR',
  /** Subgroup means and ranges: one inspection's samples per point. */
  XBAR_R = 'XBAR_R',
}
registerEnumType(ChartKind, { name: 'ChartKind' });

export enum ParetoBy {
  CODE = 'CODE',
  WORK_CENTER = 'WORK_CENTER',
  ITEM = 'ITEM',
  SUPPLIER = 'SUPPLIER',
}
registerEnumType(ParetoBy, { name: 'ParetoBy' });

@ObjectType()
export class ChartPoint {
  @Field(() => Int) index!: number;
  @Field(() => Float, { description: 'The value (I-MR) or the subgroup mean (X̄-R)' }) value!: number;
  @Field(() => Float, { nullable: true, description: 'Moving range (I-MR, none for the first) or subgroup range (X̄-R)' })
  range!: number | null;
  @Field({ description: 'The inspection the value comes from' }) taskCode!: string;
  @Field() at!: Date;
  @Field(() => [RuleName], { description: 'Rules that fire at this point' }) violations!: RuleName[];
}

@ObjectType({ description: 'A control chart of a numeric characteristic, over its latest values' })
export class ControlChart {
  @Field(() => ID) characteristicId!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) unit!: string | null;
  @Field(() => ChartKind) kind!: ChartKind;
  @Field(() => DecimalScalar, { nullable: true }) lowerSpec!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) upperSpec!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) target!: string | null;
  @Field(() => Float, { nullable: true }) center!: number | null;
  @Field(() => Float, { nullable: true }) ucl!: number | null;
  @Field(() => Float, { nullable: true }) lcl!: number | null;
  @Field(() => Float, { nullable: true, description: 'Center line of the range chart' }) rangeCenter!: number | null;
  @Field(() => Float, { nullable: true }) rangeUcl!: number | null;
  @Field(() => Float, { nullable: true }) rangeLcl!: number | null;
  @Field(() => Float, { nullable: true, description: 'Within-process sigma' }) sigma!: number | null;
  @Field(() => Float, { nullable: true }) cp!: number | null;
  @Field(() => Float, { nullable: true }) cpk!: number | null;
  @Field(() => [ChartPoint]) points!: ChartPoint[];
}

@ObjectType()
export class ParetoBar {
  @Field({ description: 'The defect code, work center, item or supplier code' }) key!: string;
  @Field(() => Int, { description: 'Nonconformances' }) count!: number;
  @Field(() => DecimalScalar, { description: 'Nonconforming quantity' }) qty!: string;
  @Field(() => Float, { description: 'Cumulative share of the count, 0…100' }) cumulativePercent!: number;
}

@ObjectType()
export class YieldRow {
  @Field({ description: 'Item SKU and, for operation inspections, the operation' }) key!: string;
  @Field(() => Int) inspected!: number;
  @Field(() => Int) passed!: number;
  @Field(() => Float, { description: 'Passed the first time, 0…100' }) firstPassYield!: number;
}

@ObjectType()
export class FirstPassYield {
  @Field(() => Int) inspected!: number;
  @Field(() => Int) passed!: number;
  @Field(() => Float, { nullable: true }) firstPassYield!: number | null;
  @Field(() => [YieldRow]) rows!: YieldRow[];
}
