/**
 * Serialisers for `-o json` / `-o yaml`, shaped like istioctl's: JSON with a 4-space indent (Go's
 * json.Indent over protojson), YAML as sigs.k8s.io/yaml writes it (keys sorted, block sequences not
 * indented under their key).
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`
}

export async function toYaml(value: unknown): Promise<string> {
  const {Document} = await import('yaml')
  const doc = new Document(value, {sortMapEntries: true})
  return doc.toString({indentSeq: false, lineWidth: 0, minContentWidth: 0})
}
