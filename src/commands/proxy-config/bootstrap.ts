import {BaseCommand} from '../../lib/cli/base-command.js'
import {writeStdout} from '../../lib/cli/stdout.js'
import {outputFlag, podArg, proxyFlags} from '../../lib/cli/flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {withoutTypeUrl} from '../../lib/envoy/proto-json.js'
import {versionSummaryText} from '../../lib/render/bootstrap-table.js'
import {structuredOutput} from '../../lib/render/formats.js'
import {AdminPath, openProxySource, readConfigDump} from '../../lib/source/proxy-source.js'
import {versionSummary} from '../../lib/summary/bootstrap.js'
import {redactKeyMaterial} from '../../lib/summary/secrets.js'

export default class ProxyConfigBootstrap extends BaseCommand<Record<string, unknown>> {
  static override summary = "Show a proxy's Envoy bootstrap (-o short: the Istio and Envoy versions)"
  static override aliases = ['proxy-config:b', 'pc:bootstrap', 'pc:b']
  static override examples = ['<%= config.bin %> proxy-config bootstrap -f dump.json', '<%= config.bin %> proxy-config bootstrap -f dump.json -o short']

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    output: outputFlag(['json', 'yaml', 'short'], 'json'),
  }

  async run(): Promise<Record<string, unknown>> {
    const {args, flags} = await this.parse(ProxyConfigBootstrap)
    const source = await openProxySource(locateProxy(args.pod, flags.file, 'proxy-config bootstrap', flags['admin-url']), flags)
    const dump = await readConfigDump(source, AdminPath.bootstrap).finally(() => source.close())
    for (const w of dump.warnings) this.note(w, flags.verbose)
    if (!dump.has('bootstrap')) this.note(`${source.label} has no bootstrap section`, true)
    // static secrets in the bootstrap are redacted like the secret command's (Envoy already does it in real dumps)
    const section = redactKeyMaterial(withoutTypeUrl(dump.section('bootstrap') ?? {}))
    if (this.jsonEnabled()) return section
    if (flags.output === 'short') writeStdout(versionSummaryText(versionSummary(dump)))
    else writeStdout(structuredOutput(section, flags.output === 'yaml' ? 'yaml' : 'json', {jsonpb: true}))
    return section
  }
}
