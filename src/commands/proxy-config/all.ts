import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {writeStdout} from '../../lib/cli/stdout.js'
import {endpointFilterFlags, outputFlag, podArg, proxyFlags} from '../../lib/cli/flags.js'
import {tableVerboseFlag, withGoBooleans} from '../../lib/cli/istioctl-flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {allSummary} from '../../lib/render/all-summary.js'
import {structuredOutput} from '../../lib/render/formats.js'
import {AdminPath, openProxySource, readConfigDump} from '../../lib/source/proxy-source.js'
import {entryShape} from '../../lib/envoy/config-dump.js'
import {allResult, selectAll} from '../../lib/summary/all.js'
import {CLUSTER_ROW_FIELDS} from '../../lib/summary/clusters.js'
import {EDS_ROW_FIELDS} from '../../lib/summary/eds.js'
import {ROUTE_ROW_FIELDS} from '../../lib/summary/routes.js'
import {parseListenerType} from '../../lib/summary/listeners.js'
import {redactKeyMaterial} from '../../lib/summary/secrets.js'

export default class ProxyConfigAll extends BaseCommand<ReturnType<typeof allResult> | undefined> {
  static override summary = "Show everything in a proxy's config: bootstrap, clusters, listeners, routes, secrets and endpoints"
  static override description =
    'One fetch (config_dump?include_eds=true), then every table with a NAME column, as istioctl proxy-config all. -o json|yaml prints the whole dump with private keys redacted.'
  static override aliases = ['proxy-config:a', 'pc:all', 'pc:a']
  static override examples = ['<%= config.bin %> proxy-config all -f dump.json', '<%= config.bin %> proxy-config all -f dump.json --with-headers --port 9080']

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    output: outputFlag(['short', 'json', 'yaml'], 'short'),
    fqdn: Flags.string({description: 'Clusters: only names containing this FQDN.'}),
    subset: Flags.string({description: 'Clusters: only names containing this subset.'}),
    direction: Flags.string({description: 'Clusters: only names containing this direction.'}),
    type: Flags.string({description: 'Listeners: only this type (HTTP, TCP, HTTP+TCP, UNKNOWN).'}),
    name: Flags.string({description: 'Routes: only the route configuration with this name.'}),
    ...endpointFilterFlags,
    port: Flags.integer({description: 'Clusters, listeners and endpoints: only this port.'}),
    verbose: tableVerboseFlag,
    'with-headers': Flags.boolean({description: 'Print a ------ X INFO ------ header above each section.'}),
  }

  async run(): Promise<ReturnType<typeof allResult> | undefined> {
    const {args, flags} = await this.parse(ProxyConfigAll, withGoBooleans(this.argv, ['verbose']))
    const type = flags.type === undefined ? undefined : parseListenerType(flags.type)
    const source = await openProxySource(locateProxy(args.pod, flags.file, 'proxy-config all', flags['admin-url']), {...flags, verbose: false})
    // the cluster, endpoint and route tables read a few fields of each entry: only those are parsed
    const tables = flags.output === 'short' && !this.jsonEnabled()
    const dump = await readConfigDump(source, AdminPath.full, tables ? TABLE_FIELDS : undefined).finally(() => source.close())
    for (const w of dump.warnings) this.note(w, false)
    const sections = selectAll(dump, {...flags, type}, new Date())
    if (this.jsonEnabled()) return allResult(sections)
    if (flags.output === 'short') {
      writeStdout(allSummary(sections, {verbose: flags.verbose, withHeaders: flags['with-headers']}))
    } else {
      const raw = {configs: dump.allSections()}
      writeStdout(structuredOutput(redactKeyMaterial(raw), flags.output === 'yaml' ? 'yaml' : 'json'))
    }
    return undefined
  }
}

const TABLE_FIELDS = {
  clusters: entryShape('clusters', CLUSTER_ROW_FIELDS),
  endpoints: entryShape('endpoints', EDS_ROW_FIELDS),
  routes: entryShape('routes', ROUTE_ROW_FIELDS),
}
