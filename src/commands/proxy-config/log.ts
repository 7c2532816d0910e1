import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {MeshscopeError} from '../../lib/cli/errors.js'
import {podArg, proxyFlags} from '../../lib/cli/flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {openAdminSource} from '../../lib/source/pod-source.js'

const LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off']

export interface LogResult {
  loggers: Record<string, string>
}

export default class ProxyConfigLog extends BaseCommand<LogResult> {
  static override summary = "Show or set the log levels of a proxy's Envoy (POST /logging)"
  static override aliases = ['proxy-config:o', 'pc:log', 'pc:o']
  static override examples = [
    '<%= config.bin %> proxy-config log productpage-v1-7bbd79f8fd-k6j79.default',
    '<%= config.bin %> proxy-config log deployment/productpage-v1 --level http:debug,connection:info',
    '<%= config.bin %> proxy-config log productpage-v1-7bbd79f8fd-k6j79 --reset',
  ]

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    level: Flags.string({description: 'A level for every logger (trace, debug, info, warning, error, critical, off), or LOGGER:LEVEL,…'}),
    reset: Flags.boolean({char: 'r', description: 'Set every logger back to warning (Istio\'s default proxy log level).', exclusive: ['level']}),
  }

  async run(): Promise<LogResult> {
    const {args, flags} = await this.parse(ProxyConfigLog)
    const requests = loggingRequests(flags.reset ? 'warning' : flags.level)
    const source = await openAdminSource(locateProxy(args.pod, flags.file, 'proxy-config log', flags['admin-url']), flags, 'proxy-config log')
    let text = ''
    try {
      for (const path of requests) text = (await source.post(path)).text
    } finally {
      await source.close()
    }
    if (!this.jsonEnabled()) process.stdout.write(text)
    return {loggers: parseLoggers(text)}
  }
}

/** `--level` → the POST /logging requests istioctl makes: `level=L` for all, or one `LOGGER=L` per pair. */
export function loggingRequests(level: string | undefined): string[] {
  if (level === undefined) return ['logging']
  const norm = (l: string) => {
    const v = l.trim().toLowerCase() === 'warn' ? 'warning' : l.trim().toLowerCase()
    if (!LEVELS.includes(v)) throw new MeshscopeError('USAGE', `unrecognized logging level: ${l}`, [`Use one of: ${LEVELS.join(', ')}`])
    return v
  }
  if (!level.includes(':')) return [`logging?level=${norm(level)}`]
  return level.split(',').map((pair) => {
    const [logger, l] = pair.split(':')
    if (!logger || l === undefined) throw new MeshscopeError('USAGE', `--level ${pair} is not LOGGER:LEVEL`, ['e.g. --level http:debug,connection:info'])
    return `logging?${encodeURIComponent(logger.trim())}=${norm(l)}`
  })
}

/** Envoy's "active loggers:" answer as a map. */
function parseLoggers(text: string): Record<string, string> {
  const loggers: Record<string, string> = {}
  for (const m of text.matchAll(/^\s+([\w.]+): (\w+)\s*$/gm)) loggers[m[1]] = m[2]
  return loggers
}
