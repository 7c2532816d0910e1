import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {writeStdout} from '../../lib/cli/stdout.js'
import {outputFlag, podArg, proxyFlags} from '../../lib/cli/flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {clusterTable} from '../../lib/render/cluster-table.js'
import {structuredOutput, writeJsonList} from '../../lib/render/formats.js'
import {AdminPath, openProxySource, readConfigDump} from '../../lib/source/proxy-source.js'
import {CLUSTER_ROW_FIELDS, clusterRow, selectClusters} from '../../lib/summary/clusters.js'
import {type DumpEntry, entryShape} from '../../lib/envoy/config-dump.js'
import {toSortedProtoJson} from '../../lib/envoy/proto-maps.js'
import {withoutTypeUrl} from '../../lib/envoy/proto-json.js'
import type {Cluster} from '../../lib/envoy/types.js'

export default class ProxyConfigCluster extends BaseCommand<Cluster[] | undefined> {
  static override summary = "Show the clusters (CDS) of a proxy's Envoy config"
  static override aliases = ['proxy-config:clusters', 'proxy-config:c', 'pc:cluster', 'pc:clusters', 'pc:c']
  static override examples = [
    '<%= config.bin %> proxy-config cluster -f productpage-config-dump.json',
    '<%= config.bin %> proxy-config cluster -f dump.json --fqdn reviews.default.svc.cluster.local --port 9080 -o json',
  ]

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    output: outputFlag(['short', 'json', 'yaml'], 'short'),
    fqdn: Flags.string({description: 'Only clusters whose name contains this FQDN.'}),
    port: Flags.integer({description: 'Only clusters with this port (matches |PORT| in the name).'}),
    subset: Flags.string({description: 'Only clusters whose name contains this subset.'}),
    direction: Flags.string({description: 'Only clusters whose name contains this direction (inbound, outbound, inbound-vip…).'}),
  }

  async run(): Promise<Cluster[] | undefined> {
    const {args, flags} = await this.parse(ProxyConfigCluster)
    const source = await openProxySource(locateProxy(args.pod, flags.file, 'proxy-config cluster', flags['admin-url']), flags)
    // the table reads three fields of each cluster: only those are parsed
    const table = flags.output === 'short' && !this.jsonEnabled()
    const dump = await readConfigDump(source, AdminPath.clusters, table ? TABLE_FIELDS : undefined).finally(() => source.close())
    for (const w of dump.warnings) this.note(w, flags.verbose)
    const clusters = selectClusters(dump, flags)
    if (this.jsonEnabled()) return clusters.map((e) => withoutTypeUrl(e.resource))
    if (flags.output === 'short') {
      // the table needs three fields per cluster: whole clusters are not converted for it
      writeStdout(clusterTable(clusters.map(clusterRow)))
    } else if (flags.output === 'json') {
      // streamed: each cluster is converted, written and dropped, so a 10,000-service dump is never one string
      writeJsonList(convertEach(clusters), writeStdout)
    } else {
      writeStdout(structuredOutput(clusters.map((e) => withoutTypeUrl(e.resource)), 'yaml'))
    }
    return undefined
  }
}

const TABLE_FIELDS = {clusters: entryShape('clusters', CLUSTER_ROW_FIELDS)}

/** Each cluster in protojson form, map keys sorted, converted as it is read and not kept by its entry. */
function* convertEach(entries: readonly DumpEntry<Cluster>[]): Generator<Cluster> {
  for (const e of entries) yield withoutTypeUrl(toSortedProtoJson<Cluster>(e.raw))
}
