import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {outputFlag} from '../../lib/cli/flags.js'
import {parseTarget} from '../../lib/cli/target.js'
import {v1CommandFlags} from '../../lib/pilot/flags.js'
import {pilotV1, v1Proxy} from '../../lib/pilot/proxy-node.js'
import {fetchCds} from '../../lib/pilot/v1-client.js'
import {type PilotV1Result, v1Result} from '../../lib/pilot/v1-result.js'
import {v1ClusterTable} from '../../lib/render/pilot-v1.js'

export default class PilotCds extends BaseCommand<PilotV1Result> {
  static override summary = "The clusters Pilot's v1 REST API (CDS) serves a proxy: GET /v1/clusters/{cluster}/{node}"
  static override description = `Pilot 0.x (Istio ≤0.8) only. The service node is built from the pod (sidecar~IP~POD.NAMESPACE~NAMESPACE.svc.cluster.local) or given with --node; the service cluster is istio-proxy unless --service-cluster says otherwise. -o json prints Pilot's answer byte for byte. See docs/control-plane.md.`

  static override examples = [
    '<%= config.bin %> pilot cds productpage-v1-7bbd79f8fd-k6j79.default',
    '<%= config.bin %> pilot cds --node sidecar~10.1.1.0~v0.default~default.svc.cluster.local --istiod-url http://127.0.0.1:15007 -o json',
  ]

  static override args = {
    pod: Args.string({description: 'Pod or workload whose proxy to ask about: [TYPE/]NAME[.NAMESPACE] (not with --node)', required: false, ignoreStdin: true}),
  }

  static override flags = {...v1CommandFlags, output: outputFlag(['short', 'json'], 'short')}

  async run(): Promise<PilotV1Result> {
    const {args, flags} = await this.parse(PilotCds)
    const proxy = await v1Proxy(args.pod === undefined ? undefined : parseTarget(args.pod), flags)
    const answer = await fetchCds(await pilotV1(flags), proxy.serviceCluster, proxy.node)
    if (!this.jsonEnabled()) process.stdout.write(flags.output === 'json' ? answer.body : v1ClusterTable(answer.doc.clusters ?? []))
    return v1Result(answer, proxy)
  }
}
