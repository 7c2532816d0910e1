import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {outputFlag} from '../../lib/cli/flags.js'
import {v1CommandFlags} from '../../lib/pilot/flags.js'
import {pilotV1} from '../../lib/pilot/proxy-node.js'
import {fetchAllSds, fetchSds} from '../../lib/pilot/v1-client.js'
import {type PilotV1Result, v1Result} from '../../lib/pilot/v1-result.js'
import {v1HostTable} from '../../lib/render/pilot-v1.js'

export default class PilotSds extends BaseCommand<PilotV1Result> {
  static override summary = "The hosts Pilot's v1 REST API (SDS) lists for a service key: GET /v1/registration/{key}"
  static override description = `Pilot 0.x (Istio ≤0.8) only. SERVICE-KEY is FQDN|PORT-NAME[|LABEL=VALUE,…], the service_name of a v1 cluster (see pilot cds); without it, every service key (/v1/registration). -o json prints Pilot's answer byte for byte. See docs/control-plane.md.`

  static override examples = [
    "<%= config.bin %> pilot sds 'reviews.default.svc.cluster.local|http'",
    "<%= config.bin %> pilot sds 'reviews.default.svc.cluster.local|http|version=v2' -o json",
    '<%= config.bin %> pilot sds',
  ]

  static override args = {
    key: Args.string({name: 'SERVICE-KEY', description: 'Service key: FQDN|PORT-NAME[|LABELS]; all keys when left out', required: false, ignoreStdin: true}),
  }

  static override flags = {...v1CommandFlags, output: outputFlag(['short', 'json'], 'short')}

  async run(): Promise<PilotV1Result> {
    const {args, flags} = await this.parse(PilotSds)
    const pilot = await pilotV1(flags)
    if (args.key === undefined) {
      const all = await fetchAllSds(pilot)
      const rows = (all.doc ?? []).map((r) => ({serviceKey: r['service-key'], hosts: r.hosts ?? []}))
      if (!this.jsonEnabled()) process.stdout.write(flags.output === 'json' ? all.body : v1HostTable(rows))
      return v1Result(all)
    }
    const answer = await fetchSds(pilot, args.key)
    if (!this.jsonEnabled()) process.stdout.write(flags.output === 'json' ? answer.body : v1HostTable([{serviceKey: args.key, hosts: answer.doc.hosts ?? []}]))
    return v1Result(answer)
  }
}
