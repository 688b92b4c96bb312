import express, { type Router } from 'express';
import { projectPath } from '../../kernel/common/paths';

/**
 * Serves the operator station (mounted at /station): the page, styles and service worker from
 * station/public, its compiled scripts from dist/station. The page works offline, so it revalidates
 * rather than caching blindly.
 */
export function stationRouter(): Router {
  const noStore = { setHeaders: (res: express.Response) => res.setHeader('cache-control', 'no-cache') };
  const router = express.Router();
  router.use('/js', express.static(projectPath('dist', 'station'), noStore));
  router.use('/', express.static(projectPath('station', 'public'), noStore));
  return router;
}
