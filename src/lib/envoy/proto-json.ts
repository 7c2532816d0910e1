/**
 * Envoy writes /config_dump in proto field names (snake_case); protojson writers (istioctl, Go control
 * planes, egctl) write lowerCamelCase, and real dumps mix both. The model holds every resource in protojson
 * form (lowerCamelCase), which is also what istioctl prints for `-o json`.
 *
 * Keys are only renamed where they are proto field names. Free-form data keeps its keys exactly: the
 * contents of google.protobuf.Struct (filter_metadata values, node.metadata, runtime layers, TypedStruct
 * values) and map keys that are not snake_case identifiers (header names, Istio labels, filter names).
 */

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/
/** Every key seen, renamed or not: a dump repeats a few hundred field names millions of times. */
const camelCache = new Map<string, string>()
/** Data keys (header names, filter names) are cached too, up to this many distinct keys. */
const CACHE_LIMIT = 50_000

export function camelCase(key: string): string {
  let out = camelCache.get(key)
  if (out === undefined) {
    out = SNAKE.test(key) ? key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()) : key
    if (camelCache.size < CACHE_LIMIT) camelCache.set(key, out)
  }
  return out
}

/**
 * Fields whose value is a google.protobuf.Struct (or a map of Structs): their keys are data, not field names.
 * json_format/typed_json_format: access-log formats, whose keys are the log's own field names
 * (`bytes_received`), not proto fields.
 */
const STRUCT_FIELDS = new Set([
  'filter_metadata',
  'filterMetadata',
  'static_layer',
  'staticLayer',
  'per_filter_config',
  'perFilterConfig',
  'json_format',
  'jsonFormat',
  'typed_json_format',
  'typedJsonFormat',
])
const STRUCT_ANY_TYPES = /(google\.protobuf\.Struct|udpa\.type\.v1\.TypedStruct|xds\.type\.v3\.TypedStruct)$/
export const isStructAnyType = (typeUrl: string) => STRUCT_ANY_TYPES.test(typeUrl)
/** Envoy's core.Metadata message has only these fields; a `metadata` with other keys is a Struct (node.metadata). */
const METADATA_FIELDS = new Set(['filter_metadata', 'filterMetadata', 'typed_filter_metadata', 'typedFilterMetadata'])

export type Json = null | boolean | number | string | Json[] | {[k: string]: Json}

export function isStructMetadata(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  for (const k of Object.keys(value)) if (!METADATA_FIELDS.has(k)) return true
  return false
}

/**
 * api.v2's deprecated `config` of a named extension (Filter, AccessLog, Tracing.Http) is a Struct: its keys
 * are the extension's own snake_case names and stay as they are (Istio ≤1.5 dumps have them).
 */
export function isV2StructConfig(parent: Record<string, unknown>, key: string): boolean {
  const v = parent[key]
  return key === 'config' && typeof parent.name === 'string' && v !== null && typeof v === 'object' && !Array.isArray(v)
}

/**
 * What a conversion does with each field whose value is an object or array, once that value is converted:
 * `name` is the field's protojson name, `parent` the message it is in (as read), `verbatim` whether the
 * value is kept as it was (opaque data, see `opaque`).
 */
export type FieldHook = (name: string, value: Json, parent: {readonly [k: string]: Json}, verbatim: boolean) => Json

/** Returns a copy of `value` with proto field names in lowerCamelCase; `hook` sees each converted field (see FieldHook). */
export function toProtoJson<T = unknown>(value: unknown, hook?: FieldHook): T {
  return convert(value as Json, hook) as T
}

/** Keys whose value may be opaque data (see `opaque`): one Set lookup spares the other keys every test. */
const MAYBE_OPAQUE = new Set([...STRUCT_FIELDS, 'value', 'metadata', 'config'])

function opaque(parent: {[k: string]: Json}, key: string): boolean {
  if (STRUCT_FIELDS.has(key)) return true
  if (key === 'value') return typeof parent['@type'] === 'string' && STRUCT_ANY_TYPES.test(parent['@type'])
  if (key === 'metadata') return isStructMetadata(parent[key])
  return isV2StructConfig(parent, key)
}

function convert(value: Json, hook: FieldHook | undefined): Json {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => convert(v, hook))
  const out: {[k: string]: Json} = {}
  for (const key in value) {
    const v = value[key]
    if (typeof v !== 'object' || v === null) {
      out[camelCase(key)] = v
      continue
    }
    const name = camelCase(key)
    const verbatim = MAYBE_OPAQUE.has(key) && opaque(value, key)
    const converted = verbatim ? v : convert(v, hook)
    out[name] = hook === undefined ? converted : hook(name, converted, value, verbatim)
  }
  return out
}

/**
 * Which fields of a message to keep, by proto (snake_case) name: `true` keeps a field whole; a nested shape
 * keeps those fields of it (of each element, for a list).
 */
export type Shape = {readonly [field: string]: true | Shape}

/**
 * The fields of `raw` (either spelling) that `shape` names, in protojson form. What is left out is never
 * converted: a rule that reads a few fields of every listener does not copy every listener.
 */
export function pickProtoJson<T>(raw: unknown, shape: Shape): T {
  return toProtoJson<T>(pick(raw, shape))
}

function pick(raw: unknown, shape: Shape): unknown {
  if (Array.isArray(raw)) return raw.map((item) => pick(item, shape))
  if (raw === null || typeof raw !== 'object') return raw
  const out: Record<string, unknown> = {}
  for (const name of Object.keys(shape)) {
    const value = field(raw, name)
    const sub = shape[name]
    if (value !== undefined) out[name] = sub === true ? value : pick(value, sub)
  }
  return out
}

/** Reads a field by its proto name from an object that may be in either spelling. */
export function field<T = unknown>(obj: unknown, snakeName: string): T | undefined {
  if (obj === null || typeof obj !== 'object') return undefined
  const o = obj as Record<string, unknown>
  if (snakeName in o) return o[snakeName] as T
  const camel = camelCase(snakeName)
  return camel in o ? (o[camel] as T) : undefined
}

/**
 * A resource as its own message: without the `@type` of the Any that wrapped it in the dump. This is how
 * istioctl prints resources with `-o json` (it unpacks each Any before marshalling).
 */
export function withoutTypeUrl<T extends object>(resource: T): T {
  if (resource === null || typeof resource !== 'object' || !('@type' in resource)) return resource
  const {'@type': _type, ...rest} = resource as T & {'@type'?: unknown}
  return rest as T
}
