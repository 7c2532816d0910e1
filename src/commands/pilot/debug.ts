import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {MeshscopeError} from '../../lib/cli/errors.js'
import {kubeFlags, outputFlag} from '../../lib/cli/flags.js'
import {askDebug, debugPath, jsonOf, listEndpoints} from '../../lib/pilot/debug.js'
import {istiodFlags} from '../../lib/pilot/flags.js'
import {findIstiods} from '../../lib/pilot/istiod.js'
import {debugJson, debugPretty, endpointList} from '../../lib/render/pilot-debug.js'

export type PilotDebugResult =
  | {path: string; answers: {istiod: string; body: unknown}[]}
  | {list: {istiod: string; source: 'istiod' | 'documented'; endpoints: string[]}}

export default class PilotDebug extends BaseCommand<PilotDebugResult> {
  static override summary = "Read any of istiod's /debug endpoints (syncz, registryz, configz, config_dump?proxyID=, …)"
  static override description = `ENDPOINT is a path under /debug, with its query: syncz, registryz, endpointz, configz, adsz, push_status, config_dump?proxyID=POD.NAMESPACE, edsz?proxyID=POD.NAMESPACE, …
A question about one proxy (proxyID=) is answered by the istiod replica the proxy is connected to (the others say "not connected" and are skipped); any other question is asked of every replica.
--list prints istiod's /debug/list, or the documented endpoints when it does not serve one. See docs/control-plane.md.`

  static override examples = [
    '<%= config.bin %> pilot debug syncz',
    "<%= config.bin %> pilot debug 'config_dump?proxyID=productpage-v1-7bbd79f8fd-k6j79.default' -o json",
    '<%= config.bin %> pilot debug --list',
  ]

  static override args = {
    endpoint: Args.string({description: 'Debug endpoint: NAME[?QUERY] (with or without /debug/)', required: false, ignoreStdin: true}),
  }

  static override flags = {
    kubeconfig: kubeFlags.kubeconfig,
    context: kubeFlags.context,
    timeout: kubeFlags.timeout,
    ...istiodFlags,
    list: Flags.boolean({description: 'List the debug endpoints istiod serves.'}),
    output: outputFlag(['pretty', 'json'], 'pretty'),
  }

  async run(): Promise<PilotDebugResult> {
    const {args, flags} = await this.parse(PilotDebug)
    if (Boolean(flags.list) === (args.endpoint !== undefined)) {
      throw new MeshscopeError('USAGE', flags.list ? '--list takes no endpoint' : 'name a debug endpoint, or pass --list', ['meshscope pilot debug syncz', 'meshscope pilot debug --list'])
    }
    const path = args.endpoint === undefined ? undefined : debugPath(args.endpoint)
    const istiods = await findIstiods({...flags, transport: flags['istiod-transport']})
    if (path === undefined) {
      const list = {istiod: istiods[0].name, ...(await listEndpoints(istiods[0]))}
      if (!this.jsonEnabled()) process.stdout.write(flags.output === 'json' ? `${JSON.stringify(list.endpoints, null, 2)}\n` : endpointList(list.endpoints))
      return {list}
    }
    const answers = await askDebug(istiods, path)
    if (!this.jsonEnabled()) process.stdout.write(flags.output === 'json' ? debugJson(answers) : debugPretty(answers))
    return {path, answers: answers.map((a) => ({istiod: a.istiod, body: jsonOf(a.body) ?? a.body}))}
  }
}
