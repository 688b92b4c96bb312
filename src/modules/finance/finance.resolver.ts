import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import { JournalEntry, JournalLine } from './journal-entry.entity';
import { listJournalEntries } from './journal.service';
import { JournalEntryFilter } from './dto/finance.inputs';
import { FinancePermission } from './finance.permissions';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const JournalEntryConnection = ConnectionType(JournalEntry);

@Resolver(() => JournalEntry)
export class JournalEntryResolver {
  @Authorized(FinancePermission.FinanceRead)
  @Query(() => JournalEntryConnection, { description: 'Journal entries at standard cost, oldest first' })
  journalEntries(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => JournalEntryFilter, { nullable: true }) filter?: JournalEntryFilter,
  ) {
    return listJournalEntries(ctx, filter, page);
  }

  @FromPlan()
  @FieldResolver(() => [JournalLine])
  lines(@Root() entry: Row<JournalEntry>) {
    return related(entry, 'lines');
  }
}
