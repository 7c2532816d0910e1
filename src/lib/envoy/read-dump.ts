import {MeshscopeError} from '../cli/errors.js'
import type {InputText} from '../source/input.js'
import {ConfigDump, checkedDump, configDumpFrom, type SectionKind, sectionKindOf} from './config-dump.js'
import {type SectionSlice, sliceSections} from './dump-sections.js'
import {isObject} from './lenient.js'
import {parseDocument, parseJson} from './parse-document.js'
import {PrettyJson} from './pretty-json.js'

type Raw = Record<string, unknown>

/**
 * The ConfigDump of admin API output. `sections` names what the reader uses (see sectionsOfPath): from a
 * pretty-printed dump (Envoy's own layout) only those sections are cut out and parsed, and the rest is
 * never parsed. Without it, or for any other layout, the document is parsed whole, as it must be for a
 * reader of every section.
 */
export async function parseConfigDump(input: InputText, sections?: readonly SectionKind[]): Promise<ConfigDump> {
  const pretty = sections && input.bytes ? PrettyJson.of(input.bytes) : undefined
  const slices = pretty ? sliceSections(pretty.bytes) : undefined
  if (!sections || !pretty || !slices) return configDumpFrom(await parseDocument(input), input.label)
  // sections of unknown types too: the model reports them (they are small, and rare)
  const wanted = slices.filter((s) => {
    const kind = sectionKindOf(s.type)
    return kind === undefined || sections.includes(kind)
  })
  const parsed = wanted.map((slice) => parseSlice(pretty, slice, 2 * pretty.unit) ?? brokenSection(input))
  // the sections it did not read count for "holds no section meshscope knows", not for the model
  return checkedDump(new ConfigDump(parsed), input.label, slices.map((s) => s.type))
}

/**
 * The sections a live read of `path` returns, and so the sections a file read for it needs: Envoy answers
 * `config_dump?mask=f1,f2` with the sections that hold those fields. No mask: every section.
 */
export function sectionsOfPath(path: string): SectionKind[] | undefined {
  const mask = new URLSearchParams(path.split('?')[1] ?? '').get('mask')
  if (mask === null) return undefined
  const kinds = mask.split(',').map((f) => MASK_FIELDS[f])
  return kinds.every((k) => k !== undefined) ? [...new Set(kinds)] : undefined
}

/** The top-level fields of each admin ConfigDump message, as a mask names them. */
const MASK_FIELDS: Record<string, SectionKind> = {
  bootstrap: 'bootstrap',
  static_clusters: 'clusters',
  dynamic_active_clusters: 'clusters',
  dynamic_warming_clusters: 'clusters',
  static_listeners: 'listeners',
  dynamic_listeners: 'listeners',
  static_route_configs: 'routes',
  dynamic_route_configs: 'routes',
  static_secrets: 'secrets',
  dynamic_active_secrets: 'secrets',
  dynamic_warming_secrets: 'secrets',
}

/** A section, in pieces when laid out as Envoy does, else whole (a hand-edited section may still be JSON). */
function parseSlice(pretty: PrettyJson, slice: SectionSlice, indent: number): Raw | undefined {
  let value = pretty.parseAt(slice.start, slice.end, indent)
  try {
    value ??= JSON.parse(pretty.text(slice.start, slice.end))
  } catch {
    return undefined
  }
  return isObject(value) && value['@type'] === slice.type ? value : undefined
}

/**
 * A slice that does not parse: the document is broken, and parsing all of it says where (cut short, a bad
 * token at a position). If it parses, its indentation lied about where a section ends (hand-edited).
 */
function brokenSection(input: InputText): never {
  parseJson(input)
  throw new MeshscopeError('INPUT_INVALID', `${input.label} is indented inconsistently, so meshscope cannot read it section by section`, [
    'Reformat it: jq . dump.json > formatted.json',
  ])
}
