// The shapes of etcd's v3 JSON gateway answers (grpc-gateway's JSON for etcdserverpb), validated before use. int64
// fields arrive as strings; zero values and empty lists are left out; keys and values are base64.
import { z } from 'zod';

const int64 = z
  .union([z.string(), z.number()])
  .optional()
  .transform((value) => Number(value ?? 0));
const base64 = z
  .string()
  .optional()
  .transform((value) => Buffer.from(value ?? '', 'base64').toString('utf8'));
const header = z.object({ revision: int64 }).optional();

export const KeyValue = z.object({
  key: base64,
  value: base64,
  create_revision: int64,
  mod_revision: int64,
});
export type KeyValue = z.output<typeof KeyValue>;

export const RangeResponse = z.object({
  header,
  kvs: z.array(KeyValue).optional().default([]),
  more: z.boolean().optional().default(false),
});

export const DeleteRangeResponse = z.object({
  header,
  deleted: int64,
  prev_kvs: z.array(KeyValue).optional().default([]),
});

export const TxnResponse = z.object({
  header,
  succeeded: z.boolean().optional().default(false),
  responses: z
    .array(
      z.object({
        response_range: RangeResponse.optional(),
        response_delete_range: DeleteRangeResponse.optional(),
      }),
    )
    .optional()
    .default([]),
});

export const CompactionResponse = z.object({ header });

/** An error answer: grpc-gateway's body carries the gRPC status code and etcd's message. */
export const ErrorResponse = z.object({
  error: z.string().optional(),
  message: z.string().optional(),
  code: z.number().optional(),
});

export const WatchEvent = z.object({
  type: z.enum(['PUT', 'DELETE']).optional().default('PUT'),
  kv: KeyValue,
  prev_kv: KeyValue.optional(),
});
export type WatchEvent = z.output<typeof WatchEvent>;

/** One line of the /v3/watch stream. */
export const WatchMessage = z.object({
  result: z
    .object({
      header,
      created: z.boolean().optional().default(false),
      canceled: z.boolean().optional().default(false),
      compact_revision: int64,
      cancel_reason: z.string().optional(),
      events: z.array(WatchEvent).optional().default([]),
    })
    .optional(),
  error: ErrorResponse.optional(),
});
