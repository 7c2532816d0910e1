import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {writeStdout} from '../../lib/cli/stdout.js'
import {outputFlag, podArg, proxyFlags} from '../../lib/cli/flags.js'
import {tableVerboseFlag, withGoBooleans} from '../../lib/cli/istioctl-flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {withoutTypeUrl} from '../../lib/envoy/proto-json.js'
import type {Listener} from '../../lib/envoy/types.js'
import {structuredOutput} from '../../lib/render/formats.js'
import {listenerTable, listenerTypeTable} from '../../lib/render/listener-table.js'
import {AdminPath, openProxySource, readConfigDump} from '../../lib/source/proxy-source.js'
import {listenerRows, listenerTypeRows, parseListenerType, selectListeners} from '../../lib/summary/listeners.js'

export default class ProxyConfigListener extends BaseCommand<Listener[]> {
  static override summary = "Show the listeners (LDS) of a proxy's Envoy config"
  static override aliases = ['proxy-config:listeners', 'proxy-config:l', 'pc:listener', 'pc:listeners', 'pc:l']
  static override examples = [
    '<%= config.bin %> proxy-config listener -f productpage-config-dump.json',
    '<%= config.bin %> proxy-config listener -f dump.json --port 15006 --type HTTP+TCP',
    '<%= config.bin %> proxy-config listener -f dump.json --verbose=false',
  ]

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    output: outputFlag(['short', 'json', 'yaml'], 'short'),
    address: Flags.string({description: 'Only listeners with this address (exact, case-insensitive; additional addresses count).'}),
    port: Flags.integer({description: 'Only listeners on this port.'}),
    type: Flags.string({description: 'Only listeners of this type: HTTP, TCP, HTTP+TCP or UNKNOWN (case-insensitive).'}),
    verbose: tableVerboseFlag,
  }

  async run(): Promise<Listener[]> {
    const {args, flags} = await this.parse(ProxyConfigListener, withGoBooleans(this.argv, ['verbose']))
    const type = flags.type === undefined ? undefined : parseListenerType(flags.type)
    const source = await openProxySource(locateProxy(args.pod, flags.file, 'proxy-config listener', flags['admin-url']), {...flags, verbose: false})
    const dump = await readConfigDump(source, AdminPath.listeners).finally(() => source.close())
    // --verbose is the table style here, so notes go only to the --json warnings
    for (const w of dump.warnings) this.note(w, false)
    const listeners = selectListeners(dump, {address: flags.address, port: flags.port, type})
    const out = listeners.map(withoutTypeUrl)
    if (this.jsonEnabled()) return out
    if (flags.output !== 'short') writeStdout(structuredOutput(out, flags.output === 'yaml' ? 'yaml' : 'json'))
    else if (flags.verbose) writeStdout(listenerTable(listenerRows(listeners)))
    else writeStdout(listenerTypeTable(listenerTypeRows(listeners)))
    return out
  }
}
