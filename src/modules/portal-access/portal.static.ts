import express, { type Router } from 'express';
import { projectPath } from '../../kernel/common/paths';

/**
 * Serves the portal (mounted at /portal): the page and styles from portal/public, its compiled scripts
 * from dist/portal, and the browser builds its pages' import maps name: graphql-ws, Chart.js and @kurkle/color.
 */
export function portalRouter(): Router {
  const noStore = { setHeaders: (res: express.Response) => res.setHeader('cache-control', 'no-cache') };
  const router = express.Router();
  router.use('/js', express.static(projectPath('dist', 'portal'), noStore));
  router.use('/vendor/graphql-ws', express.static(projectPath('node_modules', 'graphql-ws', 'dist'), noStore));
  // The quality page's charts: Chart.js and its one dependency, as ES modules, from the hub itself (plants have no internet).
  router.use('/vendor/chart.js', express.static(projectPath('node_modules', 'chart.js', 'dist'), noStore));
  router.use('/vendor/kurkle-color', express.static(projectPath('node_modules', '@kurkle', 'color', 'dist'), noStore));
  router.use('/', express.static(projectPath('portal', 'public'), noStore));
  return router;
}
