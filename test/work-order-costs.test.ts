import { ExecutionEventType as T } from '../src/modules/production/execution-event.entity';
import { costReached, runningMinutes, standingScans, variancesOf } from '../src/modules/production/work-order-costs';
import { dec } from '../src/kernel/common/quantity';

/** The arithmetic of costing, without a database. */
const at = (m: number) => new Date(Date.UTC(2026, 11, 1, 6, m));
const scan = (id: string, type: T, m: number, reversesEventId?: string) => ({ id, type, occurredAt: at(m), reversesEventId });

test('an operation runs from start or resume to pause or its end; reversed scans and their reversals do not count', () => {
  const scans = [scan('a', T.START, 0), scan('b', T.PAUSE, 10), scan('c', T.RESUME, 25), scan('d', T.COMPLETE, 30)];
  expect(runningMinutes(scans, at(40), at(99)).toFixed()).toBe('25');
  expect(runningMinutes(scans, null, at(45)).toFixed()).toBe('30'); // still running: until now
  // The pause was reversed: it ran all along.
  const corrected = [...scans, scan('e', T.PAUSE, 50, 'b')];
  expect(standingScans(corrected).map((s) => s.id)).toEqual(['a', 'c', 'd']);
  expect(runningMinutes(corrected, at(40), at(99)).toFixed()).toBe('40');
  // A device clock that runs backwards never makes negative time.
  expect(runningMinutes([scan('x', T.START, 30)], at(20), at(99)).toFixed()).toBe('0');
});

test('a scrapped unit carries its material and the run time of the operations it went through', () => {
  const ops = [
    { sequence: 10, setupMinutes: '30', runMinutesPerUnit: '6', labourRatePerHour: '30', machineRatePerHour: '60' },
    { sequence: 20, setupMinutes: '0', runMinutesPerUnit: '3', labourRatePerHour: '20', machineRatePerHour: '0' },
  ];
  expect(costReached(dec('3.39'), ops, 10).toFixed()).toBe('12.39'); // 3.39 + 6 min at 90/h
  expect(costReached(dec('3.39'), ops, 20).toFixed()).toBe('13.39'); // + 3 min at 20/h
});

test('the variances add up to what the order holds in WIP, whatever the rounding', () => {
  const standard = { material: dec('10.01'), labour: dec('3.33'), machine: dec('0') };
  const actual = { material: dec('9.99'), labour: dec('3.34'), machine: dec('1.11') };
  const booked = { material: dec('9.99'), completions: dec('12'), scrap: dec('0.5') };
  const v = variancesOf(standard, actual, booked);
  const sum = Object.values(v).reduce((a, b) => a.plus(b), dec(0));
  expect(sum.toFixed()).toBe(actual.material.plus(actual.labour).plus(actual.machine).minus(12).minus(0.5).toFixed());
  expect(v.MATERIAL.toFixed()).toBe('-0.02');
});
