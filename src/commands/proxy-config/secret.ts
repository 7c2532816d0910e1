import {BaseCommand} from '../../lib/cli/base-command.js'
import {writeStdout} from '../../lib/cli/stdout.js'
import {outputFlag, podArg, proxyFlags} from '../../lib/cli/flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {withoutTypeUrl} from '../../lib/envoy/proto-json.js'
import {structuredOutput} from '../../lib/render/formats.js'
import {secretTable} from '../../lib/render/secret-table.js'
import {AdminPath, openProxySource, readConfigDump} from '../../lib/source/proxy-source.js'
import {redactKeyMaterial, type SecretRow, secretRows, showTrustDomain} from '../../lib/summary/secrets.js'

export default class ProxyConfigSecret extends BaseCommand<SecretRow[]> {
  static override summary = "Show the secrets (SDS certificates) of a proxy: type, validity, serial number, expiry"
  static override description = 'Never prints private keys: -o json|yaml print the SecretsConfigDump with key material replaced by [redacted], even when the dump holds it.'
  static override aliases = ['proxy-config:secrets', 'proxy-config:s', 'pc:secret', 'pc:secrets', 'pc:s']
  static override examples = ['<%= config.bin %> proxy-config secret -f dump.json', '<%= config.bin %> proxy-config secret -f dump.json -o yaml']

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    output: outputFlag(['short', 'json', 'yaml'], 'short'),
  }

  async run(): Promise<SecretRow[]> {
    const {args, flags} = await this.parse(ProxyConfigSecret)
    const source = await openProxySource(locateProxy(args.pod, flags.file, 'proxy-config secret', flags['admin-url']), flags)
    const dump = await readConfigDump(source, AdminPath.secrets).finally(() => source.close())
    for (const w of dump.warnings) this.note(w, flags.verbose)
    const rows = secretRows(dump, new Date())
    if (this.jsonEnabled()) return rows
    if (flags.output === 'short') writeStdout(secretTable(rows, {trustDomain: showTrustDomain(rows)}))
    else {
      const section = redactKeyMaterial(withoutTypeUrl(dump.section('secrets') ?? {}))
      writeStdout(structuredOutput(section, flags.output === 'yaml' ? 'yaml' : 'json', {jsonpb: true}))
    }
    return rows
  }
}
