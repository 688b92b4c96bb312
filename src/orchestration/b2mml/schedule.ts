/**
 * B2MML 0700 OperationsSchedule (ERP → MOM) → the production requests the hub turns into work orders.
 *
 * Lenient where the ERP's phrasing varies (namespace prefixes, a bare document or one inside a
 * Process/Sync BOD, attributes on identifiers, a plain date instead of a dateTime), strict where a
 * guess would plan the wrong thing: a request whose product, quantity or due date cannot be read is
 * reported in `errors` with every reason found, and the other requests still come back.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ParsedSchedule, ScheduledProduction } from './types';
import { decimalProblem } from '../../kernel/common/quantity';
import { controlCharacterProblem } from '../../kernel/common/text';

type Element = Record<string, unknown>;

/** The BOD verbs whose schedule means "plan this"; Cancel, Acknowledge, Get and the rest do not. */
const BOD_ROOTS = ['ProcessOperationsSchedule', 'SyncOperationsSchedule'];

/** Every element read below that the schema lets repeat, so one occurrence still arrives as a list. */
const REPEATING = new Set([
  'OperationsSchedule',
  'OperationsRequest',
  'SegmentRequirement',
  'MaterialRequirement',
  'MaterialDefinitionID',
  'MaterialClassID',
  'Quantity',
  'Description',
]);

const parser = new XMLParser({
  removeNSPrefix: true,
  // Attributes (schemeID, OtherValue, …) carry nothing the import uses, and dropping them keeps a
  // value like <ID schemeID="SAP">R1</ID> a plain string.
  ignoreAttributes: true,
  // Keeps "0010" and "1.50" exactly as sent instead of turning them into numbers.
  parseTagValue: false,
  isArray: (name) => REPEATING.has(name),
});

export function parseOperationsSchedule(xml: string): ParsedSchedule {
  const schedules = scheduleElements(parseDocument(xml));
  const result: ParsedSchedule = { scheduleId: text(schedules[0], 'ID') ?? '', requests: [], errors: [] };
  const seen = new Map<string, number>();
  let position = 0;
  for (const schedule of schedules) {
    for (const request of children(schedule, 'OperationsRequest')) {
      position += 1;
      const id = text(request, 'ID');
      const record = id ?? `OperationsRequest #${position}`;
      const reasons = id === undefined ? ['it has no ID'] : duplicateReason(seen, id, position);
      const read = readRequest(request, schedule, id ?? '');
      reasons.push(...read.reasons);
      if (reasons.length > 0) result.errors.push({ record, reason: reasons.join('; ') });
      else if (read.production) result.requests.push(read.production);
    }
  }
  return result;
}

/** The hub keys re-imports on the request ID, so a second request with the same ID would be ambiguous. */
function duplicateReason(seen: Map<string, number>, id: string, position: number): string[] {
  const first = seen.get(id);
  if (first !== undefined) return [`its ID repeats that of OperationsRequest #${first}`];
  seen.set(id, position);
  return [];
}

// --- the document -----------------------------------------------------------------------------

function parseDocument(xml: string): { root: string; element: Element } {
  if (typeof xml !== 'string' || xml.trim() === '') throw new Error('The B2MML document is empty');
  // B2MML never needs a DTD, and refusing one rules out entity-expansion tricks before parsing.
  if (/<!DOCTYPE/i.test(xml)) throw new Error('The B2MML document has a DOCTYPE declaration, which is not accepted');
  refuseControlCharacters(xml);
  const check = XMLValidator.validate(xml);
  if (check !== true) {
    const { msg, line, col } = check.err;
    throw new Error(`The B2MML document is not well-formed XML: ${msg} (line ${line}, column ${col})`);
  }
  const roots = Object.entries(parser.parse(xml) as Element).filter(([name]) => name !== '?xml');
  // The validator accepts several top-level elements; the parser folds a repeated name into one
  // array entry, and a name in REPEATING arrives as an array even when alone.
  const [first] = roots;
  if (roots.length !== 1 || (Array.isArray(first[1]) && first[1].length !== 1)) {
    throw new Error('The B2MML document must have exactly one root element');
  }
  const [root, element] = first;
  return { root, element: asElement(element) };
}

/**
 * Control characters have no place in a schedule (common/text.ts): neither written as they are nor as
 * character references (&#1;, &#x7f;), which the parser would otherwise drop or keep as literal text.
 * Line breaks and tabs between elements are fine.
 */
function refuseControlCharacters(xml: string): void {
  const problem = controlCharacterProblem(xml, 'multiline');
  if (problem) throw new Error(`The B2MML document ${problem}`);
  for (const ref of xml.matchAll(/&#(?:x([0-9a-fA-F]{1,8})|([0-9]{1,10}));/g)) {
    const code = ref[1] !== undefined ? parseInt(ref[1], 16) : Number(ref[2]);
    const char = code <= 0x10ffff ? String.fromCodePoint(code) : '';
    if (controlCharacterProblem(char, 'multiline')) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      throw new Error(
        `The B2MML document refers to a control character (U+${hex}) with ${ref[0]} at position ${ref.index}, which is not accepted`,
      );
    }
  }
}

function scheduleElements({ root, element }: { root: string; element: Element }): Element[] {
  if (root === 'OperationsSchedule') return [element];
  if (!BOD_ROOTS.includes(root)) {
    throw new Error(`The root element is ${root}; expected OperationsSchedule, or one inside ${BOD_ROOTS.join(' or ')}`);
  }
  const schedules = children(child(element, 'DataArea'), 'OperationsSchedule');
  if (schedules.length === 0) throw new Error(`The ${root} has no OperationsSchedule in its DataArea`);
  return schedules;
}

// --- one request ------------------------------------------------------------------------------

function readRequest(request: Element, schedule: Element, requestId: string): { production?: ScheduledProduction; reasons: string[] } {
  const reasons: string[] = [];
  const type = text(request, 'OperationsType') ?? text(schedule, 'OperationsType');
  if (type !== undefined && type !== 'Production' && type !== 'Mixed') {
    reasons.push(`its OperationsType is ${type}, not Production`);
  }
  // Importing a withdrawn request would plan production nobody wants.
  if (text(request, 'RequestState') === 'Cancelled') reasons.push('its RequestState is Cancelled');
  const product = producedMaterial(request, reasons);
  const qty = product && quantity(product, reasons);
  const dueDate = dueDateOf(request, schedule, reasons);
  const startDate = dateField(request, 'StartTime', 'StartTime', reasons);
  if (startDate && dueDate && startDate > dueDate) reasons.push(`its StartTime (${startDate}) is after its due date (${dueDate})`);
  if (reasons.length > 0 || !product || !qty || !dueDate) return { reasons };
  return {
    reasons,
    production: {
      requestId,
      description: text(request, 'Description'),
      itemSku: product.material,
      qty: qty.value,
      unit: qty.unit,
      dueDate,
      startDate,
    },
  };
}

type Requirement = { element: Element; material?: string; use?: string };

/**
 * In 0700 a MaterialRequirement sits only in a SegmentRequirement (at any depth), never directly in
 * the OperationsRequest. A multi-step request may also produce intermediates that a later step
 * consumes; those are not what the request is for, so they are set aside before choosing.
 */
function producedMaterial(request: Element, reasons: string[]): { element: Element; material: string } | undefined {
  const requirements = children(request, 'SegmentRequirement').flatMap(materialRequirements);
  const produced = requirements.filter((r) => r.use === 'produced');
  if (produced.length === 0) {
    reasons.push('it has no MaterialRequirement with MaterialUse Produced');
    return undefined;
  }
  const unnamed = produced.find((r) => r.material === undefined);
  if (unnamed) {
    reasons.push('its Produced MaterialRequirement has neither MaterialDefinitionID nor MaterialClassID');
    return undefined;
  }
  const consumed = new Set(requirements.filter((r) => r.use === 'consumed').map((r) => r.material));
  const finals = produced.filter((r) => !consumed.has(r.material));
  const candidates = finals.length > 0 ? finals : produced;
  const materials = [...new Set(candidates.map((r) => r.material!))];
  if (materials.length > 1) {
    reasons.push(`it produces several materials (${materials.join(', ')}); one is expected`);
    return undefined;
  }
  const chosen = candidates.find((r) => quantityElement(r.element)) ?? candidates[0];
  return { element: chosen.element, material: chosen.material! };
}

function materialRequirements(segment: Element): Requirement[] {
  const own = children(segment, 'MaterialRequirement').map((element) => ({
    element,
    material: text(element, 'MaterialDefinitionID') ?? text(element, 'MaterialClassID'),
    // Compared without case: ERPs send "produced" as often as the schema's "Produced".
    use: text(element, 'MaterialUse')?.toLowerCase(),
  }));
  return [...own, ...children(segment, 'SegmentRequirement').flatMap(materialRequirements)];
}

function quantityElement(requirement: Element): Element | undefined {
  return children(requirement, 'Quantity').find((q) => text(q, 'QuantityString') !== undefined);
}

function quantity(product: { element: Element; material: string }, reasons: string[]) {
  const q = quantityElement(product.element);
  if (!q) {
    reasons.push(`its Produced MaterialRequirement (${product.material}) has no Quantity`);
    return undefined;
  }
  const value = text(q, 'QuantityString')!;
  // The hub's one decimal grammar (common/quantity.ts); places and size are checked when it is booked.
  if (decimalProblem(value) !== null || Number(value) <= 0) {
    reasons.push(`its quantity "${value}" is not a positive decimal number`);
    return undefined;
  }
  return { value, unit: text(q, 'UnitOfMeasure') };
}

function dueDateOf(request: Element, schedule: Element, reasons: string[]): string | undefined {
  if (text(request, 'EndTime') !== undefined) return dateField(request, 'EndTime', 'EndTime', reasons);
  if (text(schedule, 'EndTime') !== undefined) return dateField(schedule, 'EndTime', "the schedule's EndTime", reasons);
  reasons.push('it has no EndTime, and neither has the schedule');
  return undefined;
}

/**
 * The calendar date as written, offset ignored: 2025-07-16T00:30:00+02:00 is the 15th in UTC but the
 * 16th at the plant that wrote it, and that local day is the one the ERP meant. A plain date is
 * accepted too, as many ERPs send one.
 */
function dateField(element: Element, name: string, label: string, reasons: string[]): string | undefined {
  const value = text(element, name);
  if (value === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    reasons.push(`its ${label} "${value}" is not a date and time`);
    return undefined;
  }
  return value.slice(0, 10);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// --- reading parsed elements ------------------------------------------------------------------

/** An empty element parses as "", and a repeated one as an array; both are read as an element. */
function asElement(value: unknown): Element {
  if (Array.isArray(value)) return asElement(value[0]);
  return value !== null && typeof value === 'object' ? (value as Element) : {};
}

function child(element: Element | undefined, name: string): Element {
  return asElement(element?.[name]);
}

function children(element: Element | undefined, name: string): Element[] {
  const value = element?.[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(asElement);
}

/** The trimmed text of the first `name` child, or undefined when it is absent or empty. */
function text(element: Element | undefined, name: string): string | undefined {
  const raw: unknown = element?.[name];
  const value: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  const content = value !== null && typeof value === 'object' ? (value as Element)['#text'] : value;
  if (typeof content !== 'string' && typeof content !== 'number') return undefined;
  const trimmed = String(content).trim();
  return trimmed === '' ? undefined : trimmed;
}
