// First: with OTEL_EXPORTER_OTLP_ENDPOINT set, tracing must hook http, express and graphql before they load.
import { tracing } from './observability/tracing';
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { startHub } from './server';
import { forkEm } from '../kernel/db/orm';
import { loadDemoFactory } from './demo-factory';

async function main() {
  const config = loadConfig();
  const hub = await startHub(config);
  if (config.demoData && (await loadDemoFactory(forkEm(hub.orm), hub.runtime))) {
    hub.log.info('Loaded the demo factory (set DEMO_DATA=false to start empty)');
  }
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  console.log(
    [
      '',
      `MOM Hub is running at ${hub.url} (data: ${where})`,
      `  GraphQL over HTTP and WebSocket: ${hub.url}   health: ${hub.url.replace('/graphql', '/healthz')}`,
      `  GraphiQL: open ${hub.url} in a browser   readiness: /readyz   metrics: /metrics`,
      '  Every request needs a token. Get one for local use with:',
      '    npm run token -- --role planner',
      '  and send it as the header  Authorization: Bearer <token>',
      `  Portal for suppliers and customers: ${hub.url.replace('/graphql', '/portal')}`,
      '    (an access link: npm run token -- --role customer --partner <partner id> --link)',
      '',
    ].join('\n'),
  );
  const shutdown = async (signal: string) => {
    hub.log.info({ signal }, 'shutting down');
    try {
      await hub.stop();
      await tracing?.shutdown();
    } catch (err) {
      hub.log.error({ err }, 'the hub did not stop cleanly');
      process.exit(1);
    }
    hub.log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof ConfigError) {
    console.error(e.message);
  } else {
    console.error('MOM Hub could not start:', e instanceof Error ? e.message : e);
    if (process.env.LOG_LEVEL === 'debug') console.error(e);
  }
  process.exit(1);
});
