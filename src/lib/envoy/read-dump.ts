import type {InputText} from '../source/input.js'
import {ConfigDump, checkedDump, configDumpFrom, type SectionKind, sectionKindOf} from './config-dump.js'
import {readSections, type SectionsRead} from './dump-sections.js'
import {parseDocument} from './parse-document.js'
import {PrettyJson} from './pretty-json.js'
import type {Shape} from './proto-json.js'

/**
 * Fields of a section's entries that a reader uses, by section: a table of 18,000 clusters reads three
 * fields of each. Shapes of the admin message (static_clusters, dynamic_active_clusters, …, built by
 * entryShape in config-dump.ts), see Shape.
 */
export type SectionShapes = Partial<Record<SectionKind, Shape>>

/**
 * The ConfigDump of admin API output. `sections` names what the reader uses (see sectionsOfPath): from a
 * pretty-printed dump (Envoy's own layout) only those sections are parsed, and the rest is never parsed
 * (undefined: every section). `shapes` narrows a section to some fields of it: an entry then holds only
 * those (a reader that asks for them must read no others). Any other layout is parsed whole.
 */
export async function parseConfigDump(input: InputText, sections?: readonly SectionKind[], shapes: SectionShapes = {}): Promise<ConfigDump> {
  // sections of unknown types too: the model reports them (they are small, and rare)
  const wanted = (type: string) => {
    const kind = sectionKindOf(type)
    return sections === undefined || kind === undefined || sections.includes(kind)
  }
  const window = input.window?.()
  let read: SectionsRead | undefined
  try {
    const pretty = window && PrettyJson.of(window)
    read = pretty && readSections(pretty, wanted, (type) => {
      const kind = sectionKindOf(type)
      return kind === undefined ? undefined : shapes[kind]
    })
  } finally {
    window?.close()
  }
  if (!read) return configDumpFrom(await parseDocument(input), input.label)
  // the sections it did not read count for "holds no section meshscope knows", not for the model
  return checkedDump(new ConfigDump(read.sections), input.label, read.types)
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
