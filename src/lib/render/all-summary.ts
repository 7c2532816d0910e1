import type {AllSections} from '../summary/all.js'
import {versionSummaryText} from './bootstrap-table.js'
import {clusterRow} from '../summary/clusters.js'
import {listenerRows, listenerTypeRows} from '../summary/listeners.js'
import {routeCountRows, routeRows} from '../summary/routes.js'
import {showTrustDomain} from '../summary/secrets.js'
import {clusterTable} from './cluster-table.js'
import {edsTable} from './endpoint-table.js'
import {listenerTable, listenerTypeTable} from './listener-table.js'
import {routeCountTable, routeTable} from './route-table.js'
import {secretTable} from './secret-table.js'

/**
 * `proxy-config all` short output as istioctl prints it: the version summary and every table with its NAME
 * column, separated by blank lines; `withHeaders` adds `------ X INFO ------` above each section.
 */
export function allSummary(s: AllSections, opts: {verbose: boolean; withHeaders: boolean}): string {
  const sections: [string, string][] = [
    ['BOOTSTRAP', versionSummaryText(s.version)],
    ['CLUSTER', clusterTable(s.clusters.map(clusterRow), true)],
    ['LISTENER', opts.verbose ? listenerTable(listenerRows(s.listeners), true) : listenerTypeTable(listenerTypeRows(s.listeners), true)],
    ['ROUTE', opts.verbose ? routeTable(routeRows(s.routes), true) : routeCountTable(routeCountRows(s.routes), true)],
    ['SECRET', secretTable(s.secrets, {prefixed: true, trustDomain: showTrustDomain(s.secrets)})],
    ['ENDPOINTS', edsTable(s.endpoints.rows, true)],
  ]
  return sections.map(([title, body]) => (opts.withHeaders ? `------ ${title} INFO ------\n\n${body}` : body)).join('\n')
}
