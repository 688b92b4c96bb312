import type { Ctx } from '../../kernel/unit-of-work/context';
import { readEvents } from '../../kernel/events/event-log.service';

export const MAX_EVENTS_PER_READ = 500;

/** The event log after a sequence, oldest first: who did what, when, from which device or system. */
export const listEvents = (ctx: Ctx, afterSeq: string, first: number) =>
  readEvents(ctx.em, afterSeq, Math.min(Math.max(first, 1), MAX_EVENTS_PER_READ));
