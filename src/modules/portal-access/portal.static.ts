import express, { type Router } from 'express';
import { projectPath } from '../../kernel/common/paths';

/**
 * Serves the portal (mounted at /portal): the page and styles from portal/public, its compiled scripts
 * from dist/portal, and graphql-ws's browser build (it has no dependencies) for the page's import map.
 */
export function portalRouter(): Router {
  const noStore = { setHeaders: (res: express.Response) => res.setHeader('cache-control', 'no-cache') };
  const router = express.Router();
  router.use('/js', express.static(projectPath('dist', 'portal'), noStore));
  router.use('/vendor/graphql-ws', express.static(projectPath('node_modules', 'graphql-ws', 'dist'), noStore));
  router.use('/', express.static(projectPath('portal', 'public'), noStore));
  return router;
}
