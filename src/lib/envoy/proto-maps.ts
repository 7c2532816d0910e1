/**
 * Which protojson fields hold proto maps or google.protobuf.Structs, and a sort of their keys: Go's protojson
 * and jsonpb writers sort map keys (Envoy writes them in hash order), so istioctl-identical output needs it.
 */
import {isObject} from './lenient.js'
import {type FieldHook, isStructAnyType, isStructMetadata, type Json, toProtoJson} from './proto-json.js'

/** How a protojson field is keyed: a google.protobuf.Struct, a map of Structs, or another proto map. */
export type FieldKind = 'struct' | 'structMap' | 'map'

/** Envoy fields that hold a Struct or a proto map (the same places proto-json.ts keeps verbatim, and a few more). */
const MAP_FIELDS: Record<string, FieldKind> = {
  filterMetadata: 'structMap',
  perFilterConfig: 'structMap',
  extensionProtocolOptions: 'structMap',
  staticLayer: 'struct',
  typedFilterMetadata: 'map',
  typedPerFilterConfig: 'map',
  typedExtensionProtocolOptions: 'map',
  keyValues: 'map',
}

export function fieldKind(key: string, value: unknown, anyType: string | undefined): FieldKind | undefined {
  const known = MAP_FIELDS[key]
  if (known) return known
  if (key === 'value' && anyType !== undefined && isStructAnyType(anyType)) return 'struct'
  if (key === 'metadata' && isStructMetadata(value)) return 'struct'
  return undefined
}

/**
 * A copy with the keys of proto maps and Structs sorted (Go's protojson and jsonpb sort them; Envoy writes
 * them in hash order). Message fields keep their order, which is the field order in Envoy's output.
 */
export function sortProtoMaps<T>(value: T): T {
  return sortMessage(value, undefined) as T
}

/**
 * toProtoJson and sortProtoMaps in one walk (`-o json` of a whole section): each map or Struct is sorted as
 * the conversion reaches it, and the messages around them are not walked a second time.
 */
export function toSortedProtoJson<T>(raw: unknown): T {
  return toProtoJson<T>(raw, sortField)
}

const sortField: FieldHook = (name, value, parent, verbatim) => {
  const kind = fieldKind(name, value, typeof parent['@type'] === 'string' ? parent['@type'] : undefined)
  // data kept verbatim that is not a known map (api.v2's Struct `config`) was not walked: sortProtoMaps walks it as a message
  return kind !== undefined || verbatim ? (sortMessage(value, kind) as Json) : value
}

export function sortMessage(value: unknown, kind: FieldKind | undefined): unknown {
  if (Array.isArray(value)) {
    const inner = kind === 'struct' ? 'struct' : undefined
    return copyOnChange(value, value.map((v) => sortMessage(v, inner)))
  }
  if (!isObject(value)) return value
  const keys = Object.keys(value)
  if (kind !== undefined) {
    const sorted = [...keys].sort(byteOrder)
    const inner = kind === 'map' ? undefined : 'struct'
    const out: Record<string, unknown> = {}
    for (const k of sorted) out[k] = sortMessage(value[k], inner)
    return out
  }
  // a message: field order is kept, so only copy it when something inside changed (most messages hold no map)
  const anyType = typeof value['@type'] === 'string' ? value['@type'] : undefined
  let out: Record<string, unknown> | undefined
  for (const k of keys) {
    const v = value[k]
    const sorted = sortMessage(v, fieldKind(k, v, anyType))
    if (sorted !== v && out === undefined) out = {...value}
    if (out !== undefined) out[k] = sorted
  }
  return out ?? value
}

/** The array itself when no element changed, else the new one. */
function copyOnChange(before: unknown[], after: unknown[]): unknown[] {
  return after.every((v, i) => v === before[i]) ? before : after
}

// ---- jsonpb ---------------------------------------------------------------------------------------

export const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
