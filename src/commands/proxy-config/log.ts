import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {MeshscopeError} from '../../lib/cli/errors.js'
import {ExitCode, type ExitCodeName} from '../../lib/cli/exit-codes.js'
import {podArg, proxyFlags} from '../../lib/cli/flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {type LogResult, loggingRequests, type PodLogResult, parseLoggers, type SelectedLogLevels, setLevels, setLevelsOnSelected} from '../../lib/fleet/log-levels.js'
import {openAdminSource} from '../../lib/source/pod-source.js'

export default class ProxyConfigLog extends BaseCommand<LogResult> {
  static override summary = "Show or set the log levels of a proxy's Envoy (POST /logging)"
  static override aliases = ['proxy-config:o', 'pc:log', 'pc:o']
  static override examples = [
    '<%= config.bin %> proxy-config log productpage-v1-7bbd79f8fd-k6j79.default',
    '<%= config.bin %> proxy-config log deployment/productpage-v1 --level http:debug,connection:info',
    '<%= config.bin %> proxy-config log productpage-v1-7bbd79f8fd-k6j79 --reset',
    '<%= config.bin %> proxy-config log -l app=productpage -n bookinfo --level warning',
  ]

  static override args = podArg
  static override flags = {
    ...proxyFlags,
    level: Flags.string({description: 'A level for every logger (trace, debug, info, warning, error, critical, off), or LOGGER:LEVEL,…'}),
    reset: Flags.boolean({char: 'r', description: 'Set every logger back to warning (Istio\'s default proxy log level).', exclusive: ['level']}),
    selector: Flags.string({
      char: 'l',
      description: 'Every running pod with a proxy matching this label selector (in -n NAMESPACE), instead of one pod.',
      helpValue: 'SELECTOR',
      helpGroup: 'POD',
    }),
  }

  async run(): Promise<LogResult> {
    const {args, flags} = await this.parse(ProxyConfigLog)
    const requests = loggingRequests(flags.reset ? 'warning' : flags.level)
    if (flags.selector !== undefined) {
      if (args.pod || flags.file || flags['admin-url'] || flags.bundle) {
        throw new MeshscopeError('USAGE', 'proxy-config log takes a pod name or -l SELECTOR, not both (and no --file, --admin-url or --bundle with -l)', [
          'meshscope proxy-config log POD[.NAMESPACE]',
          'meshscope proxy-config log -l app=productpage -n NAMESPACE',
        ])
      }
      return {pods: this.report(await setLevelsOnSelected(flags.selector, requests, flags), flags.verbose)}
    }
    const source = await openAdminSource(locateProxy(args.pod, flags.file, 'proxy-config log', flags['admin-url']), flags, 'proxy-config log')
    let text: string
    try {
      text = await setLevels(source, requests)
    } finally {
      await source.close()
    }
    if (!this.jsonEnabled()) process.stdout.write(text)
    return {loggers: parseLoggers(text)}
  }

  /**
   * Each pod's answer under `POD.NS:` in order (istioctl's form), failures on stderr; the exit status is a
   * failure's code only when every pod failed.
   */
  private report({results, skipped}: SelectedLogLevels, verbose: boolean | undefined): PodLogResult[] {
    for (const s of skipped) this.note(`skipped pod ${s.pod}: ${s.reason}`, verbose)
    const out: PodLogResult[] = []
    for (const {text, ...result} of results) {
      out.push(result)
      if (this.jsonEnabled()) continue
      if ('error' in result) process.stderr.write(`Error: ${result.pod}: ${result.error.message}\n`)
      else process.stdout.write(`${result.pod}:\n${text ?? ''}`)
    }
    const failed = out.filter((r) => 'error' in r)
    if (failed.length === out.length) {
      const first = failed[0] as {error: {code: string}}
      this.status = ExitCode[first.error.code as ExitCodeName] ?? ExitCode.INTERNAL
    } else if (failed.length > 0) {
      const message = `${failed.length} of ${out.length} pods failed (their levels are unchanged or unknown); the others were set`
      this.warnings.push(message)
      if (!this.jsonEnabled()) process.stderr.write(`note: ${message}\n`)
    }
    return out
  }
}
