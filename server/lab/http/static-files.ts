// The only files the lab server serves: the built workbook (web/dist) and pictures that lessons embed
// (labs/NN-slug/assets/*). Nothing else under labs/ (checks, solutions) and nothing outside these folders.
import { resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

const ASSET_PATH = /^\/\d{2}-[a-z0-9-]+\/assets\/[A-Za-z0-9_.-]+\.(png|svg|jpe?g|gif|webp)$/;

export function webBuild(webDist: string) {
  return express.static(resolve(webDist), { dotfiles: 'deny', index: 'index.html', fallthrough: true });
}

export function lessonAssets(labsDir: string) {
  const serve = express.static(resolve(labsDir), { dotfiles: 'deny', index: false, fallthrough: false });
  return function lessonAsset(req: Request, res: Response, next: NextFunction) {
    if (!ASSET_PATH.test(req.path) || req.path.includes('..')) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    serve(req, res, next);
  };
}
