/**
 * Reads a config dump section by section, front to back, parsing only the sections a command reads:
 * `proxy-config listener` on a 190 MB dump never parses its 70 MB of clusters, and the file is read
 * through a window of about 1 MB (byte-window.ts).
 *
 * It works on pretty-printed dumps, which is how Envoy's admin API writes /config_dump (one space per
 * level; jq and Go's json.Indent write two). A JSON string cannot hold a raw newline, so in such a document
 * a newline followed by exactly two levels of indent and `}` can only close an element of `configs`. Any
 * other layout (compact JSON, tabs, CRLF, YAML, a `configs` map, a section whose first member is not its
 * `@type`, as Envoy always writes it) is refused, and the caller parses the whole document as before.
 *
 * What it promises: each section it parses is exactly that element of `configs` (PrettyJson checks every
 * line of its structure). What it cannot promise: that the sections nobody parses are valid JSON. A
 * document whose indentation lies (hand-edited) is refused where a parsed section or the end of `configs`
 * does not fit, and the caller then parses the whole document, which says where it breaks, if it does.
 */

import {isObject} from './lenient.js'
import {skipSpace} from '../source/byte-window.js'
import type {PrettyJson} from './pretty-json.js'
import type {Shape} from './proto-json.js'

type Raw = Record<string, unknown>

/** The sections read, and the `@type` of every section in the document (read or not). */
export interface SectionsRead {
  readonly sections: Raw[]
  readonly types: string[]
}

const NL = 0x0a
const COMMA = 0x2c
const QUOTE = 0x22
const SPACE = 0x20
/** A type URL longer than this is not one (and the search for its end stops). */
const MAX_TYPE = 1024

/**
 * The sections of a pretty-printed `{"configs": [...]}` document whose `@type` is `wanted`, or undefined for
 * any other layout (see above). `shapeOf` may name the fields to read of a section (see Shape): the rest of
 * it is skipped, not parsed.
 */
export function readSections(
  pretty: PrettyJson,
  wanted: (type: string) => boolean,
  shapeOf: (type: string) => Shape | undefined = () => undefined,
): SectionsRead | undefined {
  const {window: w, unit} = pretty
  // {⏎ + u spaces + "configs": [
  let i = skipSpace(w, 0)
  if (w.at(i) !== 0x7b || !w.startsWith(i + 1, pretty.marker(unit))) return undefined
  i += 2 + unit
  const header = [Buffer.from('"configs": ['), Buffer.from('"configs":[')].find((h) => w.startsWith(i, h))
  if (!header) return undefined
  i += header.length

  const open = Buffer.concat([pretty.marker(2 * unit), Buffer.from('{')])
  const close = pretty.closing(2 * unit, 0x7d)
  const typeKey = Buffer.concat([pretty.marker(3 * unit), Buffer.from('"@type":')])
  const sections: Raw[] = []
  const types: string[] = []
  if (w.at(i) === 0x5d) return trailer(pretty, i + 1) ? {sections, types} : undefined // "configs": []
  for (;;) {
    w.release(i)
    if (!w.startsWith(i, open)) return undefined
    const start = i + open.length - 1
    const type = typeOf(pretty, start + 1, typeKey)
    if (type === undefined) return undefined
    types.push(type)
    let end: number
    if (wanted(type)) {
      const parsed = pretty.containerAt(start, 2 * unit, shapeOf(type))
      if (parsed === undefined || !isObject(parsed.value) || parsed.value['@type'] !== type) return undefined
      sections.push(parsed.value)
      end = parsed.end
    } else {
      const at = w.indexOf(close, start, undefined, true)
      if (at < 0) return undefined
      end = at + close.length
    }
    if (w.at(end) === COMMA) {
      i = end + 1
      continue
    }
    return w.startsWith(end, pretty.closing(unit, 0x5d)) && trailer(pretty, end + unit + 2) ? {sections, types} : undefined
  }
}

/** The section's `"@type"`, on the line at `at` (its first member, as Envoy writes it). */
function typeOf(pretty: PrettyJson, at: number, typeKey: Buffer): string | undefined {
  const w = pretty.window
  if (!w.startsWith(at, typeKey)) return undefined
  // Go's protojson writes `"@type":  "…"` at times (it adds a space at random, so that no one relies on its layout)
  let from = at + typeKey.length
  while (w.at(from) === SPACE) from++
  if (w.at(from++) !== QUOTE) return undefined
  const to = w.indexOf(QUOTE, from, from + MAX_TYPE)
  return to < 0 || w.indexOf(NL, from, to) >= 0 ? undefined : w.text(from, to)
}

/** After the array: ⏎} and only whitespace to the end. */
function trailer(pretty: PrettyJson, i: number): boolean {
  const w = pretty.window
  return w.at(i) === NL && w.at(i + 1) === 0x7d && w.at(skipSpace(w, i + 2)) === -1
}
