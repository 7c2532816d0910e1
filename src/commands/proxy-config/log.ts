import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/cli/base-command.js'
import {MeshscopeError} from '../../lib/cli/errors.js'
import {ExitCode, type ExitCodeName} from '../../lib/cli/exit-codes.js'
import {podArg, proxyFlags} from '../../lib/cli/flags.js'
import {locateProxy} from '../../lib/cli/proxy-command.js'
import {kubeFleet} from '../../lib/fleet/kube-targets.js'
import {runFleet} from '../../lib/fleet/run.js'
import {parseTimeout} from '../../lib/kube/deadline.js'
import {type AdminSource, openAdminSource} from '../../lib/source/pod-source.js'
import type {ProxySource} from '../../lib/source/proxy-source.js'

const LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off']

/** One pod's answer under -l: its loggers, or why it could not be read or changed. */
export type PodLogResult = {pod: string; loggers: Record<string, string>} | {pod: string; error: {code: string; message: string}}

/** A pod (or --admin-url): its loggers; -l SELECTOR: one entry per matching pod, in namespace/name order. */
export type LogResult = {loggers: Record<string, string>} | {pods: PodLogResult[]}

/** Pods set at once under -l (each is a port-forward or exec stream). */
const CONCURRENCY = 16

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
      return {pods: await this.runSelected(flags.selector, requests, flags)}
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
   * The same requests to every selected pod; each answer printed under `POD.NS:` in order (istioctl's form). A pod
   * that fails is reported and skipped: the exit status is its code only when every pod failed.
   */
  private async runSelected(selector: string, requests: string[], flags: Parameters<typeof kubeFleet>[1] & {timeout: string}): Promise<PodLogResult[]> {
    const fleet = await kubeFleet([], {...flags, selector}, true)
    for (const s of fleet.skipped) this.note(`skipped pod ${s.pod}: ${s.reason}`, flags.verbose)
    if (fleet.targets.length === 0) {
      throw new MeshscopeError('POD_NOT_FOUND', `no running pod with a proxy matches ${selector} in namespace ${flags.namespace ?? fleet.api.ctx.namespace}`, [
        `Check the selection: kubectl get pods -n ${flags.namespace ?? fleet.api.ctx.namespace} -l ${selector}`,
        fleet.skipped.length > 0 ? `${fleet.skipped.length} pod(s) were left out (not running, or not in the mesh): run with -v to see them` : 'Pods need an istio-proxy container (or pass --container)',
      ])
    }
    // --timeout bounds each request; a pod gets one per request plus one to find and open it
    const perTargetMs = parseTimeout(flags.timeout) * (requests.length + 1)
    const texts = new Map<string, PodLogResult & {text?: string}>()
    for await (const o of runFleet(fleet.targets, {concurrency: CONCURRENCY, perTargetMs}, (source) => setLevels(adminSource(source), requests))) {
      texts.set(o.proxy, o.ok ? {pod: o.proxy, loggers: parseLoggers(o.value), text: o.value} : {pod: o.proxy, error: o.error})
    }
    const results: PodLogResult[] = []
    for (const {proxy} of fleet.targets) {
      const {text, ...result} = texts.get(proxy) ?? {pod: proxy, error: {code: 'INTERNAL', message: 'no outcome'}}
      results.push(result)
      if (this.jsonEnabled()) continue
      if ('error' in result) process.stderr.write(`Error: ${proxy}: ${result.error.message}\n`)
      else process.stdout.write(`${proxy}:\n${text ?? ''}`)
    }
    const failed = results.filter((r) => 'error' in r)
    if (failed.length === results.length) {
      const first = failed[0] as {error: {code: string}}
      this.status = ExitCode[first.error.code as ExitCodeName] ?? ExitCode.INTERNAL
    } else if (failed.length > 0) {
      const message = `${failed.length} of ${results.length} pods failed (their levels are unchanged or unknown); the others were set`
      this.warnings.push(message)
      if (!this.jsonEnabled()) process.stderr.write(`note: ${message}\n`)
    }
    return results
  }
}

/** Makes the requests in order; Envoy answers each with the full list, so the last answer is the result. */
async function setLevels(source: AdminSource, requests: readonly string[]): Promise<string> {
  let text = ''
  for (const path of requests) text = (await source.post(path)).text
  return text
}

/** kubeFleet opens pods as PodSource, which takes POSTs; the fleet types them as the read-only ProxySource. */
function adminSource(source: ProxySource): AdminSource {
  if (!('post' in source) || typeof source.post !== 'function') throw new MeshscopeError('INTERNAL', `${source.label} cannot take POST requests`, [])
  return source as AdminSource
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
