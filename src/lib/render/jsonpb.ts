import {isObject} from '../envoy/lenient.js'
import {byteOrder, fieldKind, sortMessage} from '../envoy/proto-maps.js'

const IND = '    '

/**
 * JSON as golang/protobuf's jsonpb.Marshaler{Indent: "    "} writes a message (istioctl's
 * protomarshal.ToJSONWithIndent). It equals 4-space JSON except inside google.protobuf.Struct values: jsonpb
 * indents a Struct's entries (and its closing brace) one level deeper than their key, and a Struct or list
 * nested in a Struct two levels deeper (the bootstrapdump.json golden shows it on node.metadata). Struct keys
 * are sorted, as Go sorts map keys.
 */
export function toJsonpb(value: unknown): string {
  return message(value, '', undefined)
}

/** A message (or any non-Struct value) whose first character goes at the cursor and whose fields sit at indent+IND. */
function message(value: unknown, indent: string, typeUrl: string | undefined): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((v) => `${indent}${IND}${message(v, indent + IND, undefined)}`).join(',\n')}\n${indent}]`
  }
  if (!isObject(value)) return JSON.stringify(value) ?? 'null'
  const keys = Object.keys(value)
  if (keys.length === 0) return '{}'
  const anyType = typeof value['@type'] === 'string' ? value['@type'] : typeUrl
  const fields = keys.map((k) => {
    const v = value[k]
    const kind = fieldKind(k, v, anyType)
    let text: string
    if (kind === 'struct') text = structValue(v, indent)
    else if (kind === 'structMap' && isObject(v)) text = structMap(v, indent + IND)
    else text = message(kind === 'map' ? sortMessage(v, 'map') : v, indent + IND, undefined)
    return `${indent}${IND}${JSON.stringify(k)}: ${text}`
  })
  return `{\n${fields.join(',\n')}\n${indent}}`
}

/** A google.protobuf.Value marshalled at `at` (jsonpb's indent argument): entries at at+3, closing at at+2. */
function structValue(value: unknown, at: string): string {
  const inner = at + IND + IND + IND
  const close = at + IND + IND
  if (Array.isArray(value)) {
    if (value.length === 0) return `[\n${close}]`
    return `[\n${value.map((v) => `${inner}${structValue(v, inner)}`).join(',\n')}\n${close}]`
  }
  if (!isObject(value)) return JSON.stringify(value) ?? 'null'
  const keys = Object.keys(value).sort(byteOrder)
  if (keys.length === 0) return `{\n${close}}`
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${structValue(value[k], inner)}`).join(',\n')}\n${close}}`
}

/** A map<string, Struct> field (filter_metadata): a normal map whose values are Structs. */
function structMap(value: Record<string, unknown>, indent: string): string {
  const keys = Object.keys(value).sort(byteOrder)
  if (keys.length === 0) return '{}'
  return `{\n${keys.map((k) => `${indent}${IND}${JSON.stringify(k)}: ${structValue(value[k], indent)}`).join(',\n')}\n${indent}}`
}

// ---- go-yaml v2 -----------------------------------------------------------------------------------
