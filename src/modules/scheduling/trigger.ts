import type { LoggedEvent } from '../../kernel/events/event-types';
import type { ExplanationParams } from './scheduling.entities';

/**
 * What set off a plan, said once as English text (`Plan.trigger`) and once as parts a page can say in
 * its own language, like the explanations: each part's `kind` is the event type that happened (or
 * PLANNER / REASON for a planner's own re-plan, MORE for what was left out) and its params name who.
 */
export interface TriggerPart {
  kind: string;
  text: string;
  params: ExplanationParams;
}

export interface PlanTrigger {
  text: string;
  parts: TriggerPart[];
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** Progress that merely moves the plan along; a planner looks first for the disruptions beside it. */
const ROUTINE = new Set(['WorkOrderCreated', 'WorkOrderReleased', 'OperationStarted', 'OperationDone', 'WorkOrderCompleted']);
const SHOWN = 5;

const joined = (parts: readonly TriggerPart[]) => parts.map((p) => p.text).join('; ');

/**
 * A short account of what happened, shown as the new plan's trigger: disruptions before routine
 * progress (a scrap batched with four starts must not fall off the end), repeats counted once.
 */
export function describeTriggers(events: readonly LoggedEvent[]): PlanTrigger {
  const seen = new Map<string, { type: string; subject: string; state: string | null; count: number }>();
  const ordered = [...events.filter((e) => !ROUTINE.has(e.type)), ...events.filter((e) => ROUTINE.has(e.type))];
  for (const e of ordered) {
    const d = e.data;
    const subject = text(d.code) ?? text(d.workCenterCode) ?? text(d.machineCode) ?? text(d.machineId) ?? e.aggregateId.slice(0, 8);
    const state = e.type === 'WorkCenterStateChanged' ? text(d.state) : null;
    const key = `${e.type} ${subject} ${state ?? ''}`;
    const was = seen.get(key);
    if (was) was.count++;
    else seen.set(key, { type: e.type, subject, state, count: 1 });
  }
  const parts: TriggerPart[] = [...seen.values()].slice(0, SHOWN).map(({ type, subject, state, count }) => ({
    kind: type,
    text: `${type} ${subject}${state ? ` → ${state}` : ''}${count > 1 ? ` ×${count}` : ''}`,
    params: { subject, ...(state ? { state } : {}), count: String(count) },
  }));
  const more = seen.size - SHOWN;
  const head = joined(parts);
  if (more > 0) parts.push({ kind: 'MORE', text: `and ${more} more`, params: { count: String(more) } });
  return { text: more > 0 ? `${head} and ${more} more` : head, parts };
}

/** A re-plan a planner asked for: in their own words when they gave a reason. */
export function plannerTrigger(reason: string | null | undefined, by: string | null | undefined): PlanTrigger {
  if (reason) return { text: reason, parts: [{ kind: 'REASON', text: reason, params: { reason } }] };
  const who = by ?? 'a planner';
  const said = `Re-planned by ${who}`;
  return { text: said, parts: [{ kind: 'PLANNER', text: said, params: by ? { by } : {} }] };
}
