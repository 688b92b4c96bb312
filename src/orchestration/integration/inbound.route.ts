import express, { type Router } from 'express';
import { z } from 'zod';
import type { Logger } from 'pino';
import { forkEm, type EntityManager, type Orm } from '../../kernel/db/orm';
import { DomainError } from '../../kernel/common/errors';
import { requestFingerprint, sameRequestOrConflict } from '../../kernel/common/idempotency';
import { decimalProblem } from '../../kernel/common/quantity';
import { controlCharacterProblem } from '../../kernel/common/text';
import { SYSTEM_ACTOR } from '../../kernel/auth/actor';
import type { HubRuntime } from '../../kernel/unit-of-work/runtime';
import type { Adapter } from '../../contract/adapter';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../contract/signature';
import { importWithHistory } from './sync.service';

/** Text without control characters, and decimals of the hub's one grammar: the rules GraphQL applies. */
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .superRefine((s, ctx) => {
      const problem = controlCharacterProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
const decimal = z
  .union([z.string(), z.number()])
  .transform(String)
  .superRefine((s, ctx) => {
    const problem = decimalProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const payloadSchema = z.object({
  items: z
    .array(
      z.object({
        externalId: text(200),
        sku: text(64),
        name: text(200),
        type: z.enum(['RAW', 'SEMI', 'FINISHED']),
        unit: text(16).optional(),
        tracking: z.enum(['NONE', 'LOT', 'SERIAL']).optional(),
        standardCost: decimal.optional(),
      }),
    )
    .max(1000)
    .optional(),
  boms: z
    .array(
      z.object({
        externalId: text(200),
        itemExternalId: text(200),
        lines: z.array(z.object({ componentExternalId: text(200), qtyPer: decimal, scrapPct: decimal.optional() })).max(500),
      }),
    )
    .max(1000)
    .optional(),
  salesOrders: z
    .array(
      z.object({
        externalId: text(200),
        customer: z.object({ externalId: text(200), code: text(64), name: text(200), email: text(200).optional() }),
        customerReference: text(100).optional(),
        lines: z.array(z.object({ itemExternalId: text(200), qty: decimal, dueDate: text(30) })).max(500),
      }),
    )
    .max(1000)
    .optional(),
  planWorkOrders: z.boolean().default(true),
});

/** How long a claimed message may import before a retry of it may take it over (the claimer crashed). */
const CLAIM_LEASE_SECONDS = 600;

type Claim = { kind: 'claimed'; id: string } | { kind: 'done'; result: Record<string, unknown> } | { kind: 'running' };

/**
 * Claims a message key for this request, or finds who has it. The claim is a row inserted with
 * INSERT … ON CONFLICT DO NOTHING on the unique (adapter, key), committed before the import starts, so
 * of any number of concurrent copies exactly one imports. Another body under the key is CONFLICT
 * (thrown, from the idempotency rule); a copy of a finished message gets its result; a copy of one still
 * importing is told so, unless the claim is older than the lease (its claimer died) and it takes over.
 */
async function claimMessage(em: EntityManager, adapter: string, key: string, fingerprint: string): Promise<Claim> {
  const [inserted] = await em.execute<{ id: string }[]>(
    `insert into inbound_message (id, created_at, updated_at, adapter, message_key, fingerprint, result)
     values (gen_random_uuid(), now(), now(), ?, ?, ?, null)
     on conflict (adapter, message_key) do nothing returning id`,
    [adapter, key, fingerprint],
  );
  if (inserted) return { kind: 'claimed', id: inserted.id };
  const [row] = await em.execute<{ id: string; fingerprint: string | null; result: unknown; stale: boolean }[]>(
    `select id, fingerprint, result, (result is null and updated_at < now() - make_interval(secs => ?)) as stale
     from inbound_message where adapter = ? and message_key = ?`,
    [CLAIM_LEASE_SECONDS, adapter, key],
  );
  if (!row) return claimMessage(em, adapter, key, fingerprint); // released by a failed first try meanwhile
  const result =
    typeof row.result === 'string' ? (JSON.parse(row.result) as Record<string, unknown>) : (row.result as Record<string, unknown> | null);
  sameRequestOrConflict({ fingerprint: row.fingerprint, result }, fingerprint, 'Idempotency-Key', key, 'message');
  if (result) return { kind: 'done', result };
  if (row.stale) {
    const [taken] = await em.execute<{ id: string }[]>(
      `update inbound_message set updated_at = now() where id = ? and result is null
       and updated_at < now() - make_interval(secs => ?) returning id`,
      [row.id, CLAIM_LEASE_SECONDS],
    );
    if (taken) return { kind: 'claimed', id: taken.id };
  }
  return { kind: 'running' };
}

/**
 * POST /hooks/<adapter>: for systems that push. The body must be signed like our own webhooks (scheme v2:
 * HMAC over timestamp, idempotency key and body, inside the replay window) and carry an Idempotency-Key.
 * A repeat of a key with the same body answers the first result and imports nothing again; the key with
 * another body is 409 IDEMPOTENCY_KEY_REUSED; a repeat while the first is still importing is 409
 * REQUEST_IN_PROGRESS with Retry-After. Anything refused changes nothing.
 */
export function inboundRouter(orm: Orm, adapters: ReadonlyMap<string, Adapter>, runtime: HubRuntime, log: Logger, limit: string): Router {
  const router = express.Router();
  router.post('/:adapter', express.text({ type: () => true, limit }), async (req, res) => {
    const refuse = (status: number, reason: string, extra: Record<string, unknown> = {}) =>
      res.status(status).json({ error: reason, ...extra });
    const adapter = adapters.get(String(req.params.adapter));
    const secret = adapter?.inboundSecret?.();
    if (!adapter || !secret) return refuse(404, `no adapter ${req.params.adapter} accepts pushed messages`);
    const body = typeof req.body === 'string' ? req.body : '';
    const key = req.header(IDEMPOTENCY_HEADER);
    const check = verifySignature(
      secret,
      { signature: req.header(SIGNATURE_HEADER), timestamp: req.header(TIMESTAMP_HEADER), idempotencyKey: key },
      body,
    );
    if (!check.ok) return refuse(check.status, check.reason);
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
    let claim: Claim;
    try {
      claim = await claimMessage(em, adapter.name, key!, requestFingerprint(`hooks/${adapter.name}`, parsed.data));
    } catch (e) {
      if (e instanceof DomainError) return refuse(409, e.message, { reason: e.extensions.reason });
      throw e;
    }
    if (claim.kind === 'done') return res.status(200).json({ ...claim.result, replayed: true });
    if (claim.kind === 'running') {
      res.setHeader('Retry-After', '1');
      return refuse(409, `the message with this ${IDEMPOTENCY_HEADER} is still being imported; send it again in a moment for its result`, {
        reason: 'REQUEST_IN_PROGRESS',
      });
    }
    try {
      const { planWorkOrders, ...batch } = parsed.data;
      const run = await importWithHistory(
        { em, actor: { ...SYSTEM_ACTOR, subject: `hook:${adapter.name}` }, runtime },
        adapter.name,
        'WEBHOOK',
        batch,
        { planWorkOrders },
      );
      const result = { syncRunId: run.id, status: run.status, imported: run.imported, failed: run.failed, errors: run.errors };
      await em.execute('update inbound_message set result = ?::jsonb, updated_at = now() where id = ?', [JSON.stringify(result), claim.id]);
      return res.status(200).json(result);
    } catch (err) {
      log.error({ err, adapter: adapter.name }, 'inbound message failed');
      // Release the key, so the sender's retry with it imports (imports are idempotent upserts).
      await em.execute('delete from inbound_message where id = ? and result is null', [claim.id]).catch(() => undefined);
      return refuse(500, 'the hub could not process the message; send it again with the same key');
    }
  });
  return router;
}
