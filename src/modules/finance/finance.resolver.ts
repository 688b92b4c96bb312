import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Query, Resolver, Root } from 'type-graphql';
import { IsOptional, IsUUID } from 'class-validator';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs, paginate } from '../../kernel/graphql/connection';
import { Permission } from '../../kernel/auth/permissions';
import { JournalEntry, JournalLine, JournalSource } from './journal-entry.entity';

const JournalEntryConnection = ConnectionType(JournalEntry);

@InputType()
class JournalEntryFilter {
  @Field(() => JournalSource, { nullable: true }) source?: JournalSource;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workOrderId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() stockMoveId?: string;
}

@Resolver(() => JournalEntry)
export class JournalEntryResolver {
  @Authorized(Permission.FinanceRead)
  @Query(() => JournalEntryConnection, { description: 'Journal entries at standard cost, oldest first' })
  journalEntries(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => JournalEntryFilter, { nullable: true }) filter?: JournalEntryFilter,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.source) where.source = filter.source;
    if (filter?.workOrderId) where.workOrderId = filter.workOrderId;
    if (filter?.stockMoveId) where.stockMoveId = filter.stockMoveId;
    return paginate(ctx.em, JournalEntry, where, page, { code: 'asc', id: 'asc' });
  }

  @FieldResolver(() => [JournalLine])
  lines(@Root() entry: JournalEntry) {
    return entry.lines.load();
  }
}
