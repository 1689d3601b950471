// Turns anything a route throws into a JSON ApiError with a fitting status; unexpected errors are logged.
import type { NextFunction, Request, Response } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../../log.js';
import { ClusterError } from '../cluster/scheduling-decisions.js';
import { WorkbookError } from '../workbook.js';

export function toApiError(log: Logger) {
  return function apiError(error: unknown, req: Request, res: Response, _next: NextFunction) {
    const { status, message } = describe(error);
    if (status >= 500) log.error('request failed', { path: req.path, error: String(error) });
    res.status(status).json({ error: message });
  };
}

function describe(error: unknown): { status: number; message: string } {
  if (error instanceof WorkbookError || error instanceof ClusterError)
    return { status: error.status, message: error.message };
  if (error instanceof ZodError) {
    return {
      status: 400,
      message: `bad request: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    };
  }
  const http = error as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof http.status === 'number' && http.status < 500 && http.expose) {
    return { status: http.status, message: String(http.message) };
  }
  return { status: 500, message: 'internal error: see the lab server log' };
}
