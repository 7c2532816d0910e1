import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {outputFlag} from '../../lib/cli/flags.js'
import {parseTarget} from '../../lib/cli/target.js'
import {v1CommandFlags} from '../../lib/pilot/flags.js'
import {pilotV1, v1Proxy} from '../../lib/pilot/proxy-node.js'
import {fetchLds} from '../../lib/pilot/v1-client.js'
import {type PilotV1Result, v1Result} from '../../lib/pilot/v1-result.js'
import {v1ListenerTable} from '../../lib/render/pilot-v1.js'

export default class PilotLds extends BaseCommand<PilotV1Result> {
  static override summary = "The listeners Pilot's v1 REST API (LDS) serves a proxy: GET /v1/listeners/{cluster}/{node}"
  static override description = `Pilot 0.x (Istio ≤0.8) only. The service node is built from the pod (sidecar~IP~POD.NAMESPACE~NAMESPACE.svc.cluster.local) or given with --node; the service cluster is istio-proxy unless --service-cluster says otherwise. -o json prints Pilot's answer byte for byte. See docs/control-plane.md.`

  static override examples = [
    '<%= config.bin %> pilot lds productpage-v1-7bbd79f8fd-k6j79.default',
    '<%= config.bin %> pilot lds --node sidecar~10.1.1.0~v0.default~default.svc.cluster.local --istiod-url http://127.0.0.1:15007 -o json',
  ]

  static override args = {
    pod: Args.string({description: 'Pod or workload whose proxy to ask about: [TYPE/]NAME[.NAMESPACE] (not with --node)', required: false, ignoreStdin: true}),
  }

  static override flags = {...v1CommandFlags, output: outputFlag(['short', 'json'], 'short')}

  async run(): Promise<PilotV1Result> {
    const {args, flags} = await this.parse(PilotLds)
    const proxy = await v1Proxy(args.pod === undefined ? undefined : parseTarget(args.pod), flags)
    const answer = await fetchLds(await pilotV1(flags), proxy.serviceCluster, proxy.node)
    if (!this.jsonEnabled()) process.stdout.write(flags.output === 'json' ? answer.body : v1ListenerTable(answer.doc.listeners ?? []))
    return v1Result(answer, proxy)
  }
}
