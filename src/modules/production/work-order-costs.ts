import { Decimal, dec } from '../../kernel/common/quantity';
import { ExecutionEventType } from './execution-event.entity';

/** The kinds a work order's variance is split into when it closes. */
export enum VarianceKind {
  /** Material issued (net of returns) against what the BOM allows for what was made and scrapped. */
  MATERIAL = 'MATERIAL',
  /** Operators' time measured from the scans against the routing's times, at the labour rates. */
  LABOUR = 'LABOUR',
  /** Machine time likewise, at the machine rates. */
  MACHINE = 'MACHINE',
  /**
   * What is left: the finished item's standard cost against its BOM and routing at standard (setup
   * included), so the four always add up to the work order's WIP to the cent.
   */
  STANDARD = 'STANDARD',
}

export interface ScanFact {
  id: string;
  type: ExecutionEventType;
  occurredAt: Date;
  reversesEventId?: string | null;
}

/** Scans that still count: neither reversed nor a reversal (a reversed pair cancels out). */
export function standingScans<S extends ScanFact>(scans: readonly S[]): S[] {
  const reversed = new Set(scans.flatMap((s) => (s.reversesEventId ? [s.reversesEventId] : [])));
  return scans.filter((s) => !s.reversesEventId && !reversed.has(s.id));
}

/**
 * Minutes an operation ran, from its scans: a START or RESUME opens a stretch, a PAUSE closes it, and
 * the operation's end (or `now`, while it runs) closes the last one. Reversed scans do not count.
 */
export function runningMinutes(scans: readonly ScanFact[], end: Date | null | undefined, now: Date): Decimal {
  const sorted = standingScans(scans).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  let total = dec(0);
  let open: Date | null = null;
  for (const s of sorted) {
    if ((s.type === ExecutionEventType.START || s.type === ExecutionEventType.RESUME) && !open) open = s.occurredAt;
    if (s.type === ExecutionEventType.PAUSE && open) {
      total = total.plus(minutesBetween(open, s.occurredAt));
      open = null;
    }
  }
  if (open) total = total.plus(minutesBetween(open, end ?? now));
  return total;
}

const minutesBetween = (from: Date, to: Date) => Decimal.max(0, dec(to.getTime() - from.getTime()).div(60_000));

export interface CostedOperation {
  sequence: number;
  setupMinutes: string;
  runMinutesPerUnit: string;
  /** Units through the operation: good plus scrapped. */
  units: Decimal;
  labourRatePerHour: string;
  machineRatePerHour: string;
  /** Measured from the scans. */
  minutes: Decimal;
}

export interface CostInputs {
  /** Material per unit of the order at the components' standard costs (BOM quantities, scrap allowance included). */
  materialPerUnit: Decimal;
  operations: CostedOperation[];
  /** Units made and scrapped. */
  unitsStarted: Decimal;
  /** Net WIP booked so far by source: issues and returns, completions, scrap (debit positive). */
  booked: { material: Decimal; completions: Decimal; scrap: Decimal };
}

export interface CostBreakdown {
  material: Decimal;
  labour: Decimal;
  machine: Decimal;
}

export const total = (c: CostBreakdown) => c.material.plus(c.labour).plus(c.machine);
const cents = (d: Decimal) => d.toDecimalPlaces(2);

/** What the routing allows an operation: its setup once (if anything went through it) and its run time per unit. */
function standardMinutes(op: CostedOperation): Decimal {
  if (op.units.isZero()) return dec(0);
  return dec(op.setupMinutes).plus(dec(op.runMinutesPerUnit).mul(op.units));
}

/** The standard for what the order made and scrapped, and what it actually cost (to the cent). */
export function costsOf(c: CostInputs): { standard: CostBreakdown; actual: CostBreakdown } {
  const sum = (f: (op: CostedOperation) => Decimal) => c.operations.reduce((acc, op) => acc.plus(f(op)), dec(0));
  const standard = {
    material: cents(c.materialPerUnit.mul(c.unitsStarted)),
    labour: cents(sum((op) => standardMinutes(op).div(60).mul(op.labourRatePerHour))),
    machine: cents(sum((op) => standardMinutes(op).div(60).mul(op.machineRatePerHour))),
  };
  const actual = {
    material: cents(c.booked.material),
    labour: cents(sum((op) => op.minutes.div(60).mul(op.labourRatePerHour))),
    machine: cents(sum((op) => op.minutes.div(60).mul(op.machineRatePerHour))),
  };
  return { standard, actual };
}

/**
 * The variance by kind: actual against standard for material, labour and machine, and the rest
 * (STANDARD) whatever makes them add up to exactly what the order's WIP holds once its time is booked.
 */
export function variancesOf(standard: CostBreakdown, actual: CostBreakdown, booked: CostInputs['booked']): Record<VarianceKind, Decimal> {
  const wip = total(actual).minus(booked.completions).minus(booked.scrap);
  const material = actual.material.minus(standard.material);
  const labour = actual.labour.minus(standard.labour);
  const machine = actual.machine.minus(standard.machine);
  return {
    [VarianceKind.MATERIAL]: material,
    [VarianceKind.LABOUR]: labour,
    [VarianceKind.MACHINE]: machine,
    [VarianceKind.STANDARD]: wip.minus(material).minus(labour).minus(machine),
  };
}

/**
 * What a unit scrapped at an operation had cost by then, at standard: its material, and the run time
 * of every operation up to and including this one at the work centers' rates (setup stays with the
 * batch, so it is not charged to a scrapped unit).
 */
export function costReached(materialPerUnit: Decimal, operations: readonly Omit<CostedOperation, 'units' | 'minutes'>[], sequence: number) {
  return operations
    .filter((op) => op.sequence <= sequence)
    .reduce(
      (acc, op) => acc.plus(dec(op.runMinutesPerUnit).div(60).mul(dec(op.labourRatePerHour).plus(op.machineRatePerHour))),
      materialPerUnit,
    );
}
