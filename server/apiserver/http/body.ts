// Reading a request body: a size limit (upstream allows 3 MiB), then JSON or YAML by Content-Type, with the nesting
// bounded before any parser recurses (nesting.ts). Anything a client sends is unknown until a handler checks its
// shape.
import type { IncomingMessage } from 'node:http';
import { errors } from '../status.js';
import { scanJson } from './json-scan.js';
import { MAX_NESTING_DEPTH, tooDeepMessage } from './nesting.js';
import { decodeYaml } from './yaml-decode.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw errors.tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw errors.tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * A decoded body and the keys it repeated, which fieldValidation judges: JSON ones as field paths
 * (`duplicate field "spec.replicas"`), YAML ones by line (`line 4: key "replicas" already set in map`).
 */
export interface DecodedDocument {
  value: unknown;
  duplicates: string[];
}

/**
 * Parses a body as JSON (or YAML for YAML types). Malformed text, and nesting past MAX_NESTING_DEPTH, are a 400
 * BadRequest that says why.
 */
export function decodeDocument(text: string, type: string): DecodedDocument {
  if (!text.trim()) throw errors.badRequest('the request body is empty');
  if (type.includes('yaml')) {
    const decoded = decodeYaml(text, MAX_NESTING_DEPTH);
    if (decoded.ok) return { value: decoded.value, duplicates: decoded.duplicates };
    if (decoded.tooDeep) throw errors.badRequest(tooDeepMessage());
    throw errors.badRequest(`the body of the request is not valid YAML: ${decoded.message.split('\n')[0]}`);
  }
  const scan = scanJson(text, MAX_NESTING_DEPTH);
  if (!scan.ok) throw errors.badRequest(tooDeepMessage());
  try {
    return { value: JSON.parse(text) as unknown, duplicates: scan.duplicates.map(duplicateField) };
  } catch (error) {
    throw errors.badRequest(`the body of the request is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Parses a body for handlers that take no notice of repeated keys (subresources, DeleteOptions). */
export function parseDocument(text: string, type: string): unknown {
  return decodeDocument(text, type).value;
}

/** Upstream's strict JSON decoder's wording for a repeated key. */
function duplicateField(path: string): string {
  return `duplicate field "${path}"`;
}
