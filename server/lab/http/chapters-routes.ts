// HTTP adapter for chapters, cell edits and checks (see server/protocol/http.ts for the contract).
import { Router } from 'express';
import { SaveCellBody } from '../../protocol/messages.js';
import type { Workbook } from '../workbook.js';

export function chaptersRoutes(workbook: Workbook): Router {
  const router = Router();
  router.get('/api/chapters', async (_req, res) => {
    res.json(await workbook.chapters());
  });
  router.get('/api/chapters/:chapter', async (req, res) => {
    res.json(await workbook.chapter(req.params.chapter));
  });
  router.put('/api/chapters/:chapter/cells/:cell', async (req, res) => {
    const body = SaveCellBody.parse(req.body);
    await workbook.saveEdit(req.params.chapter, req.params.cell, body.source);
    res.status(204).end();
  });
  router.delete('/api/chapters/:chapter/cells/:cell', async (req, res) => {
    await workbook.resetCell(req.params.chapter, req.params.cell);
    res.status(204).end();
  });
  router.post('/api/chapters/:chapter/checks/:check', async (req, res) => {
    res.json(await workbook.runCheck(req.params.chapter, req.params.check));
  });
  return router;
}
