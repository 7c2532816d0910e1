/**
 * The whole CLI as one bundle (scripts/build.mjs → dist/meshscope.cjs): @oclif/core and every command.
 * bin/run.js loads it with V8's code cache, which Node 20 has no switch for, so that start-up does not pay
 * for resolving and compiling ~250 modules (docs/performance.md). oclif finds the commands here through the
 * "explicit" strategy in package.json; a test keeps this list equal to the files in src/commands.
 */
import Capture from './commands/capture.js'
import Check from './commands/check.js'
import Diff from './commands/diff.js'
import EnvoyStats from './commands/envoy-stats.js'
import Help from './commands/help.js'
import PilotCds from './commands/pilot/cds.js'
import PilotDebug from './commands/pilot/debug.js'
import PilotLds from './commands/pilot/lds.js'
import PilotRds from './commands/pilot/rds.js'
import PilotSds from './commands/pilot/sds.js'
import ProxyConfigAll from './commands/proxy-config/all.js'
import ProxyConfigBootstrap from './commands/proxy-config/bootstrap.js'
import ProxyConfigCluster from './commands/proxy-config/cluster.js'
import ProxyConfigEcds from './commands/proxy-config/ecds.js'
import ProxyConfigEds from './commands/proxy-config/eds.js'
import ProxyConfigEndpoint from './commands/proxy-config/endpoint.js'
import ProxyConfigListener from './commands/proxy-config/listener.js'
import ProxyConfigLog from './commands/proxy-config/log.js'
import ProxyConfigRoute from './commands/proxy-config/route.js'
import ProxyConfigSecret from './commands/proxy-config/secret.js'
import ProxyStatus from './commands/proxy-status.js'
import RouteCheck from './commands/route-check.js'
import TraceRoute from './commands/trace-route.js'

export {execute} from '@oclif/core'

export const COMMANDS = {
  'capture': Capture,
  'check': Check,
  'diff': Diff,
  'envoy-stats': EnvoyStats,
  'help': Help,
  'pilot:cds': PilotCds,
  'pilot:debug': PilotDebug,
  'pilot:lds': PilotLds,
  'pilot:rds': PilotRds,
  'pilot:sds': PilotSds,
  'proxy-config:all': ProxyConfigAll,
  'proxy-config:bootstrap': ProxyConfigBootstrap,
  'proxy-config:cluster': ProxyConfigCluster,
  'proxy-config:ecds': ProxyConfigEcds,
  'proxy-config:eds': ProxyConfigEds,
  'proxy-config:endpoint': ProxyConfigEndpoint,
  'proxy-config:listener': ProxyConfigListener,
  'proxy-config:log': ProxyConfigLog,
  'proxy-config:route': ProxyConfigRoute,
  'proxy-config:secret': ProxyConfigSecret,
  'proxy-status': ProxyStatus,
  'route-check': RouteCheck,
  'trace-route': TraceRoute,
}
