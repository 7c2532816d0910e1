/**
 * Finds the sections of a config dump in its bytes without parsing it, so that a command parses only the
 * sections it reads: `proxy-config listener` on a 190 MB dump never parses its 70 MB of clusters.
 *
 * It works on pretty-printed dumps, which is how Envoy's admin API writes /config_dump (one space per
 * level; jq and Go's json.Indent write two). A JSON string cannot hold a raw newline, so in such a document
 * a newline followed by exactly two levels of indent and `}` can only close an element of `configs`. Any
 * other layout (compact JSON, tabs, CRLF, YAML, a `configs` map) is not sliced, and the caller parses the
 * whole document as before.
 *
 * What a slice promises: parsed, it is exactly one element of `configs` (a slice that does not close where
 * the element does is not valid JSON). What it cannot promise: that the sections nobody parses are valid
 * JSON. A document whose indentation lies (hand-edited) fails when a section is parsed, and the caller then
 * parses the whole document to say where it breaks.
 */

import {decodeUtf8} from '../source/decode.js'
import {countSpaces, skipSpace, startsWith} from './pretty-json.js'

/** One element of `configs`: where it lies in the bytes, and its `@type`. */
export interface SectionSlice {
  readonly start: number
  readonly end: number
  readonly type: string
}

const NL = 0x0a

/**
 * The sections of a pretty-printed `{"configs": [...]}` document, or undefined for any other layout and for
 * a section whose `@type` is not one of its own lines (the parsed document then tells).
 */
export function sliceSections(bytes: Buffer): SectionSlice[] | undefined {
  // {⏎ + u spaces + "configs": [
  let i = skipSpace(bytes, 0)
  if (bytes[i] !== 0x7b || bytes[i + 1] !== NL) return undefined
  i += 2
  const unit = countSpaces(bytes, i)
  if (unit === 0) return undefined
  i += unit
  const header = /^"configs": ?\[/.exec(bytes.toString('latin1', i, i + 13))
  if (!header) return undefined
  i += header[0].length

  const open = Buffer.from(`\n${' '.repeat(2 * unit)}{`)
  const close = Buffer.from(`\n${' '.repeat(2 * unit)}}`)
  const typeKey = Buffer.from(`\n${' '.repeat(3 * unit)}"@type": "`)
  const arrayEnd = Buffer.from(`\n${' '.repeat(unit)}]`)
  const slices: SectionSlice[] = []
  if (bytes[i] === 0x5d) return trailer(bytes, i + 1) ? slices : undefined // "configs": []
  for (;;) {
    if (!startsWith(bytes, i, open)) return undefined
    const start = i + open.length - 1
    const at = bytes.indexOf(close, start)
    if (at < 0) return undefined
    const end = at + close.length
    const type = typeOf(bytes, start, end, typeKey)
    if (type === undefined) return undefined
    slices.push({start, end, type})
    if (bytes[end] === 0x2c) {
      i = end + 1
      continue
    }
    return startsWith(bytes, end, arrayEnd) && trailer(bytes, end + arrayEnd.length) ? slices : undefined
  }
}

/** The section's `"@type"` among its own keys (the lines one level deeper than its braces). */
function typeOf(bytes: Buffer, start: number, end: number, typeKey: Buffer): string | undefined {
  const at = bytes.indexOf(typeKey, start)
  if (at < 0 || at >= end) return undefined
  const from = at + typeKey.length
  const to = bytes.indexOf(0x22, from)
  return to < 0 || to >= end ? undefined : decodeUtf8(bytes, from, to)
}

/** After the array: ⏎} and only whitespace to the end. */
function trailer(bytes: Buffer, i: number): boolean {
  if (bytes[i] !== NL || bytes[i + 1] !== 0x7d) return false
  return skipSpace(bytes, i + 2) === bytes.length
}
