import {isObject} from '../envoy/lenient.js'
import {byteOrder, fieldKind, sortMessage} from '../envoy/proto-maps.js'
import {isV2StructConfig} from '../envoy/proto-json.js'

/**
 * Options for older writers (proxy-status's config comparison, Istio ≤1.6): golang/protobuf 1.3's jsonpb
 * with a 3-space indent, which writes an empty message as `{`, an empty line, `}`, and v2 filters' `config`
 * as a google.protobuf.Struct.
 */
export interface JsonpbOptions {
  indent?: string
  emptyMessageLine?: boolean
  v2FilterConfigStruct?: boolean
}

interface Style {
  ind: string
  empty: (indent: string) => string
  v2Config: boolean
}

/**
 * JSON as golang/protobuf's jsonpb.Marshaler{Indent: "    "} writes a message (istioctl's
 * protomarshal.ToJSONWithIndent). It equals 4-space JSON except inside google.protobuf.Struct values: jsonpb
 * indents a Struct's entries (and its closing brace) one level deeper than their key, and a Struct or list
 * nested in a Struct two levels deeper (the bootstrapdump.json golden shows it on node.metadata). Struct keys
 * are sorted, as Go sorts map keys.
 */
export function toJsonpb(value: unknown, opts: JsonpbOptions = {}): string {
  const style: Style = {
    ind: opts.indent ?? '    ',
    empty: opts.emptyMessageLine ? (indent) => `{\n\n${indent}}` : () => '{}',
    v2Config: opts.v2FilterConfigStruct ?? false,
  }
  return message(value, '', undefined, style)
}

/** A message (or any non-Struct value) whose first character goes at the cursor and whose fields sit at indent+IND. */
function message(value: unknown, indent: string, typeUrl: string | undefined, style: Style): string {
  const IND = style.ind
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((v) => `${indent}${IND}${message(v, indent + IND, undefined, style)}`).join(',\n')}\n${indent}]`
  }
  if (!isObject(value)) return JSON.stringify(value) ?? 'null'
  const keys = Object.keys(value)
  if (keys.length === 0) return style.empty(indent)
  const anyType = typeof value['@type'] === 'string' ? value['@type'] : typeUrl
  const fields = keys.map((k) => {
    const v = value[k]
    const kind = style.v2Config && isV2StructConfig(value, k) ? 'struct' : fieldKind(k, v, anyType)
    let text: string
    if (kind === 'struct') text = structValue(v, indent, IND)
    else if (kind === 'structMap' && isObject(v)) text = structMap(v, indent + IND, IND)
    else text = message(kind === 'map' ? sortMessage(v, 'map') : v, indent + IND, undefined, style)
    return `${indent}${IND}${JSON.stringify(k)}: ${text}`
  })
  return `{\n${fields.join(',\n')}\n${indent}}`
}

/** A google.protobuf.Value marshalled at `at` (jsonpb's indent argument): entries at at+3, closing at at+2. */
function structValue(value: unknown, at: string, IND: string): string {
  const inner = at + IND + IND + IND
  const close = at + IND + IND
  if (Array.isArray(value)) {
    if (value.length === 0) return `[\n${close}]`
    return `[\n${value.map((v) => `${inner}${structValue(v, inner, IND)}`).join(',\n')}\n${close}]`
  }
  if (!isObject(value)) return JSON.stringify(value) ?? 'null'
  const keys = Object.keys(value).sort(byteOrder)
  if (keys.length === 0) return `{\n${close}}`
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${structValue(value[k], inner, IND)}`).join(',\n')}\n${close}}`
}

/** A map<string, Struct> field (filter_metadata): a normal map whose values are Structs. */
function structMap(value: Record<string, unknown>, indent: string, IND: string): string {
  const keys = Object.keys(value).sort(byteOrder)
  if (keys.length === 0) return '{}'
  return `{\n${keys.map((k) => `${indent}${IND}${JSON.stringify(k)}: ${structValue(value[k], indent, IND)}`).join(',\n')}\n${indent}}`
}

// ---- go-yaml v2 -----------------------------------------------------------------------------------
