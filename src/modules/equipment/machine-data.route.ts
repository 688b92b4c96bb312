import express, { type Router } from 'express';
import { z } from 'zod';
import { forkEm } from '../../kernel/db/orm';
import { DomainError } from '../../kernel/common/errors';
import { assertAllowed } from '../../kernel/auth/auth-checker';
import type { HubServices } from '../../kernel/module';
import { StateSource } from './machine.entity';
import { MachineDataError, toRecord, type MachineRecord } from './machine-data';
import { storeMachineData } from './machine-data.store';
import { EquipmentPermission } from './equipment.permissions';

const fact = z.object({
  machine: z.string().min(1).max(64),
  kind: z.enum(['state', 'count', 'param']),
  name: z.string().min(1).max(64).optional(),
  value: z.union([z.string().max(64), z.number()]),
  ts: z.union([z.string().max(40), z.number()]).optional(),
  id: z.union([z.string().max(100), z.number()]).optional(),
  reason: z.string().max(64).optional(),
  expectedEnd: z.union([z.string().max(40), z.number()]).optional(),
});
const body = z.object({ messages: z.array(fact).min(1).max(5000) });

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400 };

/**
 * POST /machine-data: machine data from machines without MQTT (a gateway, a PLC script), the same
 * records through the same store as the broker's. A message is recognised by machine, kind, name and
 * its id (or ts), so a retried request stores nothing twice. All or nothing: one bad message refuses the request.
 */
export function machineDataRouter(services: HubServices): Router {
  const router = express.Router();
  router.post('/', express.json({ limit: services.requestSizeLimit }), async (req, res) => {
    try {
      const ctx = { em: forkEm(services.orm), actor: services.authenticate(req.headers.authorization), runtime: services.runtime };
      assertAllowed(ctx, [EquipmentPermission.MachineDataIngest], 'machine data');
      const parsed = body.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        res.status(400).json({ error: `${issue.path.join('.')}: ${issue.message}`, code: 'BAD_USER_INPUT' });
        return;
      }
      const now = new Date();
      const records: MachineRecord[] = [];
      for (const [i, m] of parsed.data.messages.entries()) {
        try {
          records.push(toRecord(m, `http/${m.machine}/${m.kind}/${m.name ?? ''}`, now));
        } catch (e) {
          if (!(e instanceof MachineDataError)) throw e;
          res.status(400).json({ error: `messages.${i}: ${e.message}`, code: 'BAD_USER_INPUT' });
          return;
        }
      }
      const result = await storeMachineData(ctx, records, StateSource.HTTP, { refuseUnknown: true });
      res.json({ stored: result.stored, duplicates: result.duplicates });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      res.status(STATUS[e.code] ?? 409).json({ error: e.message, code: e.code });
    }
  });
  return router;
}
