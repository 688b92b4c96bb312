import { Field, Float, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../kernel/common/scalars';

@ObjectType()
export class Milestone {
  @Field() key!: string;
  @Field({ description: 'In English; portals word their own from key and operation' }) label!: string;
  @Field(() => String, { nullable: true }) operation!: string | null;
  @Field({ description: 'The operation ends with an inspection (its routing says so); the result is on the "inspected" milestone' })
  inspection!: boolean;
  @Field({ description: 'Done: an operation finished; "inspected": every inspection of the work order has its result' })
  done!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'For the "inspected" milestone: PASSED when every inspection passed (or was skipped by its rule), FAILED when one failed',
  })
  result!: string | null;
  @Field(() => Date, { nullable: true }) at!: Date | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'For the shipped milestone: how much has shipped so far' })
  qty!: string | null;
}

@ObjectType({ description: 'Where a line stands, as a customer sees it' })
export class LineProgress {
  @Field({
    description:
      'RECEIVED, PLANNED, RELEASED, IN_PRODUCTION, COMPLETED, PARTIALLY_SHIPPED, SHIPPED, or SHORT: its work orders are ' +
      'complete but made less than is due, and the planner has yet to short-close the rest or make it up',
  })
  state!: string;
  @Field(() => DecimalScalar, { description: 'As ordered' }) qtyOrdered!: string;
  @Field(() => DecimalScalar, { description: 'Made so far: good quantity off the last operation of all its work orders' })
  qtyDone!: string;
  @Field(() => DecimalScalar, { description: 'Missing once its work orders are complete, awaiting a decision; 0 otherwise' })
  qtyShort!: string;
  @Field(() => DecimalScalar, { description: "Closed without being made (see the line's shortCloseReason); no longer due" })
  qtyShortClosed!: string;
  @Field(() => DecimalScalar) qtyShipped!: string;
  @Field(() => Float, { description: 'qtyDone against the ordered quantity, up to 100' }) percentDone!: number;
  @Field(() => String, { nullable: true }) currentOperation!: string | null;
  @Field() promisedDate!: string;
  @Field(() => String, { nullable: true, description: 'From the plan and the progress so far' }) expectedDate!: string | null;
  @Field(() => [Milestone]) milestones!: Milestone[];
}
