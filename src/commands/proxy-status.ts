import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/cli/base-command.js'
import {ExitCode} from '../lib/cli/exit-codes.js'
import {outputFlag, proxyFlags} from '../lib/cli/flags.js'
import {parseTarget} from '../lib/cli/target.js'
import type {Comparison} from '../lib/pilot/compare.js'
import {compareConfigs} from '../lib/pilot/compare.js'
import {istiodFlags} from '../lib/pilot/flags.js'
import {findIstiods} from '../lib/pilot/istiod.js'
import {gatherSyncz, istiodConfigDump} from '../lib/pilot/proxy-status.js'
import {csdsResponse, isStale, type ProxyStatusRow, statusRows} from '../lib/pilot/status.js'
import {structuredOutput} from '../lib/render/formats.js'
import {comparisonText} from '../lib/render/proxy-status-diff.js'
import {proxyStatusTable} from '../lib/render/proxy-status-table.js'
import {AdminPath, FileSource, readConfigDump} from '../lib/source/proxy-source.js'

export type ProxyStatusResult = {proxies: ProxyStatusRow[]} | {proxy: string; istiod: string; comparison: Comparison}

export default class ProxyStatus extends BaseCommand<ProxyStatusResult> {
  static override summary = 'Sync status of every proxy from istiod, or the diff between one proxy and what istiod means to send it'
  static override description = `Without a pod: one row per proxy from every istiod's /debug/syncz (CDS LDS EDS RDS ECDS: SYNCED, NOT SENT, STALE, STALE (Never Acknowledged), ERROR, IGNORED).
With a pod: compares the proxy's clusters, listeners and routes with istiod's /debug/config_dump?proxyID=POD.NAMESPACE and prints "Match" or a unified diff.

Exit status is 0 whatever the sync state, as istioctl (scripts rely on it); --fail-on-stale exits 42 when a proxy is stale, --fail-on-diff exits 1 when the configs differ. See docs/control-plane.md.`

  static override aliases = ['ps']
  static override examples = [
    '<%= config.bin %> proxy-status',
    '<%= config.bin %> proxy-status -n bookinfo --fail-on-stale',
    '<%= config.bin %> proxy-status productpage-v1-7bbd79f8fd-k6j79.default',
    '<%= config.bin %> proxy-status details-v1-5b9.default --file envoy-config-dump.json --fail-on-diff',
  ]

  static override args = {
    pod: Args.string({description: 'Pod to compare with istiod: NAME[.NAMESPACE]', required: false, ignoreStdin: true}),
  }

  static override flags = {
    ...proxyFlags,
    ...istiodFlags,
    file: Flags.string({description: "Envoy's side of the comparison from a saved config dump instead of the pod (needs the pod name for the proxy ID).", helpValue: 'FILE'}),
    namespace: Flags.string({char: 'n', description: 'Only proxies in this namespace (with a pod: its namespace).'}),
    output: outputFlag(['short', 'json', 'yaml'], 'short'),
    'fail-on-stale': Flags.boolean({description: 'Exit 42 when a proxy is STALE for some xDS type.'}),
    'fail-on-diff': Flags.boolean({description: "With a pod: exit 1 when Envoy's config differs from istiod's."}),
  }

  async run(): Promise<ProxyStatusResult> {
    const {args, flags} = await this.parse(ProxyStatus)
    const istiodOptions = {...flags, transport: flags['istiod-transport']}
    if (args.pod === undefined) {
      const answers = await gatherSyncz(await findIstiods(istiodOptions), flags.namespace)
      const rows = statusRows(answers, flags.namespace)
      if (flags['fail-on-stale'] && rows.some(isStale)) this.status = ExitCode.STALE_PROXIES
      if (this.jsonEnabled()) return {proxies: rows}
      if (flags.output === 'short') process.stdout.write(proxyStatusTable(rows))
      else {
        const docs = answers.map((a) => csdsResponse(a, flags.namespace))
        process.stdout.write(structuredOutput(docs.length === 1 ? docs[0] : docs, flags.output === 'yaml' ? 'yaml' : 'json', {jsonpb: flags.output === 'json'}))
      }
      return {proxies: rows}
    }

    // the Envoy side first: a pod lookup also settles the namespace of the proxy ID
    const {dump: envoy, proxyId} = await this.envoySide(args.pod, flags)
    const {istiod, dump} = await istiodConfigDump(await findIstiods(istiodOptions), proxyId)
    const comparison = compareConfigs(dump, envoy)
    if (flags['fail-on-diff'] && comparison.sections.some((s) => !s.match)) this.status = ExitCode.DIFFERENT
    const result = {proxy: proxyId, istiod, comparison}
    if (!this.jsonEnabled()) process.stdout.write(flags.output === 'short' ? comparisonText(comparison) : structuredOutput(result, flags.output === 'yaml' ? 'yaml' : 'json'))
    return result
  }

  private async envoySide(pod: string, flags: {file?: string; namespace?: string} & Record<string, unknown>) {
    const target = parseTarget(pod)
    if (flags.file !== undefined) {
      const dump = await readConfigDump(new FileSource(flags.file), AdminPath.full)
      return {dump, proxyId: `${target.name}.${target.namespace ?? flags.namespace ?? 'default'}`}
    }
    const {openPodSource, PodSource} = await import('../lib/source/pod-source.js')
    const source = await openPodSource(target, flags)
    const dump = await readConfigDump(source, 'config_dump').finally(() => source.close())
    const ref = source instanceof PodSource ? source.pod : {name: target.name, namespace: target.namespace ?? flags.namespace ?? 'default'}
    return {dump, proxyId: `${ref.name}.${ref.namespace}`}
  }
}
