import {BaseCommand} from '../../lib/cli/base-command.js'
import {writeStdout} from '../../lib/cli/stdout.js'
import {outputFlag, podArg, proxyFlags} from '../../lib/cli/flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {withoutTypeUrl} from '../../lib/envoy/proto-json.js'
import {ecdsTable} from '../../lib/render/ecds-table.js'
import {structuredOutput} from '../../lib/render/formats.js'
import {AdminPath, openProxySource, readConfigDump} from '../../lib/source/proxy-source.js'
import {ecdsRows} from '../../lib/summary/ecds.js'

export default class ProxyConfigEcds extends BaseCommand<Record<string, unknown>> {
  static override summary = "Show the extension configs (ECDS filters, e.g. Wasm plugins) in a proxy's config dump"
  static override aliases = ['proxy-config:ec', 'pc:ecds', 'pc:ec']
  static override examples = ['<%= config.bin %> proxy-config ecds -f dump.json', '<%= config.bin %> proxy-config ecds -f dump.json -o yaml']

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    output: outputFlag(['short', 'json', 'yaml'], 'short'),
  }

  async run(): Promise<Record<string, unknown>> {
    const {args, flags} = await this.parse(ProxyConfigEcds)
    const source = await openProxySource(locateProxy(args.pod, flags.file, 'proxy-config ecds', flags['admin-url']), flags)
    const dump = await readConfigDump(source, AdminPath.full).finally(() => source.close())
    for (const w of dump.warnings) this.note(w, flags.verbose)
    // the EcdsConfigDump section as istioctl prints it (without its own @type)
    const section = withoutTypeUrl(dump.section('ecds') ?? {})
    if (this.jsonEnabled()) return section
    if (flags.output === 'short') writeStdout(ecdsTable(ecdsRows(dump)))
    else writeStdout(structuredOutput(section, flags.output === 'yaml' ? 'yaml' : 'json', {jsonpb: true}))
    return section
  }
}
