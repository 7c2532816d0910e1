import {sortProtoMaps} from '../envoy/proto-maps.js'
import {goYaml} from './go-yaml.js'
import {toJsonpb} from './jsonpb.js'

/**
 * Serialisers for `-o json` / `-o yaml`, shaped like istioctl's: JSON with a 4-space indent (Go's
 * json.Indent over protojson), and YAML as sigs.k8s.io/yaml's JSONToYAML writes it (go-yaml v2: keys in
 * its "natural" order, sequences not indented under their key, strings quoted only where a YAML 1.1
 * reader would take them for something else, long lines folded at 80 columns).
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`
}

export async function toYaml(value: unknown): Promise<string> {
  return goYaml(value)
}

/**
 * What istioctl prints for `-o json|yaml`: the document and a newline (its Fprintln after a YAML text that
 * already ends in one leaves a blank last line). Proto map keys are sorted, as Go's JSON writers do (see
 * sortProtoMaps). `jsonpb` selects the writer of the sections istioctl prints with golang/protobuf's jsonpb
 * (bootstrap, secret, ecds), see toJsonpb.
 */
export function structuredOutput(value: unknown, format: 'json' | 'yaml', opts: {jsonpb?: boolean} = {}): string {
  if (format === 'yaml') return `${goYaml(value)}\n`
  return opts.jsonpb ? `${toJsonpb(value)}\n` : toJson(sortProtoMaps(value))
}

/**
 * `-o json` of a list, written one element at a time: the same text as structuredOutput(list, 'json'), but
 * a 300 MB answer is never one string and each converted element can be collected once written.
 */
export function writeJsonList(items: Iterable<unknown>, write: (chunk: string) => void): void {
  const CHUNK = 1 << 20
  let buffer = '['
  let first = true
  for (const item of items) {
    // nested lines move 4 spaces right; a JSON string never holds a raw newline, so this is safe
    buffer += `${first ? '\n' : ',\n'}    ${JSON.stringify(sortProtoMaps(item), null, 4).replace(/\n/g, '\n    ')}`
    first = false
    if (buffer.length >= CHUNK) {
      write(buffer)
      buffer = ''
    }
  }
  write(`${buffer}${first ? ']' : '\n]'}\n`)
}

export {goYaml, goYamlKeyCompare} from './go-yaml.js'
export {toJsonpb} from './jsonpb.js'
export {sortProtoMaps} from '../envoy/proto-maps.js'
