/**
 * The fleet benchmark's cluster, in its own process so it never shares a CPU's event loop with the measured
 * CLI (the bench blocks in spawnSync while the CLI runs):
 *
 *   node --import tsx bench/fleet-server.ts --pods 1000 --admin-latency-ms 50
 *
 * Starts the test harness's fake Kubernetes API on 127.0.0.1 with `--pods` healthy fake pods (label
 * fleet=yes, over two namespaces, plus the harness's pod without a sidecar and its pending pod, which check
 * leaves out). Every admin request waits `--admin-latency-ms` before its port-forward stream opens: meshscope
 * opens one stream per admin request, so that is the latency of each request. Prints one JSON line
 * ({kubeconfig, pods, latencyMs}) when ready; then answers each `stats` line on stdin with a JSON line of
 * counters since the previous `stats` and exits when stdin closes.
 */
import {createInterface} from 'node:readline'
import {startFleet} from '../test/harness/fleet.js'

export interface FleetServerReady {
  kubeconfig: string
  pods: number
  latencyMs: number
  /** NAME.NAMESPACE of a healthy pod */
  firstPod: string
}

export interface FleetServerStats {
  /** admin requests to fake pods: port-forward stream pairs (one per request, several may share a WebSocket) */
  adminRequests: number
  /** port-forward WebSockets opened */
  webSockets: number
  /** plain API requests (discovery, pod list, istiod lookup) */
  apiRequests: number
  /** CPU time the harness process used, ms */
  cpuMs: number
}

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name)
  const v = i >= 0 ? Number(argv[i + 1]) : fallback
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} takes a non-negative integer`)
  return v
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const pods = option(argv, '--pods', 100)
  const latencyMs = option(argv, '--admin-latency-ms', 50)
  const fleet = await startFleet({healthy: pods, slow: 0, 'broken-routes': 0, 'broken-states': 0, 'old-root': 0, unreachable: 0, stuck: 0})
  for (const pod of fleet.api.pods) if (pod.admin) pod.delayMs = latencyMs
  const first = fleet.api.pods.find((p) => p.admin && p.labels?.kind === 'healthy')
  const ready: FleetServerReady = {kubeconfig: fleet.kubeconfig, pods, latencyMs, firstPod: `${first?.name}.${first?.namespace}`}
  process.stdout.write(`${JSON.stringify(ready)}\n`)
  let cpu = process.cpuUsage()
  const lines = createInterface({input: process.stdin})
  lines.on('line', (line) => {
    if (line.trim() !== 'stats') return
    const log = fleet.api.log.splice(0)
    const used = process.cpuUsage(cpu)
    cpu = process.cpuUsage()
    const upgrades = log.filter((l) => /^UPGRADE .*\/portforward/.test(l))
    // each entry of ?ports= (repeated or comma-separated) is a stream pair, and so one admin request
    const adminRequests = upgrades.reduce((n, l) => n + new URL(l.split(' ')[2], 'http://x').searchParams.getAll('ports').flatMap((p) => p.split(',')).length, 0)
    const stats: FleetServerStats = {adminRequests, webSockets: upgrades.length, apiRequests: log.length - upgrades.length, cpuMs: (used.user + used.system) / 1000}
    process.stdout.write(`${JSON.stringify(stats)}\n`)
  })
  lines.on('close', () => void fleet.close().then(() => process.exit(0)))
}

main().catch((err: unknown) => {
  process.stderr.write(`fleet-server: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
