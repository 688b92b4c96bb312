import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { SequenceScalar } from '../../kernel/common/scalars';
import { DomainEvent } from './audit.types';
import { listEvents } from './audit.service';
import { AuditPermission } from './audit.permissions';

@Resolver()
export class EventResolver {
  @Authorized(AuditPermission.EventsRead)
  @Query(() => [DomainEvent], { description: 'The event log after a sequence, oldest first (audit)' })
  events(
    @Ctx() ctx: GqlContext,
    @Arg('afterSeq', () => SequenceScalar, { defaultValue: '0' }) afterSeq: string,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
  ) {
    return listEvents(ctx, afterSeq, first);
  }
}
