import express, { type Express } from 'express';
import { projectPath } from '../../kernel/common/paths';

/**
 * Serves the portal at /portal: the page and styles from portal/public, its compiled scripts from
 * dist/portal, and graphql-ws's browser build (it has no dependencies) for the page's import map.
 */
export function mountPortal(app: Express): void {
  const noStore = { setHeaders: (res: express.Response) => res.setHeader('cache-control', 'no-cache') };
  app.use('/portal/js', express.static(projectPath('dist', 'portal'), noStore));
  app.use('/portal/vendor/graphql-ws', express.static(projectPath('node_modules', 'graphql-ws', 'dist'), noStore));
  app.use('/portal', express.static(projectPath('portal', 'public'), noStore));
}
