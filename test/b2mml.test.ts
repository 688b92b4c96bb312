import fs from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { operationsPerformanceXml, B2MML_NAMESPACE } from '../src/orchestration/b2mml/performance';
import { parseOperationsSchedule } from '../src/orchestration/b2mml/schedule';
import type { WorkOrderPerformance } from '../src/orchestration/b2mml/types';

import { PERFORMANCE_XSD, SCHEDULE_FIXTURE, SCHEDULE_XSD, expectValid, scratchFile, xmllint, xsdTest } from './support/b2mml-schemas';

const at = (iso: string) => new Date(iso);

const performance: WorkOrderPerformance = {
  workOrderCode: 'WO-000123',
  workOrderId: '7f1c2a9e-4b1d-4c55-9d7e-0a4f5e6b7c8d',
  requestId: 'SO-1001-10',
  state: 'IN_PROGRESS',
  itemSku: 'VALVE-DN50 <PN16>',
  unit: 'pcs',
  qtyOrdered: '120',
  qtyGood: '95',
  qtyScrapped: '3',
  startTime: at('2025-07-14T06:12:00Z'),
  publishedAt: at('2025-07-15T10:00:00Z'),
  operations: [
    // Out of order on purpose: the export sorts by sequence.
    {
      sequence: 20,
      name: 'Assemble & test',
      workCenterCode: 'WC-ASSY',
      state: 'RUNNING',
      qtyGood: '95',
      qtyScrap: '1',
      actualStart: at('2025-07-14T13:00:00Z'),
    },
    {
      sequence: 10,
      name: 'Machine body <CNC-3>',
      workCenterCode: 'WC-CNC',
      state: 'DONE',
      qtyGood: '118',
      qtyScrap: '2',
      actualStart: at('2025-07-14T06:12:00Z'),
      actualEnd: at('2025-07-14T12:40:00Z'),
    },
  ],
  materialsConsumed: [
    { sku: 'BODY-DN50', unit: 'pcs', qty: '120', lotCodes: ['CAST-2025-0711', 'CAST-2025-0712'] },
    { sku: 'SEAL "O" & ring', unit: 'pcs', qty: '95', lotCodes: ['SR-88'] },
  ],
  lotsProduced: [{ code: 'FG-2025-0714-A', qty: '95' }],
};

const readBack = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['SegmentResponse', 'MaterialActual', 'MaterialLotID'].includes(name),
});

type Node = Record<string, any>;

describe('operationsPerformanceXml', () => {
  const xml = operationsPerformanceXml(performance);

  xsdTest('validates against B2MML-OperationsPerformance.xsd', () => {
    expectValid(PERFORMANCE_XSD, xml, 'performance.xml');
  });

  xsdTest('is actually checked: a misplaced element fails validation', () => {
    // Guards the test above against an xmllint setup that would call anything valid.
    const broken = xml.replace(
      '<OperationsType>Production</OperationsType>',
      '<PublishedDate>2025-07-15T10:00:00Z</PublishedDate><OperationsType>Production</OperationsType>',
    );
    const file = scratchFile('broken.xml', broken);
    const { status, stderr } = xmllint(PERFORMANCE_XSD, file);
    expect(stderr).toContain(`${file} fails to validate`);
    expect(status).not.toBe(0);
  });

  it('escapes markup characters in names', () => {
    expect(xml).toContain('<ProcessSegmentID>Assemble &amp; test</ProcessSegmentID>');
    expect(xml).toContain('<MaterialDefinitionID>VALVE-DN50 &lt;PN16&gt;</MaterialDefinitionID>');
    expect(xml).not.toContain('<PN16>');
  });

  it('carries the order, its operations and its material flows', () => {
    const root = readBack.parse(xml).OperationsPerformance as Node;
    expect(root['@_xmlns']).toBe(B2MML_NAMESPACE);
    expect(root.OperationsType).toBe('Production');
    const response = root.OperationsResponse as Node;
    expect(response).toMatchObject({ ID: 'WO-000123', OperationsRequestID: 'SO-1001-10', ResponseState: 'Running' });

    const [machine, assemble, order] = response.SegmentResponse as Node[];
    expect(response.SegmentResponse).toHaveLength(3);
    expect(machine).toMatchObject({
      ID: '10',
      ProcessSegmentID: 'Machine body <CNC-3>',
      SegmentState: 'Completed',
      ActualStartTime: '2025-07-14T06:12:00.000Z',
      ActualEndTime: '2025-07-14T12:40:00.000Z',
      EquipmentActual: { EquipmentID: 'WC-CNC' },
    });
    expect(uses(machine)).toEqual([
      ['Produced', '118'],
      ['Scrap', '2'],
    ]);
    expect(assemble).toMatchObject({ ID: '20', ProcessSegmentID: 'Assemble & test', EquipmentActual: { EquipmentID: 'WC-ASSY' } });
    expect(assemble.ActualEndTime).toBeUndefined();
    expect(uses(assemble)).toEqual([
      ['Produced', '95'],
      ['Scrap', '1'],
    ]);

    expect(order.ID).toBe('WO-000123');
    expect(uses(order)).toEqual([
      ['Produced', '95'],
      ['Scrap', '3'],
      ['Consumed', '120'],
      ['Consumed', '95'],
    ]);
    const [produced, , body, seal] = order.MaterialActual as Node[];
    expect(produced).toMatchObject({ MaterialDefinitionID: 'VALVE-DN50 <PN16>', MaterialLotID: ['FG-2025-0714-A'] });
    expect(body).toMatchObject({ MaterialDefinitionID: 'BODY-DN50', MaterialLotID: ['CAST-2025-0711', 'CAST-2025-0712'] });
    expect(seal).toMatchObject({ MaterialDefinitionID: 'SEAL "O" & ring', MaterialLotID: ['SR-88'] });
    expect(body.Quantity).toEqual({ QuantityString: '120', DataType: 'decimal', UnitOfMeasure: 'pcs' });
  });

  xsdTest('stays valid for a bare order: no operations, lots, request, scrap, or times; closed', () => {
    const bare = operationsPerformanceXml({
      ...performance,
      requestId: undefined,
      state: 'CLOSED',
      qtyScrapped: '0',
      startTime: undefined,
      operations: [],
      materialsConsumed: [],
      lotsProduced: [],
    });
    expectValid(PERFORMANCE_XSD, bare, 'bare.xml');
    expect(bare).toContain('<ResponseState OtherValue="Closed">Other</ResponseState>');
    expect(bare).not.toContain('OperationsRequestID');
  });

  xsdTest('replaces characters XML 1.0 cannot carry instead of emitting an unreadable document', () => {
    const dirty = operationsPerformanceXml({ ...performance, itemSku: 'VALVE\u0007DN50\uD800' });
    expectValid(PERFORMANCE_XSD, dirty, 'dirty.xml');
    expect(dirty).toContain('<MaterialDefinitionID>VALVE\uFFFDDN50\uFFFD</MaterialDefinitionID>');
  });

  it('names the field when a date is invalid', () => {
    expect(() => operationsPerformanceXml({ ...performance, publishedAt: new Date('nope') })).toThrow('publishedAt is not a valid date');
  });
});

/** [MaterialUse (Scrap for Other/Scrap), quantity] per MaterialActual of a segment. */
function uses(segment: Node): [string, string][] {
  return (segment.MaterialActual as Node[]).map((m) => [
    typeof m.MaterialUse === 'string' ? m.MaterialUse : m.MaterialUse['@_OtherValue'],
    m.Quantity.QuantityString,
  ]);
}

describe('parseOperationsSchedule', () => {
  const fixture = fs.readFileSync(SCHEDULE_FIXTURE, 'utf8');

  xsdTest('the fixture itself is valid B2MML-OperationsSchedule', () => {
    const { status, stderr } = xmllint(SCHEDULE_XSD, SCHEDULE_FIXTURE);
    expect(stderr).toContain(`${SCHEDULE_FIXTURE} validates`);
    expect(status).toBe(0);
  });

  it('returns the two readable requests and reports the one without a produced material', () => {
    const parsed = parseOperationsSchedule(fixture);
    expect(parsed.scheduleId).toBe('PS-2025-W29');
    expect(parsed.requests).toEqual([
      {
        requestId: 'SO-1001-10',
        description: 'Ball valve DN50 <PN16> for Müller & Söhne',
        itemSku: 'VALVE-DN50',
        qty: '120',
        unit: 'pcs',
        dueDate: '2025-07-16',
        startDate: '2025-07-14',
      },
      {
        // Two steps: BODY-DN80 is made and then consumed, so the request is for VALVE-DN80; no EndTime
        // of its own, so it is due at the schedule's end.
        requestId: 'SO-1002-10',
        description: 'Gate valve DN80, machined in house',
        itemSku: 'VALVE-DN80',
        qty: '40',
        unit: 'pcs',
        dueDate: '2025-07-19',
        startDate: '2025-07-15',
      },
    ]);
    expect(parsed.errors).toEqual([{ record: 'SO-1003-10', reason: 'it has no MaterialRequirement with MaterialUse Produced' }]);
  });

  xsdTest('accepts the schedule inside a ProcessOperationsSchedule BOD', () => {
    const bod = processBod(fixture);
    expectValid(SCHEDULE_XSD, bod, 'process-bod.xml');
    const parsed = parseOperationsSchedule(bod);
    expect(parsed.requests.map((r) => r.requestId)).toEqual(['SO-1001-10', 'SO-1002-10']);
    expect(parsed.errors.map((e) => e.record)).toEqual(['SO-1003-10']);
  });

  it('accepts a SyncOperationsSchedule, without namespace prefixes', () => {
    const parsed = parseOperationsSchedule(`<SyncOperationsSchedule xmlns="${B2MML_NAMESPACE}" releaseID="1">
      <ApplicationArea><CreationDateTime>2025-07-11T15:42:10Z</CreationDateTime></ApplicationArea>
      <DataArea><Sync/>${schedule('S-9', request('R1', { material: 'PUMP-7', qty: '5', end: '2025-08-01' }))}</DataArea>
    </SyncOperationsSchedule>`);
    expect(parsed).toEqual({
      scheduleId: 'S-9',
      requests: [{ requestId: 'R1', itemSku: 'PUMP-7', qty: '5', unit: 'pcs', dueDate: '2025-08-01' }],
      errors: [],
    });
  });

  it('falls back to MaterialClassID when the produced material has no definition', () => {
    const parsed = parseOperationsSchedule(
      schedule('S', request('R1', { materialClass: 'VALVES', qty: '2', end: '2025-08-01T08:00:00Z' })),
    );
    expect(parsed.requests[0]).toMatchObject({ itemSku: 'VALVES', qty: '2' });
  });

  it('reports every reason a request cannot be read, and which request', () => {
    const parsed = parseOperationsSchedule(
      schedule(
        'S',
        request('R1', { material: 'A', qty: 'twelve' }),
        request('R2', { material: 'B', end: '2025-02-30T10:00:00Z' }),
        request('R1', { material: 'C', qty: '1', end: '2025-08-01' }),
        request('', { material: 'D', qty: '1', end: '2025-08-01' }),
      ),
    );
    expect(parsed.requests).toEqual([]);
    expect(parsed.errors).toEqual([
      { record: 'R1', reason: 'its quantity "twelve" is not a positive decimal number; it has no EndTime, and neither has the schedule' },
      {
        record: 'R2',
        reason: 'its Produced MaterialRequirement (B) has no Quantity; its EndTime "2025-02-30T10:00:00Z" is not a date and time',
      },
      { record: 'R1', reason: 'its ID repeats that of OperationsRequest #1' },
      { record: 'OperationsRequest #4', reason: 'it has no ID' },
    ]);
  });

  it('does not plan cancelled or non-production requests', () => {
    const produced = request('X', { material: 'A', qty: '1', end: '2025-08-01' });
    const parsed = parseOperationsSchedule(
      schedule(
        'S',
        produced.replace('<OperationsRequest><ID>X</ID>', '<OperationsRequest><ID>R1</ID><RequestState>Cancelled</RequestState>'),
        produced.replace('<OperationsRequest><ID>X</ID>', '<OperationsRequest><ID>R2</ID><OperationsType>Maintenance</OperationsType>'),
      ),
    );
    expect(parsed.requests).toEqual([]);
    expect(parsed.errors).toEqual([
      { record: 'R1', reason: 'its RequestState is Cancelled' },
      { record: 'R2', reason: 'its OperationsType is Maintenance, not Production' },
    ]);
  });

  it('throws a clear error for garbage, an empty document and a DOCTYPE', () => {
    expect(() => parseOperationsSchedule('this is not xml')).toThrow(/not well-formed XML: .*line 1, column 1/);
    expect(() => parseOperationsSchedule('<OperationsSchedule><ID>x</OperationsSchedule>')).toThrow(
      /not well-formed XML: Expected closing tag 'ID'/,
    );
    expect(() => parseOperationsSchedule('  ')).toThrow('The B2MML document is empty');
    expect(() => parseOperationsSchedule('<!DOCTYPE x [<!ENTITY a "b">]><OperationsSchedule/>')).toThrow(/DOCTYPE/);
  });

  it('throws naming the root element when it is not a schedule', () => {
    const performanceXml = operationsPerformanceXml(performance);
    expect(() => parseOperationsSchedule(performanceXml)).toThrow(
      'The root element is OperationsPerformance; expected OperationsSchedule, or one inside ProcessOperationsSchedule or SyncOperationsSchedule',
    );
    expect(() => parseOperationsSchedule('<CancelOperationsSchedule releaseID="1"/>')).toThrow(/root element is CancelOperationsSchedule/);
    expect(() => parseOperationsSchedule('<OperationsSchedule/><OperationsSchedule/>')).toThrow('exactly one root element');
  });
});

/** The fixture, wrapped as an ERP's message bus sends it. */
function processBod(scheduleXml: string): string {
  const body = scheduleXml.replace(/^<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/, '');
  return `<?xml version="1.0" encoding="UTF-8"?>
<b2mml:ProcessOperationsSchedule xmlns:b2mml="${B2MML_NAMESPACE}" releaseID="0700">
  <b2mml:ApplicationArea>
    <b2mml:Sender><b2mml:LogicalID>ERP-PROD</b2mml:LogicalID></b2mml:Sender>
    <b2mml:CreationDateTime>2025-07-11T15:42:10Z</b2mml:CreationDateTime>
    <b2mml:BODID>4711</b2mml:BODID>
  </b2mml:ApplicationArea>
  <b2mml:DataArea>
    <b2mml:Process/>
    ${body.replace(/ xmlns:b2mml="[^"]*"/, '')}
  </b2mml:DataArea>
</b2mml:ProcessOperationsSchedule>`;
}

function schedule(id: string, ...requests: string[]): string {
  return `<OperationsSchedule xmlns="${B2MML_NAMESPACE}"><ID>${id}</ID>${requests.join('')}</OperationsSchedule>`;
}

function request(id: string, r: { material?: string; materialClass?: string; qty?: string; end?: string }): string {
  const quantity =
    r.qty === undefined ? '' : `<Quantity><QuantityString>${r.qty}</QuantityString><UnitOfMeasure>pcs</UnitOfMeasure></Quantity>`;
  const material =
    (r.materialClass ? `<MaterialClassID>${r.materialClass}</MaterialClassID>` : '') +
    (r.material ? `<MaterialDefinitionID>${r.material}</MaterialDefinitionID>` : '');
  return `<OperationsRequest>${id ? `<ID>${id}</ID>` : ''}${r.end ? `<EndTime>${r.end}</EndTime>` : ''}
    <SegmentRequirement><MaterialRequirement>${material}<MaterialUse>Produced</MaterialUse>${quantity}</MaterialRequirement></SegmentRequirement>
  </OperationsRequest>`;
}
