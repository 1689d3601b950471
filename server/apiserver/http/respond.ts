// Writing answers: JSON with exactly `application/json` (kubectl 1.27 compares discovery's Content-Type as a string),
// ending with a newline as upstream's JSON encoder writes it (clients that compare bodies exactly notice).
import type { ServerResponse } from 'node:http';
import type { ApiError } from '../status.js';

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body) + '\n';
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendStatus(res: ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, error.code, error.toStatus());
}
