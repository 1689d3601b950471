// HTTP adapter for what the workbook reads about the cluster (see server/protocol/http.ts for the contract).
import { Router } from 'express';
import type { SchedulingDecisions } from '../cluster/scheduling-decisions.js';

export function clusterRoutes(decisions: SchedulingDecisions): Router {
  const router = Router();
  router.get('/api/cluster/namespaces/:namespace/pods/:pod/decision', async (req, res) => {
    res.json(await decisions.forPod(req.params.namespace, req.params.pod));
  });
  return router;
}
