import {BaseCommand} from '../../lib/cli/base-command.js'
import {writeStdout} from '../../lib/cli/stdout.js'
import {endpointFilterFlags, outputFlag, podArg, proxyFlags} from '../../lib/cli/flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import type {ClusterLoadAssignment} from '../../lib/envoy/types.js'
import {edsTable} from '../../lib/render/endpoint-table.js'
import {structuredOutput} from '../../lib/render/formats.js'
import {AdminPath, openProxySource, readConfigDump} from '../../lib/source/proxy-source.js'
import {selectEds} from '../../lib/summary/eds.js'

export default class ProxyConfigEds extends BaseCommand<ClusterLoadAssignment[]> {
  static override summary = "Show the EDS endpoints (ClusterLoadAssignments) in a proxy's config dump"
  static override description = 'Needs a dump taken with ?include_eds (config_dump?include_eds=true), which holds the endpoints with their locality and metadata.'
  static override aliases = ['pc:eds']
  static override examples = [
    '<%= config.bin %> proxy-config eds -f dump.json',
    '<%= config.bin %> proxy-config eds -f dump.json --port 8080 -o yaml',
  ]

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    output: outputFlag(['short', 'json', 'yaml'], 'short'),
    ...endpointFilterFlags,
  }

  async run(): Promise<ClusterLoadAssignment[]> {
    const {args, flags} = await this.parse(ProxyConfigEds)
    const source = await openProxySource(locateProxy(args.pod, flags.file, 'proxy-config eds', flags['admin-url']), flags)
    const dump = await readConfigDump(source, AdminPath.full).finally(() => source.close())
    for (const w of dump.warnings) this.note(w, flags.verbose)
    if (!dump.has('endpoints')) this.note(`${source.label} has no EDS section: take the dump with config_dump?include_eds=true`, true)
    const {rows, assignments} = selectEds(dump, flags)
    if (this.jsonEnabled()) return assignments
    if (flags.output === 'short') writeStdout(edsTable(rows))
    else writeStdout(structuredOutput(assignments, flags.output === 'yaml' ? 'yaml' : 'json'))
    return assignments
  }
}
