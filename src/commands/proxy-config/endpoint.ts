import {BaseCommand} from '../../lib/cli/base-command.js'
import {writeStdout} from '../../lib/cli/stdout.js'
import {endpointFilterFlags, outputFlag, podArg, proxyFlags} from '../../lib/cli/flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {readClustersStatus} from '../../lib/envoy/clusters-status.js'
import {endpointTable} from '../../lib/render/endpoint-table.js'
import {structuredOutput} from '../../lib/render/formats.js'
import {AdminPath, openProxySource} from '../../lib/source/proxy-source.js'
import {endpointRows, selectClusterStatuses} from '../../lib/summary/endpoints.js'

/** The filters `proxy-config endpoint` and `eds` share, as istioctl names them. */
export default class ProxyConfigEndpoint extends BaseCommand<Record<string, unknown>[]> {
  static override summary = "Show the endpoints of a proxy's clusters as Envoy sees them live (health, outlier ejection)"
  static override description =
    'Reads Envoy\'s /clusters admin output (?format=json, or the text form), not the config dump: with -f, save it with `pilot-agent request GET "clusters?format=json"`.'
  static override aliases = ['proxy-config:endpoints', 'proxy-config:ep', 'pc:endpoint', 'pc:endpoints', 'pc:ep']
  static override examples = [
    '<%= config.bin %> proxy-config endpoint -f clusters.json',
    '<%= config.bin %> proxy-config endpoint -f clusters.json --cluster "outbound|9080||reviews.default.svc.cluster.local" --status healthy',
  ]

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    output: outputFlag(['short', 'json', 'yaml'], 'short'),
    ...endpointFilterFlags,
  }

  async run(): Promise<Record<string, unknown>[]> {
    const {args, flags} = await this.parse(ProxyConfigEndpoint)
    const source = await openProxySource(locateProxy(args.pod, flags.file, 'proxy-config endpoint', flags['admin-url']), flags)
    const input = await source.get(AdminPath.clusterStatus).finally(() => source.close())
    const dump = await readClustersStatus(input)
    // a config dump reads as a /clusters document with no clusters: say why the table is empty
    if (dump.notice) this.note(dump.notice, true)
    const statuses = selectClusterStatuses(dump, flags)
    if (this.jsonEnabled()) return statuses
    if (flags.output === 'short') writeStdout(endpointTable(endpointRows(dump, flags)))
    else writeStdout(structuredOutput(statuses, flags.output === 'yaml' ? 'yaml' : 'json'))
    return statuses
  }
}
