import express, { type Router } from 'express';
import { GraphQLError } from 'graphql';
import { forkEm } from '../../kernel/db/orm';
import type { HubServices } from '../../kernel/module';
import { assertAllowed } from '../../kernel/auth/auth-checker';
import { badInput, DomainError, ErrorCode } from '../../kernel/common/errors';
import { StationPermission } from './station.permissions';
import { labelsFor, LABEL_KINDS, type Label } from './label-data';
import { labelSvg, sheetHtml, type Symbology } from './label-render';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
};

const MAX_CODES = 200;

function one(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badInput(name, 'give it once');
  return value;
}

function symbologyOf(req: express.Request): Symbology {
  const f = one(req.query.format, 'format') ?? 'qr';
  if (f !== 'qr' && f !== 'code128') throw badInput('format', 'qr or code128');
  return f;
}

function kindOf(req: express.Request): string | undefined {
  const k = one(req.query.kind, 'kind');
  if (k !== undefined && !(LABEL_KINDS as readonly string[]).includes(k)) throw badInput('kind', `one of ${LABEL_KINDS.join(', ')}`);
  return k;
}

/**
 * Labels for the codes the hub reads, with the same bearer tokens and permission as `scanCode`:
 * `GET /labels/label.svg?code=…` one label (a work order's code: its own label), and
 * `GET /labels/sheet.html?code=…&code=…` a printable sheet (a work order's code: its traveller,
 * the order and each operation). `format=qr` (default) or `code128`; `kind=` when a code names several things.
 */
export function labelsRouter(services: HubServices): Router {
  const router = express.Router();
  const handle =
    (work: (ctx: Parameters<typeof labelsFor>[0], req: express.Request) => Promise<{ type: string; body: string }>) =>
    async (req: express.Request, res: express.Response) => {
      try {
        const ctx = { em: forkEm(services.orm), actor: services.authenticate(req.headers.authorization), runtime: services.runtime };
        assertAllowed(ctx, [StationPermission.CodesRead], 'labels');
        const out = await work(ctx, req);
        res.status(200).setHeader('cache-control', 'no-store').type(out.type).send(out.body);
      } catch (e) {
        if (!(e instanceof DomainError) && !(e instanceof GraphQLError)) throw e;
        const code = String(e.extensions.code);
        res.status(STATUS[code] ?? 409).json({ error: e.message, code, field: e.extensions.field });
      }
    };

  router.get(
    '/label.svg',
    handle(async (ctx, req) => {
      const code = one(req.query.code, 'code');
      if (!code) throw badInput('code', 'which code to label, e.g. ?code=WO-000123/20');
      const [label] = await labelsFor(ctx, code, kindOf(req));
      return { type: 'image/svg+xml', body: labelSvg(label, symbologyOf(req)) };
    }),
  );
  router.get(
    '/sheet.html',
    handle(async (ctx, req) => {
      const asked = req.query.code;
      const codes = (Array.isArray(asked) ? asked : asked === undefined ? [] : [asked]).filter((c): c is string => typeof c === 'string');
      if (!codes.length) throw badInput('code', 'which codes to label, e.g. ?code=WO-000123&code=LS-01');
      if (codes.length > MAX_CODES) throw badInput('code', `at most ${MAX_CODES} codes on one sheet`);
      const kind = kindOf(req);
      const labels: Label[] = [];
      for (const c of codes) labels.push(...(await labelsFor(ctx, c, kind)));
      return { type: 'text/html', body: sheetHtml(labels, symbologyOf(req), `Labels: ${codes.join(', ')}`) };
    }),
  );
  return router;
}
