// The shape of our protobuf schema tables: for each message, field number → how that field appears in JSON.
// The numbers and names come from the Kubernetes generated.proto files (k8s.io/api, k8s.io/apimachinery); where the
// JSON name and the proto name agree (they always do in Kubernetes), one name serves both.

/** Types whose wire value maps straight to a JSON scalar. int64 becomes a JSON number, bytes a base64 string. */
export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'bytes' | 'double';

/**
 * apimachinery types that are messages on the wire but scalars in JSON:
 * `time` (metav1.Time {seconds=1, nanos=2} → RFC 3339, empty → null), `int-or-string` (intstr.IntOrString
 * {type=1, intVal=2, strVal=3} → number or string), `quantity` (resource.Quantity {string=1} → "500m").
 */
export type WellKnownType = 'time' | 'int-or-string' | 'quantity';

/** A field's type: a scalar, a well-known type, another message in the tables, or a map keyed by string. */
export type FieldType =
  ScalarType | WellKnownType | `message:${string}` | `map<string,${ScalarType | WellKnownType | `message:${string}`}>`;

/**
 * - `repeated`: a JSON array; numbers may arrive packed or one per field.
 * - `keep-zero`: emit the field even when it holds "", 0 or false. Go's generated marshallers write every
 *   non-pointer field, zero or not, and JSON drops zeros of `omitempty` fields; pointer fields (`*int32 replicas`)
 *   and fields without `omitempty` keep their zeros in JSON, so they are marked.
 * - `inline`: an embedded Go struct (`json:",inline"`): a nested message on the wire, flattened into the parent in
 *   JSON (`Probe.handler`, `Volume.volumeSource`, the `localObjectReference` of the key selectors).
 */
export type FieldFlag = 'repeated' | 'keep-zero' | 'inline';

/** One row of a table: the JSON name, the type, then any flags. */
export type FieldRow = readonly [json: string, type: FieldType, ...flags: FieldFlag[]];

/** A message: field number → row. Unlisted numbers are skipped as unknown fields. */
export type MessageSchema = Readonly<Record<number, FieldRow>>;

/** A group of messages, by their unqualified proto name (`Container`, `DeploymentSpec`). */
export type SchemaTable = Readonly<Record<string, MessageSchema>>;
