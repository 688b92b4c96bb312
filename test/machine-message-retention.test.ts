import { hubWithFactory } from './support/suite';
import { uniq } from './support/factory';
import { ConfigError, loadConfig } from '../src/app/config';
import { forkEm } from '../src/kernel/db/orm';
import { SYSTEM_ACTOR } from '../src/kernel/auth/actor';
import type { HubServices } from '../src/kernel/module';
import type { Ctx } from '../src/kernel/unit-of-work/context';
import { equipmentModule } from '../src/modules/equipment/equipment.module';
import { pruneMachineMessages } from '../src/modules/equipment/machine-message-retention.job';
import { CreateMachineDocument } from './generated/graphql';

/**
 * The keys that make a redelivered machine message count once are kept only while a duplicate can
 * still arrive (MACHINE_MESSAGE_RETENTION_HOURS), then pruned by a job, in batches.
 */
const s = hubWithFactory();

const ctx = (): Ctx => ({ em: forkEm(s.t.hub.orm), actor: { ...SYSTEM_ACTOR, subject: 'job:test' }, runtime: s.t.hub.runtime });

const post = async (messages: unknown[]) => {
  const res = await fetch(s.t.hub.url.replace(/\/graphql$/, '/machine-data'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${s.t.token('integration')}` },
    body: JSON.stringify({ messages }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { stored: number; duplicates: number };
};

/** Makes the keys of these message ids look received `hours` ago. */
const age = async (ids: string[], hours: number) => {
  await s.t
    .em()
    .execute(
      `update machine_message set received_at = now() - make_interval(hours => ?) where split_part(key, '|id:', 2) = any(?::text[])`,
      [hours, `{${ids.join(',')}}`],
    );
};
const keysOf = async (ids: string[]) =>
  (
    await s.t
      .em()
      .execute<{ id: string }[]>(
        `select split_part(key, '|id:', 2) as id from machine_message where split_part(key, '|id:', 2) = any(?::text[]) order by 1`,
        [`{${ids.join(',')}}`],
      )
  ).map((r) => r.id);

test('old keys go in batches, recent keys stay, and a message redelivered within the window still counts once', async () => {
  const m = (await s.t.client('planner').ok(CreateMachineDocument, { input: { code: uniq('M'), name: 'Press', workCenterId: s.f.wc1.id } }))
    .createMachine.machine;
  const tag = uniq('r');
  const msg = (n: number) => ({ machine: m.code, kind: 'count', name: 'good', value: 1, id: `${tag}-${n}` });
  const old = [1, 2, 3, 4, 5, 6, 7].map((n) => `${tag}-${n}`);
  const recent = [8, 9].map((n) => `${tag}-${n}`);
  expect(await post([1, 2, 3, 4, 5, 6, 7, 8, 9].map(msg))).toEqual({ stored: 9, duplicates: 0 });
  await age(old, 200);
  // Just inside a 192-hour window: kept, and still recognised.
  await age([recent[0]], 191);

  // A run with its budget spent stops after one batch; the rest is left for the next run.
  expect(await pruneMachineMessages(ctx(), 192, { batchRows: 3, budgetMs: 0 })).toBe(3);
  expect(await keysOf(old)).toHaveLength(4);
  // With time to spare it goes on, batch after batch (3 + 1), until nothing older than the window is left.
  expect(await pruneMachineMessages(ctx(), 192, { batchRows: 3, budgetMs: 60_000 })).toBe(4);
  expect(await keysOf([...old, ...recent])).toEqual(recent.sort());

  // A redelivery inside the window is a duplicate; one after its key was pruned would be new again.
  expect(await post([msg(8), msg(9)])).toEqual({ stored: 0, duplicates: 2 });
  expect(await post([msg(1)])).toEqual({ stored: 1, duplicates: 0 });
});

test('the equipment module schedules the pruning with the configured retention', async () => {
  const tag = uniq('j');
  const m = (await s.t.client('planner').ok(CreateMachineDocument, { input: { code: uniq('M'), name: 'Saw', workCenterId: s.f.wc1.id } }))
    .createMachine.machine;
  await post(['a', 'b'].map((x) => ({ machine: m.code, kind: 'count', name: 'good', value: 1, id: `${tag}-${x}` })));
  await age([`${tag}-a`], 30);
  const info = jest.fn();
  const services = { machineData: { ...s.t.config.machineData, messageRetentionHours: 24 }, log: { info } } as unknown as HubServices;
  const job = equipmentModule.jobs!(services).find((j) => j.id === 'machine-message-retention')!;
  expect(job.schedule).toBe('30 * * * * *');
  await job.execute(ctx());
  expect(await keysOf([`${tag}-a`, `${tag}-b`])).toEqual([`${tag}-b`]);
  // What went is logged (other tests' old keys may go in the same run); a run with nothing to remove says nothing.
  expect(info).toHaveBeenCalledWith({ deleted: expect.any(Number) as number, retentionHours: 24 }, 'machine message keys pruned');
  info.mockClear();
  await job.execute(ctx());
  expect(info).not.toHaveBeenCalled();
});

describe('MACHINE_MESSAGE_RETENTION_HOURS', () => {
  const config = (env: Record<string, string>) => loadConfig({ JWT_SECRET: 'x'.repeat(32), DATA_DIR: s.t.db.dataDir, ...env });

  test('defaults to the MQTT session expiry plus a day', () => {
    expect(config({}).machineData.messageRetentionHours).toBe(168 + 24);
    expect(config({ MQTT_SESSION_EXPIRY: '5400' }).machineData.messageRetentionHours).toBe(2 + 24);
    expect(config({ MACHINE_MESSAGE_RETENTION_HOURS: '500' }).machineData.messageRetentionHours).toBe(500);
  });

  test('shorter than a duplicate can still arrive stops start-up, saying why and what would do', () => {
    expect(() => config({ MACHINE_MESSAGE_RETENTION_HOURS: '12' })).toThrow(ConfigError);
    expect(() => config({ MACHINE_MESSAGE_RETENTION_HOURS: '12' })).toThrow(
      /MACHINE_MESSAGE_RETENTION_HOURS: 12 hours is shorter than a day.*use at least 24/,
    );
    const mqtt = { MQTT_URL: 'mqtt://127.0.0.1:1883' };
    expect(() => config({ ...mqtt, MACHINE_MESSAGE_RETENTION_HOURS: '168' })).toThrow(
      /MACHINE_MESSAGE_RETENTION_HOURS: 168 hours is shorter than MQTT_SESSION_EXPIRY \(604800 s\) plus an hour.*use at least 169/,
    );
    expect(config({ ...mqtt, MACHINE_MESSAGE_RETENTION_HOURS: '169' }).machineData.messageRetentionHours).toBe(169);
    // Without a broker only HTTP retries matter.
    expect(config({ MACHINE_MESSAGE_RETENTION_HOURS: '48' }).machineData.messageRetentionHours).toBe(48);
    expect(() => config({ MACHINE_MESSAGE_RETENTION_HOURS: '1.5' })).toThrow(
      /MACHINE_MESSAGE_RETENTION_HOURS: must be a whole number of hours/,
    );
  });
});
