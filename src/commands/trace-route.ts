import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/cli/base-command.js'
import {MeshscopeError} from '../lib/cli/errors.js'
import {outputFlag, proxyFlags} from '../lib/cli/flags.js'
import {locateProxy} from '../lib/cli/proxy-command.js'
import type {ConfigDump} from '../lib/envoy/config-dump.js'
import {istiodFlags, pilotV1Flags} from '../lib/pilot/flags.js'
import {pilotSnapshot} from '../lib/pilot/trace-source.js'
import {asV1Trace} from '../lib/pilot/v1-adapter.js'
import {toJson, toYaml} from '../lib/render/formats.js'
import {traceWalkthrough} from '../lib/render/trace-walkthrough.js'
import {AdminPath, openProxySource, readConfigDump} from '../lib/source/proxy-source.js'
import {parseTraceTarget} from '../lib/trace/target.js'
import {traceRoute} from '../lib/trace/trace.js'
import type {Direction, Protocol, Trace} from '../lib/trace/types.js'

export default class TraceRoute extends BaseCommand<Trace> {
  static override summary = 'Explain hop by hop where a request (or connection) would go through a proxy, and why'
  static override description = `Walks the proxy's config in Envoy's order — listener, filter chain, network filter, route config, virtual host, route, action, cluster, endpoints — and shows at each hop what was chosen, the rule that chose it, and what nearly matched.

Exit status: 0 routed to a cluster with a healthy endpoint, 10 no listener, 11 no filter chain, 12 no virtual host or route (404), 13 direct response or redirect, 14 unknown cluster, 15 no healthy endpoint, 16 blocked (e.g. BlackHoleCluster). See docs/trace-route.md.`

  static override examples = [
    '<%= config.bin %> trace-route -f productpage.json http://reviews:9080/',
    "<%= config.bin %> trace-route -f productpage.json http://reviews:9080/api/v1?x=1 -H 'end-user: jason' --random 42",
    '<%= config.bin %> trace-route -f productpage.json tcp://172.21.0.10:53',
    '<%= config.bin %> trace-route -f ratings.json --direction inbound http://ratings:9080/ratings/0',
    '<%= config.bin %> trace-route -f gateway.json https://foo.com:8443/ -o json',
    '<%= config.bin %> trace-route --source pilot productpage-v1-7bbd79f8fd-k6j79.default http://reviews:9080/',
    '<%= config.bin %> trace-route --source pilot --pilot-api v1 --node sidecar~10.1.1.0~v0.default~default.svc.cluster.local --istiod-url http://127.0.0.1:15007 http://hello/',
  ]

  static override args = {
    first: Args.string({name: 'POD', description: 'Pod or workload ([TYPE/]NAME[.NAMESPACE]); leave out with -f', required: false, ignoreStdin: true}),
    second: Args.string({name: 'URL', description: 'What to trace: http://host[:port]/path, host:port/path, https://…, tcp://ip:port, tls://host:port', required: false}),
  }

  static override flags = {
    ...proxyFlags,
    output: outputFlag(['short', 'json', 'yaml'], 'short'),
    method: Flags.string({char: 'X', description: 'HTTP method.', default: 'GET'}),
    header: Flags.string({char: 'H', description: "Request header 'name: value' (repeatable).", multiple: true, multipleNonGreedy: true}),
    'dest-ip': Flags.string({description: 'Destination IP the client connects to (default: inferred from the dump, and said so).'}),
    protocol: Flags.string({description: 'What the client sends (default: from the URL scheme).', options: ['http', 'tcp', 'tls']}),
    sni: Flags.string({description: 'SNI in the TLS ClientHello (default: the URL host for https/tls).'}),
    alpn: Flags.string({description: 'ALPN the client offers, comma-separated (e.g. h2,http/1.1, or h2c for plaintext HTTP/2).'}),
    direction: Flags.string({description: 'Traffic direction through a sidecar.', options: ['outbound', 'inbound'], default: 'outbound'}),
    random: Flags.integer({description: 'The random value for weighted clusters and runtime fractions.', default: 0, min: 0}),
    source: Flags.string({description: "Whose config to trace: the proxy's own (envoy), or what the control plane means to send it (pilot).", options: ['envoy', 'pilot'], default: 'envoy', helpGroup: 'ISTIOD'}),
    'pilot-api': Flags.string({description: "With --source pilot: istiod's debug config dump (xds), or Pilot 0.x's v1 REST API (v1).", options: ['xds', 'v1'], helpGroup: 'ISTIOD'}),
    ...istiodFlags,
    ...pilotV1Flags,
  }

  async run(): Promise<Trace> {
    const {args, flags} = await this.parse(TraceRoute)
    const fromFile = flags.file !== undefined || flags['admin-url'] !== undefined
    // with -f the only positional argument is the URL; with a pod it comes second
    const [pod, url] = args.second === undefined ? [undefined, args.first] : [args.first, args.second]
    if (url === undefined) throw new MeshscopeError('USAGE', 'trace-route needs a URL to trace', ['meshscope trace-route -f dump.json http://reviews:9080/'])
    if (fromFile && pod !== undefined) throw new MeshscopeError('USAGE', `with --file, give only the URL (got "${pod}" and "${url}")`, ['meshscope trace-route -f dump.json http://reviews:9080/'])
    const target = parseTraceTarget({
      url,
      method: flags.method,
      headers: flags.header,
      destIp: flags['dest-ip'],
      protocol: flags.protocol as Protocol | undefined,
      sni: flags.sni,
      alpn: flags.alpn,
      direction: flags.direction as Direction,
      random: flags.random,
    })
    const fromPilot = flags.source === 'pilot'
    if (!fromPilot && flags['pilot-api'] !== undefined) throw new MeshscopeError('USAGE', '--pilot-api needs --source pilot', ['meshscope trace-route --source pilot --pilot-api v1 POD URL'])
    if (fromPilot && fromFile) throw new MeshscopeError('USAGE', '--source pilot reads the control plane: it does not take --file or --admin-url', ['meshscope trace-route --source pilot POD URL'])
    let dump: ConfigDump
    if (fromPilot) {
      const view = await pilotSnapshot(pod, flags)
      if (flags.verbose) this.note(`traced the config of ${view.from}`, true)
      dump = view.dump
    } else {
      const source = await openProxySource(locateProxy(pod, flags.file, 'trace-route', flags['admin-url']), flags)
      dump = await readConfigDump(source, AdminPath.full).finally(() => source.close())
    }
    for (const w of dump.warnings) this.note(w, flags.verbose)
    const traced = traceRoute(dump, target)
    // v1 has no EDS: its last hop is SDS, as the talk names the chain
    const trace = fromPilot && flags['pilot-api'] === 'v1' ? asV1Trace(traced) : traced
    this.status = trace.outcome.exitCode
    if (this.jsonEnabled()) return trace
    if (flags.output === 'json') process.stdout.write(toJson(trace))
    else if (flags.output === 'yaml') process.stdout.write(await toYaml(trace))
    else process.stdout.write(traceWalkthrough(trace, this.color))
    return trace
  }
}
