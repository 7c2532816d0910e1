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
 * `-o json` of a list, written a batch of elements at a time: the same text as structuredOutput(list, 'json'),
 * but a 300 MB answer is never one string and each converted element can be collected once written.
 * JSON.stringify of a batch indents its elements as they sit in the whole list, so the batches only need
 * their brackets taken off and commas between them. The items come with their proto maps sorted already
 * (toSortedProtoJson: converted and sorted in one walk).
 */
export function writeJsonList(items: Iterable<unknown>, write: (chunk: string) => void): void {
  const BATCH = 256
  let batch: unknown[] = []
  let written = 0
  const flush = () => {
    const text = JSON.stringify(batch, null, 4)
    // "[\n    …\n]" → "\n    …", after "[" for the first batch and "," for the others
    write(`${written === 0 ? '[' : ','}${text.slice(1, -2)}`)
    written += batch.length
    batch = []
  }
  for (const item of items) {
    batch.push(item)
    if (batch.length === BATCH) flush()
  }
  if (batch.length > 0) flush()
  write(written === 0 ? '[]\n' : '\n]\n')
}

export {goYaml, goYamlKeyCompare} from './go-yaml.js'
export {toJsonpb} from './jsonpb.js'
export {sortProtoMaps} from '../envoy/proto-maps.js'
