// Reading a request body: a size limit (upstream allows 3 MiB), then JSON or YAML by Content-Type. Anything a
// client sends is unknown until a handler checks its shape.
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { errors } from '../status.js';

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

/** Parses a body as JSON (or YAML for YAML types); malformed text is a 400 with the parser's reason. */
export function parseDocument(text: string, type: string): unknown {
  if (!text.trim()) throw errors.badRequest('the request body is empty');
  try {
    if (type.includes('yaml')) return parseYaml(text);
    return JSON.parse(text);
  } catch (error) {
    const what = type.includes('yaml') ? 'YAML' : 'JSON';
    throw errors.badRequest(`the body of the request is not valid ${what}: ${(error as Error).message.split('\n')[0]}`);
  }
}
