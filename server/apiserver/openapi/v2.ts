// /openapi/v2 is asked for in protobuf only (gnostic's OpenAPIv2 Document). We describe our API in OpenAPI v3; the
// v2 document is an empty one, so clients that consult it (kubectl's fallback validation for kinds the v3
// documents lack, kubectl 1.27/1.28 explain) find a valid, empty spec and go on, as they would for unknown kinds.

/** What upstream answers with: Go's mime parser rejects the '@' of the requested type in a Content-Type. */
export const OPENAPI_V2_PROTOBUF = 'application/octet-stream';

/** Document { swagger = 1: "2.0", info = 2: { title = 1, version = 2 } } in protobuf wire format. */
export function emptyOpenApiV2(version: string): Buffer {
  const field = (number: number, bytes: Buffer) =>
    Buffer.concat([Buffer.from([(number << 3) | 2, bytes.length]), bytes]);
  const info = Buffer.concat([field(1, Buffer.from('Kubernetes')), field(2, Buffer.from(version))]);
  return Buffer.concat([field(1, Buffer.from('2.0')), field(2, info)]);
}
