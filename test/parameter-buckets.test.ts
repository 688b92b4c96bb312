import { hubWithFactory } from './support/suite';
import { uniq } from './support/factory';
import { CreateMachineDocument, ParameterSeriesDocument } from './generated/graphql';

/**
 * Process parameters are also kept per quarter hour (parameter_bucket), so a month of one-second readings
 * is read as quarter hours. What the buckets say must be what the readings say: the same sums, extremes
 * and counts, also when a quarter hour's readings arrive in several requests and one is sent twice; and a
 * long series read from them must equal the one computed from the readings, ragged ends included.
 */
const s = hubWithFactory();

const QUARTER = 15 * 60_000;

async function ingest(machine: string, readings: { at: number; value: number; id: string }[]) {
  const res = await fetch(s.t.hub.url.replace(/\/graphql$/, '/machine-data'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${s.t.token('integration')}` },
    body: JSON.stringify({
      messages: readings.map((r) => ({
        machine,
        kind: 'param',
        name: 'pressure',
        value: r.value,
        ts: new Date(r.at).toISOString(),
        id: r.id,
      })),
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { stored: number; duplicates: number };
}

test('quarter hours of readings add up to the readings, and a long series read from them equals the readings’ own', async () => {
  const machine = (
    await s.t.client('planner').ok(CreateMachineDocument, { input: { code: uniq('PRESS'), name: 'Press', workCenterId: s.f.wc1.id } })
  ).createMachine.machine;
  // Two hours of a reading every 50 s from a quarter hour's start, values that differ in every bucket.
  const t0 = Math.floor(Date.now() / QUARTER) * QUARTER - 3 * 3_600_000;
  const readings = Array.from({ length: 144 }, (_, i) => ({ at: t0 + i * 50_000, value: 100 + ((i * 37) % 23) + i / 10, id: `r${i}` }));
  // In three requests that split quarter hours between them, the middle one sent twice.
  const parts = [readings.slice(0, 50), readings.slice(50, 101), readings.slice(101)];
  expect(await ingest(machine.code, parts[0])).toEqual({ stored: 50, duplicates: 0 });
  expect(await ingest(machine.code, parts[1])).toEqual({ stored: 51, duplicates: 0 });
  expect(await ingest(machine.code, parts[1])).toEqual({ stored: 0, duplicates: 51 });
  expect(await ingest(machine.code, parts[2])).toEqual({ stored: 43, duplicates: 0 });

  const [buckets, fromReadings] = await Promise.all(
    [
      `select bucket_start as t, samples::int as n, total, min, max from parameter_bucket where machine_id = ? and name = 'pressure' order by 1`,
      `select to_timestamp(floor(extract(epoch from at) / 900) * 900) as t, count(*)::int as n, sum(value) as total, min(value) as min, max(value) as max
       from parameter_sample where machine_id = ? and name = 'pressure' group by 1 order by 1`,
    ].map((sql) => s.t.em().execute<{ t: Date; n: number; total: number; min: number; max: number }[]>(sql, [machine.id])),
  );
  expect(buckets).toHaveLength(8);
  expect(buckets.map((b) => ({ ...b, t: new Date(b.t).getTime(), total: Number(b.total.toFixed(6)) }))).toEqual(
    fromReadings.map((b) => ({ ...b, t: new Date(b.t).getTime(), total: Number(b.total.toFixed(6)) })),
  );

  // A series whose buckets are whole quarter hours, over a period that starts and ends inside quarter hours.
  const from = t0 + 7 * 60_000 + 13_000;
  const to = t0 + 113 * 60_000;
  const points = 3;
  // Clock-aligned buckets sized for points - 1, so that at most `points` of them meet the period, in whole quarter hours.
  const width = Math.ceil(Math.ceil((to - from) / (points - 1) / 1000) / 900) * 900 * 1000;
  const expected = new Map<number, number[]>();
  for (const r of readings.filter((r) => r.at >= from && r.at < to)) {
    const b = Math.floor(r.at / width) * width;
    expected.set(b, [...(expected.get(b) ?? []), r.value]);
  }
  const series = (
    await s.t.client('viewer').ok(ParameterSeriesDocument, {
      machineId: machine.id,
      name: 'pressure',
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      points,
    })
  ).parameterSeries;
  expect(series.length).toBeLessThanOrEqual(points);
  expect(series.length).toBeGreaterThan(1);
  expect(series.map((p) => ({ at: Date.parse(p.at), value: p.value.toFixed(6), min: p.min, max: p.max }))).toEqual(
    [...expected].map(([at, vs]) => ({
      at,
      value: (vs.reduce((a, v) => a + v, 0) / vs.length).toFixed(6),
      min: Math.min(...vs),
      max: Math.max(...vs),
    })),
  );

  // Whatever the hour: for every start in the two hours, a series of 3 points and of 1 point stays within its count.
  for (let shift = 0; shift < 120; shift += 7) {
    for (const n of [1, 3]) {
      const got = (
        await s.t.client('viewer').ok(ParameterSeriesDocument, {
          machineId: machine.id,
          name: 'pressure',
          from: new Date(t0 + shift * 60_000).toISOString(),
          to: new Date(t0 + shift * 60_000 + 100 * 60_000).toISOString(),
          points: n,
        })
      ).parameterSeries;
      expect(got.length).toBeLessThanOrEqual(n);
    }
  }
  const [whole] = (
    await s.t.client('viewer').ok(ParameterSeriesDocument, {
      machineId: machine.id,
      name: 'pressure',
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      points: 1,
    })
  ).parameterSeries;
  const inPeriod = readings.filter((r) => r.at >= from && r.at < to).map((r) => r.value);
  expect(whole).toMatchObject({ at: new Date(from).toISOString(), min: Math.min(...inPeriod), max: Math.max(...inPeriod) });
  expect(whole.value.toFixed(6)).toBe((inPeriod.reduce((a, v) => a + v, 0) / inPeriod.length).toFixed(6));
});
