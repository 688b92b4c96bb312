/**
 * Work order performance → B2MML 0700 OperationsPerformance (OperationsType Production), the message
 * the ERP reads to post confirmations, goods receipts and goods issues.
 *
 * Layout: one OperationsResponse per work order, holding one SegmentResponse per operation (what that
 * step made and scrapped, on which work center) followed by one SegmentResponse for the whole order
 * (ID = work order code): the material flows the hub records per order, not per operation — components
 * consumed with their lots, finished lots produced, the order's good and scrapped totals. Keeping those
 * in their own segment means nothing is attributed to an operation it did not come from, and it still
 * has somewhere to go when an order has no operations.
 *
 * The XSD is strict about element order (every type is an xsd:sequence), so each builder below lists
 * its children in the schema's order; keep it that way when adding elements.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { WorkOrderPerformance } from './types';

export const B2MML_NAMESPACE = 'http://www.mesa.org/xml/B2MML';

type Operation = WorkOrderPerformance['operations'][number];
type Consumed = WorkOrderPerformance['materialsConsumed'][number];

/** A node for XMLBuilder: attributes are `@_name`, text beside attributes is `#text`, arrays repeat. */
type XmlNode = { [name: string]: XmlValue };
type XmlValue = string | XmlNode | XmlValue[] | undefined;

/**
 * ResponseState is a closed enumeration (Ready, Running, Completed, Aborted, Holding, Paused, Other);
 * anything it lacks goes as Other with OtherValue. Closed is listed in the type's documentation but
 * not in the enumeration, so it too has to travel as Other.
 */
const ORDER_STATE: Record<WorkOrderPerformance['state'], XmlValue> = {
  PLANNED: other('Planned'),
  RELEASED: 'Ready',
  IN_PROGRESS: 'Running',
  COMPLETED: 'Completed',
  CLOSED: other('Closed'),
  CANCELLED: 'Aborted',
};

const OPERATION_STATE: Record<Operation['state'], XmlValue> = {
  PENDING: 'Ready',
  RUNNING: 'Running',
  PAUSED: 'Paused',
  DONE: 'Completed',
};

/** MaterialUse has no Scrap value; Other with OtherValue is the schema's own escape hatch for that. */
const SCRAP_USE = other('Scrap');

const builder = new XMLBuilder({
  ignoreAttributes: false,
  format: true,
  indentBy: '  ',
  // The builder escapes & < > " ' itself; these only drop what XML 1.0 cannot carry at all.
  tagValueProcessor: (_name, value) => xmlSafe(String(value)),
  attributeValueProcessor: (_name, value) => xmlSafe(String(value)),
});

export function operationsPerformanceXml(p: WorkOrderPerformance): string {
  const document: XmlNode = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    OperationsPerformance: {
      '@_xmlns': B2MML_NAMESPACE,
      OperationsType: 'Production',
      StartTime: optionalTime(p.startTime, 'startTime'),
      EndTime: optionalTime(p.endTime, 'endTime'),
      PerformanceState: ORDER_STATE[p.state],
      PublishedDate: dateTime(p.publishedAt, 'publishedAt'),
      OperationsResponse: operationsResponse(p),
    },
  };
  return builder.build(document);
}

function operationsResponse(p: WorkOrderPerformance): XmlNode {
  const operations = [...p.operations].sort((a, b) => a.sequence - b.sequence);
  return {
    ID: p.workOrderCode,
    OperationsType: 'Production',
    OperationsRequestID: p.requestId,
    StartTime: optionalTime(p.startTime, 'startTime'),
    EndTime: optionalTime(p.endTime, 'endTime'),
    ResponseState: ORDER_STATE[p.state],
    SegmentResponse: [...operations.map((op) => operationSegment(p, op)), orderSegment(p)],
  };
}

function operationSegment(p: WorkOrderPerformance, op: Operation): XmlNode {
  const at = `operation ${op.sequence}`;
  return {
    ID: String(op.sequence),
    OperationsType: 'Production',
    ProcessSegmentID: op.name,
    ActualStartTime: optionalTime(op.actualStart, `${at} actualStart`),
    ActualEndTime: optionalTime(op.actualEnd, `${at} actualEnd`),
    SegmentState: OPERATION_STATE[op.state],
    EquipmentActual: { EquipmentID: op.workCenterCode },
    MaterialActual: [
      materialActual(p.itemSku, [], 'Produced', op.qtyGood, p.unit),
      isZero(op.qtyScrap) ? undefined : materialActual(p.itemSku, [], SCRAP_USE, op.qtyScrap, p.unit),
    ],
  };
}

function orderSegment(p: WorkOrderPerformance): XmlNode {
  return {
    ID: p.workOrderCode,
    Description: 'Work order totals: components consumed, lots produced, good and scrapped quantities',
    OperationsType: 'Production',
    ActualStartTime: optionalTime(p.startTime, 'startTime'),
    ActualEndTime: optionalTime(p.endTime, 'endTime'),
    SegmentState: ORDER_STATE[p.state],
    SegmentData: {
      ID: 'OrderedQuantity',
      Value: { ValueString: p.qtyOrdered, DataType: 'decimal', UnitOfMeasure: p.unit },
    },
    MaterialActual: [
      ...producedActuals(p),
      isZero(p.qtyScrapped) ? undefined : materialActual(p.itemSku, [], SCRAP_USE, p.qtyScrapped, p.unit),
      ...p.materialsConsumed.map(consumedActual),
    ],
  };
}

/** One MaterialActual per finished lot when the item is lot-tracked, since each lot has its own quantity. */
function producedActuals(p: WorkOrderPerformance): XmlNode[] {
  if (p.lotsProduced.length === 0) return [materialActual(p.itemSku, [], 'Produced', p.qtyGood, p.unit)];
  return p.lotsProduced.map((lot) => materialActual(p.itemSku, [lot.code], 'Produced', lot.qty, p.unit));
}

/** The hub books an issue's quantity per material, not per lot, so all its lots share one MaterialActual. */
function consumedActual(m: Consumed): XmlNode {
  return materialActual(m.sku, m.lotCodes, 'Consumed', m.qty, m.unit);
}

function materialActual(sku: string, lotCodes: string[], use: XmlValue, qty: string, unit: string): XmlNode {
  return {
    MaterialDefinitionID: sku,
    MaterialLotID: lotCodes,
    MaterialUse: use,
    Quantity: { QuantityString: qty, DataType: 'decimal', UnitOfMeasure: unit },
  };
}

function other(value: string): XmlNode {
  return { '#text': 'Other', '@_OtherValue': value };
}

function isZero(qty: string): boolean {
  return Number(qty) === 0;
}

function optionalTime(value: Date | undefined, field: string): string | undefined {
  return value === undefined ? undefined : dateTime(value, field);
}

/** A bad Date would otherwise surface as toISOString's bare "Invalid time value". */
function dateTime(value: Date, field: string): string {
  if (Number.isNaN(value.getTime())) throw new Error(`B2MML OperationsPerformance: ${field} is not a valid date`);
  return value.toISOString();
}

/**
 * Control characters and lone surrogates have no representation in XML 1.0, escaped or not; left in,
 * they make the whole document unreadable to the receiver, so they become U+FFFD instead.
 */
function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}
