import type {ConfigDump} from '../envoy/config-dump.js'
import {text} from '../envoy/lenient.js'
import {goSortSlice} from './go-sort.js'

/** One line of `proxy-config ecds`: an extension config (filter) delivered by ECDS and its type. */
export interface EcdsRow {
  name: string
  /** the typed_config's type URL without `type.googleapis.com/` (empty when it has none) */
  type: string
}

/** The ECDS filters, sorted as istioctl sorts them: by type, then name. */
export function ecdsRows(dump: ConfigDump): EcdsRow[] {
  const rows = dump.ecdsFilters.map((e) => ({
    name: text(e.resource.name) || e.name,
    type: text(e.resource.typedConfig?.['@type']).replace(/^type\.googleapis\.com\//, ''),
  }))
  return goSortSlice(rows, (a, b) => (a.type === b.type ? a.name < b.name : a.type < b.type))
}
