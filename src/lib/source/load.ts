import {type ConfigDump, configDumpFrom} from '../envoy/config-dump.js'
import {parseDocument} from '../envoy/parse-document.js'
import {readInput} from './input.js'

/** Reads and parses a saved /config_dump (path, `-` for stdin, gzip'd or not). */
export async function loadConfigDump(path: string): Promise<ConfigDump> {
  const input = await readInput(path)
  return configDumpFrom(await parseDocument(input), input.label)
}
