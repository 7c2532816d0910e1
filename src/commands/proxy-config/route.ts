import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {writeStdout} from '../../lib/cli/stdout.js'
import {outputFlag, podArg, proxyFlags} from '../../lib/cli/flags.js'
import {tableVerboseFlag, withGoBooleans} from '../../lib/cli/istioctl-flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {withoutTypeUrl} from '../../lib/envoy/proto-json.js'
import type {RouteConfiguration} from '../../lib/envoy/types.js'
import {structuredOutput} from '../../lib/render/formats.js'
import {routeCountTable, routeTable} from '../../lib/render/route-table.js'
import {AdminPath, openProxySource, readConfigDump} from '../../lib/source/proxy-source.js'
import {routeCountRows, routeRows, selectRouteConfigs} from '../../lib/summary/routes.js'

export default class ProxyConfigRoute extends BaseCommand<RouteConfiguration[]> {
  static override summary = "Show the route configurations (RDS) of a proxy's Envoy config"
  static override aliases = ['proxy-config:routes', 'proxy-config:r', 'pc:route', 'pc:routes', 'pc:r']
  static override examples = [
    '<%= config.bin %> proxy-config route -f productpage-config-dump.json',
    '<%= config.bin %> proxy-config route -f dump.json --name 9080 -o json',
    '<%= config.bin %> proxy-config route -f dump.json --verbose=false',
  ]

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    output: outputFlag(['short', 'json', 'yaml'], 'short'),
    name: Flags.string({description: 'Only the route configuration with this name (exact, e.g. 9080 or http.8080).'}),
    verbose: tableVerboseFlag,
  }

  async run(): Promise<RouteConfiguration[]> {
    const {args, flags} = await this.parse(ProxyConfigRoute, withGoBooleans(this.argv, ['verbose']))
    // --verbose is the table style here, so live-access notes stay off stderr as well
    const source = await openProxySource(locateProxy(args.pod, flags.file, 'proxy-config route', flags['admin-url']), {...flags, verbose: false})
    const dump = await readConfigDump(source, AdminPath.routes).finally(() => source.close())
    // --verbose is the table style here, so notes go only to the --json warnings
    for (const w of dump.warnings) this.note(w, false)
    const routes = selectRouteConfigs(dump, {name: flags.name})
    const out = routes.map(withoutTypeUrl)
    if (this.jsonEnabled()) return out
    if (flags.output !== 'short') writeStdout(structuredOutput(out, flags.output === 'yaml' ? 'yaml' : 'json'))
    else if (flags.verbose) writeStdout(routeTable(routeRows(routes)))
    else writeStdout(routeCountTable(routeCountRows(routes)))
    return out
  }
}
