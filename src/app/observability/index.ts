import type { Express, NextFunction, Request, Response } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { HubConfig } from '../config';
import type { Orm } from '../../kernel/db/orm';
import type { EventStream } from '../../kernel/events/event-stream';
import type { DeliveryWorker } from '../../orchestration/integration/delivery-worker';
import type { GqlContext } from '../../kernel/graphql/context';
import { HubMetrics } from './metrics';
import { RequestLog, type OperationRecord } from './request-log';
import { readinessHandler } from './readiness';
import { mountGraphiql } from './graphiql';
import { adapterHealth } from '../../orchestration/integration/adapter-health';
import { forkEm } from '../../kernel/db/orm';

export interface ObservabilitySources {
  config: HubConfig;
  log: Logger;
  orm: Orm;
  stream: EventStream;
  deliveries: DeliveryWorker;
}

/**
 * Everything an operator looks at, in one place: /metrics, /readyz, the request log (HTTP and
 * WebSocket), and the offline GraphiQL IDE in place of Apollo's online landing page. The server wires it
 * in with three calls: `plugins`, `instrumentWs(...)` and `mount(app)`.
 */
export function createObservability(s: ObservabilitySources) {
  const adapters = () => adapterHealth(forkEm(s.orm), s.deliveries);
  const metrics = s.config.metrics.enabled
    ? new HubMetrics({
        orm: s.orm,
        log: s.log,
        postgres: Boolean(s.config.databaseUrl),
        dispatchedSeq: () => s.stream.dispatchedSeq,
        adapters,
      })
    : undefined;
  const requests = new RequestLog(s.log, metrics);
  const requestLogPlugin = requests.apolloPlugin();

  return {
    metrics,
    /** Apollo plugins: the request log, and no landing page that loads Sandbox from the internet. */
    plugins: [requestLogPlugin, ApolloServerPluginLandingPageDisabled()] as ApolloServerPlugin<GqlContext>[],
    /** The request log's Apollo plugin: the HTTP fast path (graphql-post.ts) writes its line itself, `httpOperationAnswered`. */
    requestLogPlugin,
    httpOperationAnswered: (r: Omit<OperationRecord, 'transport'>) => requests.record({ ...r, transport: 'http' }),
    instrumentWs: requests.instrumentWs.bind(requests),
    /** An HTTP request refused before GraphQL saw it (no or a bad token): logged and counted all the same. */
    refusedUnauthenticated: () =>
      requests.record({ operation: null, type: 'unknown', transport: 'http', actor: null, codes: ['UNAUTHENTICATED'] }),
    /** Mounts /readyz, /metrics and GraphiQL; call before the /graphql middleware. */
    mount(app: Express): void {
      app.get(
        '/readyz',
        readinessHandler({ orm: s.orm, eventStream: () => s.stream.running, deliveryWorker: () => s.deliveries.state, adapters }),
      );
      if (metrics) {
        app.get('/metrics', metricsAuth(s.config.metrics.token), async (_req, res) => {
          const { contentType, body } = await metrics.render();
          res.setHeader('cache-control', 'no-store');
          res.type(contentType).send(body);
        });
      }
      if (s.config.graphiql) mountGraphiql(app);
    },
  };
}

export type Observability = ReturnType<typeof createObservability>;

/** With METRICS_TOKEN set, a scrape must send `Authorization: Bearer <METRICS_TOKEN>`. */
function metricsAuth(token: string | undefined) {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!expected) return next();
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.setHeader('www-authenticate', 'Bearer realm="metrics"');
    res.status(401).type('text/plain').send('/metrics needs Authorization: Bearer <METRICS_TOKEN>\n');
  };
}
