/**
 * Envoy's log levels (POST /logging), as `proxy-config log` sets them: on one proxy, or on every pod a
 * selector names, each pod isolated from the others' failures.
 */
import {MeshscopeError} from '../cli/errors.js'
import {parseTimeout} from '../kube/deadline.js'
import type {AdminSource} from '../source/pod-source.js'
import type {ProxySource} from '../source/proxy-source.js'
import {type KubeFleetOptions, kubeFleet} from './kube-targets.js'
import {runFleet} from './run.js'

const LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off']

/** One pod's answer under -l: its loggers, or why it could not be read or changed. */
export type PodLogResult = {pod: string; loggers: Record<string, string>} | {pod: string; error: {code: string; message: string}}

/** A pod (or --admin-url): its loggers; -l SELECTOR: one entry per matching pod, in namespace/name order. */
export type LogResult = {loggers: Record<string, string>} | {pods: PodLogResult[]}

/** Pods set at once under -l (each is a port-forward or exec stream). */
const CONCURRENCY = 16

/** What a selector run found: each pod's result in namespace/name order (with Envoy's answer text), and the pods left out. */
export interface SelectedLogLevels {
  results: (PodLogResult & {text?: string})[]
  skipped: {pod: string; reason: string}[]
}

/** The same requests to every running pod with a proxy that `selector` names; a pod that fails is reported, not fatal. */
export async function setLevelsOnSelected(selector: string, requests: string[], options: KubeFleetOptions & {timeout: string}): Promise<SelectedLogLevels> {
  const fleet = await kubeFleet([], {...options, selector}, true)
  if (fleet.targets.length === 0) {
    const ns = options.namespace ?? fleet.api.ctx.namespace
    throw new MeshscopeError('POD_NOT_FOUND', `no running pod with a proxy matches ${selector} in namespace ${ns}`, [
      `Check the selection: kubectl get pods -n ${ns} -l ${selector}`,
      fleet.skipped.length > 0 ? `${fleet.skipped.length} pod(s) were left out (not running, or not in the mesh): run with -v to see them` : 'Pods need an istio-proxy container (or pass --container)',
    ])
  }
  // --timeout bounds each request; a pod gets one per request plus one to find and open it
  const perTargetMs = parseTimeout(options.timeout) * (requests.length + 1)
  const byProxy = new Map<string, PodLogResult & {text?: string}>()
  for await (const o of runFleet(fleet.targets, {concurrency: CONCURRENCY, perTargetMs}, (source) => setLevels(adminSource(source), requests))) {
    byProxy.set(o.proxy, o.ok ? {pod: o.proxy, loggers: parseLoggers(o.value), text: o.value} : {pod: o.proxy, error: o.error})
  }
  const results = fleet.targets.map(({proxy}) => byProxy.get(proxy) ?? {pod: proxy, error: {code: 'INTERNAL', message: 'no outcome'}})
  return {results, skipped: fleet.skipped}
}

/** Makes the requests in order; Envoy answers each with the full list, so the last answer is the result. */
export async function setLevels(source: AdminSource, requests: readonly string[]): Promise<string> {
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
export function parseLoggers(text: string): Record<string, string> {
  const loggers: Record<string, string> = {}
  for (const m of text.matchAll(/^\s+([\w.]+): (\w+)\s*$/gm)) loggers[m[1]] = m[2]
  return loggers
}
