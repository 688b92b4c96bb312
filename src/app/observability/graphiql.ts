import express, { type Express, type Request } from 'express';
import { projectPath } from '../../kernel/common/paths';

/**
 * GraphiQL, served by the hub from installed packages (graphiql 3's browser build on React 18's UMD
 * builds, graphql-ws's browser build for subscriptions), so the IDE works on a plant network with no way
 * out: the page asks nothing of any other host. Apollo's default landing page loads Sandbox from the
 * internet, so the hub disables it and answers a browser's GET /graphql with this page instead.
 */
export function mountGraphiql(app: Express): void {
  const cache = { setHeaders: (res: express.Response) => res.setHeader('cache-control', 'public, max-age=3600') };
  const asset = (url: string, ...file: string[]) =>
    app.get(url, (_req, res) =>
      res.sendFile(projectPath('node_modules', ...file), { headers: { 'cache-control': 'public, max-age=3600' } }),
    );
  asset('/graphiql/assets/graphiql.min.css', 'graphiql', 'graphiql.min.css');
  asset('/graphiql/assets/graphiql.min.js', 'graphiql', 'graphiql.min.js');
  asset('/graphiql/assets/react.production.min.js', 'react', 'umd', 'react.production.min.js');
  asset('/graphiql/assets/react-dom.production.min.js', 'react-dom', 'umd', 'react-dom.production.min.js');
  app.use('/graphiql/assets/graphql-ws', express.static(projectPath('node_modules', 'graphql-ws', 'dist'), cache));
  app.get('/graphiql/app.js', (_req, res) => {
    res.type('text/javascript').setHeader('cache-control', 'no-cache');
    res.send(APP_JS);
  });
  const page = (_req: Request, res: express.Response) => {
    res.setHeader('content-security-policy', CSP);
    res.setHeader('cache-control', 'no-cache');
    res.type('html').send(PAGE);
  };
  app.get('/graphiql', page);
  // A browser opening the endpoint gets the IDE; clients asking for JSON (GET queries) go on to GraphQL.
  app.get('/graphql', (req, res, next) => {
    if (
      req.query.query === undefined &&
      req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html'
    ) {
      return page(req, res);
    }
    next();
  });
}

/** Nothing but this host: a request elsewhere would fail on a closed network anyway, so forbid it. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>MOM Hub · GraphiQL</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.production.min.js"></script>
  <script src="/graphiql/assets/react-dom.production.min.js"></script>
  <script src="/graphiql/assets/graphiql.min.js"></script>
  <script type="module" src="/graphiql/app.js"></script>
</body>
</html>
`;

const APP_JS = `import { createClient } from '/graphiql/assets/graphql-ws/client.js';

const httpUrl = new URL('/graphql', location.href).href;
const wsUrl = httpUrl.replace(/^http/, 'ws');
const overHttp = GraphiQL.createFetcher({ url: httpUrl });

function isSubscription(params, opts) {
  const doc = opts && opts.documentAST;
  if (!doc) return /^\\s*subscription\\b/.test(params.query || '');
  return doc.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'subscription'
    && (!params.operationName || (d.name && d.name.value === params.operationName)));
}

/** Queries and mutations over HTTP with the headers editor's headers; subscriptions over graphql-ws, the
 * Authorization header becoming the connection's authorization parameter, as the hub expects. */
function fetcher(params, opts) {
  if (!isSubscription(params, opts)) return overHttp(params, opts);
  const headers = (opts && opts.headers) || {};
  const authorization = headers.Authorization || headers.authorization;
  const client = createClient({ url: wsUrl, lazy: true, retryAttempts: 0, connectionParams: authorization ? { authorization } : {} });
  const results = client.iterate(params);
  return {
    [Symbol.asyncIterator]() {
      return {
        next: () => results.next(),
        async return() {
          await results.return?.();
          await client.dispose();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

const defaultQuery = \`# MOM Hub. Put your token in the Headers tab below, as
#   { "Authorization": "Bearer <token>" }
# (make one with: npm run token -- --role planner)

query OpenWork {
  workOrders(first: 10) {
    totalCount
    edges { node { code state qty item { sku } } }
  }
}
\`;

ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery,
    defaultHeaders: JSON.stringify({ Authorization: '' }, null, 2),
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
  }),
);
`;
