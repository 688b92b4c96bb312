import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { identify } from '../../kernel/codes/code-book';
import { ScannedText } from '../../kernel/graphql/text-guard';
import { StationPermission } from './station.permissions';
import { createStationAccess, StationAccess, StationAccessInput } from './station-access';

@ObjectType({ description: 'One thing a scanned or typed code names' })
class ScannedCode {
  @Field({ description: 'operation, workOrder, item, lot, location or salesOrder' }) kind!: string;
  @Field(() => ID) id!: string;
  @Field({ description: 'How people write it, e.g. WO-000123/20' }) label!: string;
}

@Resolver()
export class StationResolver {
  @Authorized(StationPermission.CodesRead)
  @ScannedText()
  @Query(() => [ScannedCode], {
    description: 'What a code from paper or a label names (a GS1 payload too); empty when nothing has it, several when it is ambiguous',
  })
  scanCode(@Ctx() ctx: GqlContext, @Arg('code', () => String) code: string) {
    return identify(ctx, code);
  }

  @Authorized(StationPermission.StationAdmin)
  @Mutation(() => StationAccess, { description: 'A link that signs one device in to the operator station, as an operator' })
  createStationAccess(@Ctx() ctx: GqlContext, @Arg('input', () => StationAccessInput) input: StationAccessInput): StationAccess {
    return createStationAccess(ctx, input);
  }
}
