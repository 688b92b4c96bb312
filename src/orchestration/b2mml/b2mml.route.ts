import express, { type Router } from 'express';
import { GraphQLError } from 'graphql';
import { forkEm, type Orm } from '../../kernel/db/orm';
import type { HubRuntime } from '../../kernel/unit-of-work/runtime';
import { DomainError, ErrorCode } from '../../kernel/common/errors';
import type { Actor } from '../../kernel/auth/actor';
import { assertAllowed } from '../../kernel/auth/auth-checker';

import { importProductionSchedule, workOrderPerformanceXml } from './b2mml.service';
import { ProductionPermission } from '../../modules/production/production.permissions';
import { IntegrationPermission } from '../integration/integration.permissions';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
};

/**
 * B2MML over plain HTTP, for ERPs that speak the standard and nothing else: GET a work order's
 * performance as XML, POST a production schedule as XML. The same bearer tokens and permissions as GraphQL.
 */
export function b2mmlRouter(orm: Orm, runtime: HubRuntime, authenticate: (header: unknown) => Actor | null, limit: string): Router {
  const router = express.Router();
  const handle =
    (
      permissions: readonly string[],
      what: string,
      work: (
        ctx: { em: ReturnType<typeof forkEm>; actor: Actor | null; runtime: HubRuntime },
        req: express.Request,
      ) => Promise<{ status: number; type: string; body: string }>,
    ) =>
    async (req: express.Request, res: express.Response) => {
      try {
        const ctx = { em: forkEm(orm), actor: authenticate(req.headers.authorization), runtime };
        assertAllowed(ctx, permissions, what);
        const out = await work(ctx, req);
        res.status(out.status).type(out.type).send(out.body);
      } catch (e) {
        if (!(e instanceof DomainError) && !(e instanceof GraphQLError)) throw e;
        const code = String(e.extensions.code);
        res.status(STATUS[code] ?? 409).json({ error: e.message, code });
      }
    };
  router.get(
    '/work-orders/:id/performance',
    handle([ProductionPermission.ProductionRead], 'B2MML performance', async (ctx, req) => ({
      status: 200,
      type: 'application/xml',
      body: await workOrderPerformanceXml(ctx, String(req.params.id)),
    })),
  );
  router.post(
    '/schedule',
    express.text({ type: () => true, limit }),
    handle([IntegrationPermission.ImportData, ProductionPermission.ProductionPlan], 'B2MML schedule', async (ctx, req) => {
      const asked = req.query.system ?? 'b2mml';
      const system = typeof asked === 'string' ? asked : '';
      if (!/^[\w.-]{1,64}$/.test(system))
        throw new DomainError(ErrorCode.BAD_USER_INPUT, 'system: 1 to 64 letters, digits, dots, dashes or underscores');
      const result = await importProductionSchedule(ctx, typeof req.body === 'string' ? req.body : '', system);
      return {
        status: 200,
        type: 'application/json',
        body: JSON.stringify({
          scheduleId: result.scheduleId,
          created: result.created.map((w) => ({ id: w.id, code: w.code })),
          unchanged: result.unchanged,
          errors: result.errors,
        }),
      };
    }),
  );
  return router;
}
