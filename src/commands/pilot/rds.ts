import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {outputFlag} from '../../lib/cli/flags.js'
import {parseTarget} from '../../lib/cli/target.js'
import {v1CommandFlags} from '../../lib/pilot/flags.js'
import {pilotV1, v1Proxy} from '../../lib/pilot/proxy-node.js'
import {fetchRds} from '../../lib/pilot/v1-client.js'
import {type PilotV1Result, v1Result} from '../../lib/pilot/v1-result.js'
import {v1RouteTable} from '../../lib/render/pilot-v1.js'

export default class PilotRds extends BaseCommand<PilotV1Result> {
  static override summary = "A route config Pilot's v1 REST API (RDS) serves a proxy: GET /v1/routes/{name}/{cluster}/{node}"
  static override description = `Pilot 0.x (Istio ≤0.8) only. ROUTE-NAME is what the proxy's listeners name in rds.route_config_name (the port, e.g. 80, or a gateway name; see pilot lds). The service node is built from the pod or given with --node. -o json prints Pilot's answer byte for byte. See docs/control-plane.md.`

  static override examples = [
    '<%= config.bin %> pilot rds 80 productpage-v1-7bbd79f8fd-k6j79.default',
    '<%= config.bin %> pilot rds 80 --node sidecar~10.1.1.0~v0.default~default.svc.cluster.local --istiod-url http://127.0.0.1:15007',
  ]

  static override args = {
    route: Args.string({name: 'ROUTE-NAME', description: 'Route config name (from the listener’s rds.route_config_name)', required: true, ignoreStdin: true}),
    pod: Args.string({description: 'Pod or workload whose proxy to ask about: [TYPE/]NAME[.NAMESPACE] (not with --node)', required: false}),
  }

  static override flags = {...v1CommandFlags, output: outputFlag(['short', 'json'], 'short')}

  async run(): Promise<PilotV1Result> {
    const {args, flags} = await this.parse(PilotRds)
    const proxy = await v1Proxy(args.pod === undefined ? undefined : parseTarget(args.pod), flags)
    const answer = await fetchRds(await pilotV1(flags), args.route, proxy.serviceCluster, proxy.node)
    if (!this.jsonEnabled()) process.stdout.write(flags.output === 'json' ? answer.body : v1RouteTable(answer.doc))
    return v1Result(answer, proxy)
  }
}
