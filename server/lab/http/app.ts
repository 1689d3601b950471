// The lab server's Express app: token first, then the API, the lesson assets and the built workbook.
import express from 'express';
import type { Logger } from '../../log.js';
import type { Workbook } from '../workbook.js';
import type { LabAuth } from './auth.js';
import type { SchedulingDecisions } from '../cluster/scheduling-decisions.js';
import { chaptersRoutes } from './chapters-routes.js';
import { clusterRoutes } from './cluster-routes.js';
import { toApiError } from './errors.js';
import { lessonAssets, webBuild } from './static-files.js';

export interface LabAppOptions {
  workbook: Workbook;
  decisions: SchedulingDecisions;
  auth: LabAuth;
  labsDir: string;
  webDist: string;
  log: Logger;
}

export function createLabApp(options: LabAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(options.auth.middleware());
  app.use(express.json({ limit: '512kb' }));
  app.use(chaptersRoutes(options.workbook));
  app.use(clusterRoutes(options.decisions));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'no such API route' });
  });
  app.use('/labs', lessonAssets(options.labsDir));
  app.use(webBuild(options.webDist));
  app.use((_req, res) => {
    res.status(404).type('text').send('not found');
  });
  app.use(toApiError(options.log));
  return app;
}
