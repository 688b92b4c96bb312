import 'reflect-metadata';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { sharedSubscribe } from '../kernel/graphql/shared-subscriptions';
import { CloseCode } from 'graphql-ws';
import { GraphQLError, specifiedRules } from 'graphql';
import pino, { type Logger } from 'pino';
import type { HubConfig } from './config';
import { forkEm, openDatabase, type Orm } from '../kernel/db/orm';
import { EventStream } from '../kernel/events/event-stream';
import { PgNotifier, PgliteNotifier } from '../kernel/events/notifier';
import { hubSchema } from './schema';
import { formatErrorFor } from '../kernel/graphql/format-error';
import type { GqlContext } from '../kernel/graphql/context';
import { OperationContext } from './operation-context';
import { hubEntities, hubEventTypes, hubModules, hubPermissions, hubCodeBook, hubRelations } from './modules';
import { startJobs } from './jobs';
import { startReactors } from './reactors';
import type { HubServices, HubWorker } from '../kernel/module';
import { bearerToken, TokenVerifier } from '../kernel/auth/tokens';
import type { Actor } from '../kernel/auth/actor';
import { DomainError } from '../kernel/common/errors';
import { SIGN_IN } from '../kernel/auth/auth-checker';
import type { HubRuntime } from '../kernel/unit-of-work/runtime';
import type { Adapter, AdapterFactory } from '../contract/adapter';
import { loadIntegrationConfig, type IntegrationConfig } from '../orchestration/integration/integration-config';
import { deliveryRoutesFor, loadAdapters } from '../orchestration/integration/adapter-loader';
import { DeliveryWorker } from '../orchestration/integration/delivery-worker';
import { ExclusiveLocks } from '../kernel/db/exclusive-lock';
import { createObservability } from './observability';
import { closeWebSockets } from './observability/shutdown';
import { listen } from './listen';
import { armorConfig, parseOptions } from './limits';
import { httpGuard, isAnonymousIntrospection } from './http-guard';
import { availabilityPlugin } from '../kernel/graphql/availability';
import { compiledExecution } from './graphql-executor';
import { checkedDocuments } from './checked-documents';
import { fastPathCovers, graphqlPost, isPlainGraphqlPost } from './graphql-post';
import { KnownReads } from './known-reads';
import { planSplicedRead } from '../kernel/graphql/read-plan/spliced-reads';
import { byField } from '../kernel/graphql/read-plan/relations';
import { tracingRequested } from './observability/tracing';

export interface Hub {
  url: string;
  wsUrl: string;
  port: number;
  orm: Orm;
  log: Logger;
  runtime: HubRuntime;
  adapters: ReadonlyMap<string, Adapter>;
  /** The modules' long-running workers, started (e.g. the MQTT ingest). */
  workers: readonly HubWorker[];
  stop(): Promise<void>;
}

export interface HubOptions {
  /** Reuse an open ORM; the hub then leaves it open on stop. */
  orm?: Orm;
  log?: Logger;
  /** The adapters and deliveries settings; by default read from HUB_CONFIG. */
  integration?: IntegrationConfig;
  /** Adapter modules by name, consulted before adapters/ (fixture twins in tests). */
  adapterFactories?: Record<string, AdapterFactory>;
}

/** Resolves the caller from a bearer token; no token means anonymous, a bad token is refused. */
function authenticate(tokens: TokenVerifier, header: unknown): { actor: Actor | null; exp?: number } {
  const token = bearerToken(header);
  if (!token) return { actor: null };
  return tokens.verify(token);
}

export async function startHub(config: HubConfig, options: HubOptions = {}): Promise<Hub> {
  const log = options.log ?? pino({ level: config.logLevel });
  const integration = options.integration ?? loadIntegrationConfig(config.hubConfigPath);
  const adapters = await loadAdapters(integration, log, options.adapterFactories);
  for (const adapter of adapters.values()) {
    const unknown = adapter.events.filter((type) => !hubEventTypes.has(type));
    if (unknown.length) {
      await Promise.all([...adapters.values()].map(async (a) => a.destroy?.()));
      throw new Error(
        `HUB_CONFIG: adapter ${adapter.name} asks for ${unknown.join(', ')}, which no module writes (known: ${[...hubEventTypes].join(', ')})`,
      );
    }
  }
  // The settings are checked before the database is opened, so a bad HUB_CONFIG leaves nothing open.
  const orm = options.orm ?? (await openDatabase({ ...config, entities: hubEntities }, { log: (m) => log.info(m) }));
  const notifier = config.databaseUrl ? new PgNotifier(config.databaseUrl, log) : new PgliteNotifier(orm);
  const runtime: HubRuntime = {
    deliveryRoutes: deliveryRoutesFor(adapters),
    accounts: integration.finance.accounts,
    currency: integration.finance.currency,
    permissions: hubPermissions,
    codes: hubCodeBook,
  };
  const deliveries = new DeliveryWorker(orm, adapters, integration, log);
  const locks = new ExclusiveLocks(config.databaseUrl, log);
  const integrationCtx = { adapters, locks, log, config: integration, deliveries };
  const tokens = new TokenVerifier(config.jwt);
  const portal = { jwt: config.jwt, publicUrl: config.publicUrl ?? `http://localhost:${config.port}` };
  const stream = new EventStream(orm, notifier, log);
  stream.onNewEvents(() => deliveries.wake());
  await stream.start();
  deliveries.start();
  const ops = createObservability({ config, log, orm, stream, deliveries });
  const shared = { runtime, stream, integration: integrationCtx, portal, machineData: config.machineData };
  /** One operation's context, over HTTP or WebSocket alike: its caller, its own EntityManager and loaders. */
  const contextFor = (actor: Actor | null, tokenExpiresAt: number | undefined): GqlContext =>
    new OperationContext(orm, shared, actor, tokenExpiresAt);

  const schema = await hubSchema();
  const armor = new ApolloArmor(armorConfig(config.graphql)).protect();
  const formatError = formatErrorFor(log);
  /** An error for a WebSocket client, worded and coded as over HTTP; `code` stands in where graphql-js gives none. */
  const toWsError = (e: GraphQLError, code?: string) => {
    const f = formatError(code ? { message: e.message, extensions: { code } } : e.toJSON(), e);
    return new GraphQLError(f.message, { nodes: e.nodes, extensions: f.extensions });
  };

  const app = express();
  app.disable('x-powered-by');
  // Express would hash every answer for an ETag; GraphQL answers are not cached by validators.
  app.set('etag', false);
  // A JSON POST to /graphql with a token goes straight to Apollo (graphql-post.ts); the rest through Express.
  const graphqlRoute: { post?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean> } = {};
  const httpServer: Server = createServer((req, res) => {
    if (!graphqlRoute.post || !isPlainGraphqlPost(req)) return void app(req, res);
    graphqlRoute.post(req, res).then(
      (answered) => {
        if (!answered) app(req, res);
      },
      (err: unknown) => {
        log.error({ err }, 'GraphQL request failed outside Apollo');
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      },
    );
  });
  // Clients and proxies keep connections open to reuse them; the side that closes an idle one first
  // races a request sent on it at that moment (the client sees ECONNRESET). The hub outlasts the usual
  // 60 s of proxies and load balancers, so it is not that side.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const checkSubscription = checkedDocuments(schema, [...specifiedRules, ...armor.validationRules], parseOptions(config.graphql));
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 64 * 1024 });
  const wsCleanup = useServer<Record<string, unknown>, { auth: { actor: Actor | null; exp?: number } }>(
    ops.instrumentWs({
      schema,
      // graphql-ws closes a socket that has not sent connection_init within 3 s; when thousands of screens
      // connect at once a busy hub reads their inits late, and dropping them only makes them reconnect.
      connectionInitWaitTimeout: 30_000,
      onConnect: (ctx) => {
        try {
          const p = ctx.connectionParams ?? {};
          (ctx.extra as { auth?: unknown }).auth = authenticate(tokens, p.authorization ?? p.Authorization);
          return true;
        } catch (e) {
          ctx.extra.socket.close(CloseCode.Forbidden, e instanceof DomainError ? `UNAUTHENTICATED: ${e.message}` : 'UNAUTHENTICATED');
          return false;
        }
      },
      context: (ctx): GqlContext => {
        const auth = (ctx.extra as { auth?: { actor: Actor | null; exp?: number } }).auth;
        return contextFor(auth?.actor ?? null, auth?.exp);
      },
      onSubscribe: (ctx, _id, payload) => {
        // A socket outlives its token: every operation on it checks the expiry again.
        const exp = (ctx.extra as { auth?: { exp?: number } }).auth?.exp;
        if (exp !== undefined && Date.now() / 1000 >= exp) {
          return [new GraphQLError('Your token has expired; sign in again', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        // As over HTTP: nothing is parsed for an anonymous caller but a small introspection query.
        const anonymous = !(ctx.extra as { auth?: { actor: Actor | null } }).auth?.actor;
        if (anonymous && !(config.graphql.anonymousIntrospection && isAnonymousIntrospection(payload.query))) {
          return [
            new GraphQLError(SIGN_IN, {
              extensions: { code: 'UNAUTHENTICATED' },
            }),
          ];
        }
        // The same checks as over HTTP: a WebSocket is not a way around token, depth, alias or cost limits.
        const checked = checkSubscription(payload.query);
        if ('parseError' in checked) return [toWsError(checked.parseError, 'GRAPHQL_PARSE_FAILED')];
        if ('validationErrors' in checked) return checked.validationErrors.map((e) => toWsError(e, 'GRAPHQL_VALIDATION_FAILED'));
        return { schema, document: checked.document, variableValues: payload.variables, operationName: payload.operationName };
      },
      // Errors raised while starting a subscription get the same codes and wording as everything else.
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => toWsError(e)),
      // Each event is resolved once per audience (role and partner), not once per socket.
      subscribe: sharedSubscribe((context) => {
        const actor = (context as GqlContext | undefined)?.actor;
        return actor ? `${actor.role}\u0000${actor.partnerId ?? ''}` : null;
      }),
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!('errors' in result) || !result.errors) return result;
        return { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e) as unknown as GraphQLError) };
      },
    }),
    wsServer,
  );

  // Queries Apollo has accepted and compiled, which graphql-post.ts then answers itself (not on a traced hub).
  const knownReads = tracingRequested() ? undefined : new KnownReads();
  const declaredRelations = byField(hubRelations);
  const apollo = new ApolloServer<GqlContext>({
    // Traced hubs run every operation through graphql-js, whose execution the OpenTelemetry instrumentation spans.
    gateway: compiledExecution(schema, {
      compile: !tracingRequested(),
      known: knownReads,
      splice: (document, operation) => planSplicedRead(schema, orm.getMetadata(), declaredRelations, document, operation),
    }),
    introspection: config.graphql.introspection,
    csrfPrevention: true,
    formatError,
    includeStacktraceInErrorResponses: false,
    // main.ts handles SIGTERM/SIGINT and stops everything in order; Apollo's own handler would re-kill the process.
    stopOnTerminationSignals: false,
    validationRules: armor.validationRules,
    parseOptions: parseOptions(config.graphql),
    plugins: [
      ...armor.plugins,
      ...ops.plugins,
      availabilityPlugin,
      // The hub sets no cache hints; Apollo's default cache-control plugin would still hook every field resolved.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo would install its inline-trace plugin, which only ever traces for a federated subgraph; the hub is none.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await closeWebSockets(wsServer, () => wsCleanup.dispose());
            },
            async serverWillStop() {
              knownReads?.close();
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  // A traced hub keeps every request on the Express route, whose spans (HTTP, Express, GraphQL) make its traces.
  if (!tracingRequested())
    graphqlRoute.post = graphqlPost({
      apollo,
      authenticate: (header) => authenticate(tokens, header),
      contextFor,
      limit: config.requestSizeLimit,
      onRefused: ops.refusedUnauthenticated,
      // Known reads are answered past Apollo's pipeline while its per-request hooks are ones that path does itself.
      fast:
        knownReads && fastPathCovers(apollo, new Set([ops.requestLogPlugin, availabilityPlugin, ...armor.plugins]))
          ? { known: knownReads, schema, answered: ops.httpOperationAnswered }
          : undefined,
    });

  app.get('/healthz', async (_req, res) => {
    try {
      await forkEm(orm).execute('select 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database not reachable' });
    }
  });
  ops.mount(app);
  const services: HubServices = {
    orm,
    runtime,
    log,
    authenticate: (header) => authenticate(tokens, header).actor,
    requestSizeLimit: config.requestSizeLimit,
    integration: integrationCtx,
    machineData: config.machineData,
  };
  for (const module of hubModules) {
    for (const [path, router] of Object.entries(module.routes?.(services) ?? {})) app.use(path, router);
  }
  const jobs = startJobs(
    hubModules.flatMap((m) => m.jobs?.(services) ?? []),
    services,
    locks,
  );
  const reactors = startReactors(
    hubModules.flatMap((m) => m.reactors?.(services) ?? []),
    stream,
    services,
    locks,
  );
  app.use(
    '/graphql',
    httpGuard((header) => authenticate(tokens, header), config.graphql.anonymousIntrospection, ops.refusedUnauthenticated),
    express.json({ limit: config.requestSizeLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<GqlContext> => {
        try {
          const { actor, exp } = authenticate(tokens, req.headers.authorization);
          return contextFor(actor, exp);
        } catch (e) {
          if (e instanceof DomainError) {
            throw new GraphQLError(e.message, { extensions: { ...e.extensions, http: { status: 401 } } });
          }
          throw e;
        }
      },
    }),
  );

  // A body that is not JSON, or too large, still gets a GraphQL-shaped answer a client can read.
  app.use((err: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!err.status || err.status >= 500) return next(err);
    const message =
      err.type === 'entity.too.large'
        ? `The request body is larger than ${config.requestSizeLimit}`
        : `The request body is not valid JSON: ${err.message}`;
    res.status(err.status).json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  await listen(httpServer, config.port, config.host);
  const workers = hubModules.flatMap((m) => m.workers?.(services) ?? []);
  for (const worker of workers) await worker.start();
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const url = `http://${host}:${port}/graphql`;
  portal.publicUrl = config.publicUrl ?? `http://${host}:${port}`;
  log.info({ url }, 'MOM Hub is listening');

  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    port,
    orm,
    log,
    runtime,
    adapters,
    workers,
    async stop() {
      // Traffic first (in-flight requests finish, sockets close with 1001), so nothing is cut mid-way.
      await apollo.stop();
      for (const worker of workers) await worker.stop();
      await jobs.stop();
      await reactors.stop();
      await deliveries.stop();
      await Promise.all([...adapters.values()].map(async (a) => a.destroy?.()));
      await stream.stop();
      if (!options.orm) await orm.close();
    },
  };
}
