import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { StockMove } from '../inventory/stock-move.entity';
import { WorkOrder } from './work-order.entity';
import { ExecutionEvent } from './execution-event.entity';
import * as queries from './production.queries';
import { returnMaterial, reverseExecutionEvent, reverseMaterialIssue } from './corrections.service';
import { ReturnMaterialInput, ReverseExecutionEventInput, ReverseMaterialIssueInput } from './dto/correction.inputs';
import { ProductionPermission } from './production.permissions';

@ObjectType()
class MaterialCorrectionPayload {
  @Field(() => StockMove, { description: 'The new move (the original stays in the ledger)' }) stockMove!: StockMove;
  @Field(() => WorkOrder) workOrder!: WorkOrder;
}

@ObjectType()
class ReverseExecutionEventPayload {
  @Field(() => ExecutionEvent, { description: 'The reversal; the original scan stays' }) event!: ExecutionEvent;
  @Field(() => WorkOrder) workOrder!: WorkOrder;
}

@Resolver()
export class ProductionCorrectionResolver {
  @Authorized(ProductionPermission.ProductionCorrect)
  @Mutation(() => ReverseExecutionEventPayload, { description: 'Reverses a scan with a reason; refused when later work rests on it' })
  async reverseExecutionEvent(@Ctx() ctx: GqlContext, @Arg('input', () => ReverseExecutionEventInput) input: ReverseExecutionEventInput) {
    const event = await reverseExecutionEvent(ctx, input);
    return { event, workOrder: await queries.getWorkOrder(ctx, event.workOrder.id) };
  }

  @Authorized(ProductionPermission.ProductionCorrect)
  @Mutation(() => MaterialCorrectionPayload, { description: 'Reverses a material issue: the material goes back where it came from' })
  async reverseMaterialIssue(@Ctx() ctx: GqlContext, @Arg('input', () => ReverseMaterialIssueInput) input: ReverseMaterialIssueInput) {
    const stockMove = await reverseMaterialIssue(ctx, input);
    return { stockMove, workOrder: await queries.getWorkOrder(ctx, stockMove.workOrderId!) };
  }

  @Authorized(ProductionPermission.ProductionExecute)
  @Mutation(() => MaterialCorrectionPayload, {
    description: 'Returns unused material from a work order to stock, at the cost it was issued at',
  })
  async returnMaterial(@Ctx() ctx: GqlContext, @Arg('input', () => ReturnMaterialInput) input: ReturnMaterialInput) {
    const stockMove = await returnMaterial(ctx, input);
    return { stockMove, workOrder: await queries.getWorkOrder(ctx, input.workOrderId) };
  }
}
