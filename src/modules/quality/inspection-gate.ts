import type { Ctx } from '../../kernel/unit-of-work/context';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { ProductionEvent } from '../production/production.events';
import { InventoryEvent } from '../inventory/inventory.events';
import { StockMoveReason } from '../inventory/stock-move.entity';
import { InspectionPoint } from './inspection-plan.entity';
import { QualityEvent } from './quality.events';

/** The events that may ask for an inspection, and the plan creations the gate learns from. */
export const INSPECTION_TRIGGERS = [ProductionEvent.OperationProgressed, InventoryEvent.StockMoved, QualityEvent.InspectionPlanCreated];

/**
 * Where and for what item an event offers an inspection (a completion of an operation, a receipt), or
 * null: the one place that says which events a plan can apply to — the feed and the gate both ask it.
 */
export function inspectionPointOf(e: LoggedEvent): { point: InspectionPoint; itemId: string } | null {
  if (e.type === ProductionEvent.OperationProgressed) return { point: InspectionPoint.OPERATION, itemId: String(e.data.itemId) };
  if (e.type === InventoryEvent.StockMoved && e.data.reason === StockMoveReason.RECEIPT) {
    return { point: InspectionPoint.RECEIPT, itemId: String(e.data.itemId) };
  }
  return null;
}

const key = (point: unknown, itemId: unknown) => `${String(point)}:${String(itemId)}`;

/**
 * Decides, per event and without the database, whether the inspection feed is worth waking: only for a
 * completion or receipt of an item that has a plan at that point, and for a new plan. Every receipt used
 * to wake the feed, which then locked, read the log again and looked up plans — four statements and a
 * connection per receipt on top of the receipt's own seven, for the many items no one inspects.
 *
 * It knows the items with plans from one read at the first wake-up, then from the log itself: plans are
 * only ever created, and their InspectionPlanCreated reaches the gate in log order, so a plan committed
 * before a receipt is known when the receipt arrives. Until the first read it wakes for every trigger. A
 * wake-up it withholds delays nothing it owes: the feed reads every event from its own cursor (the
 * half-minute job moves that cursor past the events no plan wants), and looks the plans up itself.
 */
export class InspectionGate {
  private readonly planned = new Set<string>();
  private loaded = false;

  /** Called by the event stream, in log order. */
  wants(e: LoggedEvent): boolean {
    if (e.type === QualityEvent.InspectionPlanCreated) {
      // Wake once: a receipt whose transaction overlapped the plan's may sit before it in the log, unwoken,
      // and still be the plan's (the feed's rule: what happened from the plan's creation on).
      this.planned.add(key(e.data.point, e.data.itemId));
      return true;
    }
    const at = inspectionPointOf(e);
    if (!at) return false;
    return !this.loaded || this.planned.has(key(at.point, at.itemId));
  }

  /** Reads the items with plans once; plans created meanwhile come in through `wants` and are kept. */
  async load(ctx: Ctx): Promise<void> {
    if (this.loaded) return;
    const rows = await ctx.em.execute<{ point: string; item_id: string }[]>(
      'select distinct point, item_id from inspection_plan where active',
    );
    for (const r of rows) this.planned.add(key(r.point, r.item_id));
    this.loaded = true;
  }
}
