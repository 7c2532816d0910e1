import {MeshscopeError} from '../cli/errors.js'
import type {InputText} from '../source/input.js'
import {ConfigDump, checkedDump, configDumpFrom, type DumpSection} from './config-dump.js'
import {type SectionSlice, sliceSections} from './dump-sections.js'
import {isObject} from './lenient.js'
import {parseDocument, parseJson} from './parse-document.js'

type Raw = Record<string, unknown>

/**
 * The ConfigDump of admin API output. A pretty-printed dump (Envoy's own layout) is cut into its sections,
 * each parsed the first time the model reads it; any other document is parsed whole.
 */
export async function parseConfigDump(input: InputText): Promise<ConfigDump> {
  const slices = input.bytes ? sliceSections(input.bytes) : undefined
  if (!input.bytes || !slices) return configDumpFrom(await parseDocument(input), input.label)
  return checkedDump(new ConfigDump(lazySections(input, input.bytes, slices)), input.label)
}

function lazySections(input: InputText, bytes: Buffer, slices: SectionSlice[]): DumpSection[] {
  return slices.map((slice) => {
    let section: Raw | undefined
    return {
      type: slice.type,
      read(): Raw {
        section ??= parseSlice(bytes, slice) ?? brokenSection(input)
        return section
      },
    }
  })
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

function parseSlice(bytes: Buffer, slice: SectionSlice): Raw | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8', slice.start, slice.end))
    return isObject(value) && value['@type'] === slice.type ? value : undefined
  } catch {
    return undefined
  }
}
