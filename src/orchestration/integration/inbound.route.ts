import express, { type Router } from 'express';
import { z } from 'zod';
import type { Logger } from 'pino';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { forkEm, type Orm } from '../../kernel/db/orm';
import { SYSTEM_ACTOR } from '../../kernel/auth/actor';
import type { HubRuntime } from '../../kernel/unit-of-work/runtime';
import type { Adapter } from '../../contract/adapter';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../contract/signature';
import { InboundMessage } from './sync.entity';
import { importWithHistory } from './sync.service';

const text = (max: number) => z.string().min(1).max(max);
const decimal = z.union([z.string(), z.number()]).transform(String);
const payloadSchema = z.object({
  items: z.array(z.object({
    externalId: text(200), sku: text(64), name: text(200), type: z.enum(['RAW', 'SEMI', 'FINISHED']),
    unit: text(16).optional(), tracking: z.enum(['NONE', 'LOT', 'SERIAL']).optional(), standardCost: decimal.optional(),
  })).max(1000).optional(),
  boms: z.array(z.object({
    externalId: text(200), itemExternalId: text(200),
    lines: z.array(z.object({ componentExternalId: text(200), qtyPer: decimal, scrapPct: decimal.optional() })).max(500),
  })).max(1000).optional(),
  salesOrders: z.array(z.object({
    externalId: text(200),
    customer: z.object({ externalId: text(200), code: text(64), name: text(200), email: text(200).optional() }),
    customerReference: text(100).optional(),
    lines: z.array(z.object({ itemExternalId: text(200), qty: decimal, dueDate: text(30) })).max(500),
  })).max(1000).optional(),
  planWorkOrders: z.boolean().default(true),
});

/**
 * POST /hooks/<adapter>: for systems that push. The body must be signed like our own webhooks (HMAC over
 * timestamp and body, inside the replay window) and carry an Idempotency-Key; a repeat of a key answers
 * the first result and imports nothing again. Anything refused changes nothing.
 */
export function inboundRouter(orm: Orm, adapters: ReadonlyMap<string, Adapter>, runtime: HubRuntime, log: Logger, limit: string): Router {
  const router = express.Router();
  router.post('/:adapter', express.text({ type: () => true, limit }), async (req, res) => {
    const refuse = (status: number, reason: string) => res.status(status).json({ error: reason });
    const adapter = adapters.get(String(req.params.adapter));
    const secret = adapter?.inboundSecret?.();
    if (!adapter || !secret) return refuse(404, `no adapter ${req.params.adapter} accepts pushed messages`);
    const body = typeof req.body === 'string' ? req.body : '';
    const check = verifySignature(secret, { signature: req.header(SIGNATURE_HEADER), timestamp: req.header(TIMESTAMP_HEADER) }, body);
    if (!check.ok) return refuse(check.status, check.reason);
    const key = req.header(IDEMPOTENCY_HEADER);
    if (!key || key.length > 200) return refuse(400, `send an ${IDEMPOTENCY_HEADER} header (at most 200 characters)`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (e) {
      return refuse(400, `the body is not valid JSON: ${(e as Error).message}`);
    }
    const parsed = payloadSchema.safeParse(json);
    if (!parsed.success) {
      return refuse(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    }
    const em = forkEm(orm);
    const earlier = await em.findOne(InboundMessage, { adapter: adapter.name, messageKey: key });
    if (earlier) return res.status(200).json({ ...earlier.result, replayed: true });
    try {
      const { planWorkOrders, ...batch } = parsed.data;
      const run = await importWithHistory({ em, actor: { ...SYSTEM_ACTOR, subject: `hook:${adapter.name}` }, runtime }, adapter.name, 'WEBHOOK', batch, { planWorkOrders });
      const result = { syncRunId: run.id, status: run.status, imported: run.imported, failed: run.failed, errors: run.errors };
      try {
        em.create(InboundMessage, { adapter: adapter.name, messageKey: key, result });
        await em.flush();
      } catch (e) {
        // A concurrent repeat of the same key recorded it first; the import itself was idempotent.
        if (!(e instanceof UniqueConstraintViolationException)) throw e;
      }
      return res.status(200).json(result);
    } catch (err) {
      log.error({ err, adapter: adapter.name }, 'inbound message failed');
      return refuse(500, 'the hub could not process the message; send it again with the same key');
    }
  });
  return router;
}
