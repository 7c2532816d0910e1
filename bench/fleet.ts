/**
 * The fleet benchmark: `check` over N harness pods whose admin API answers after a fixed latency, at check's
 * default concurrency, against the ideal time. The harness runs in its own process (bench/fleet-server.ts).
 */
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {createInterface, type Interface} from 'node:readline'
import type {FleetServerReady, FleetServerStats} from './fleet-server.js'
import {type Cmd, type Group, measureGroup, runOnce} from './measure.js'

export interface FleetSize {
  pods: number
  /** ceil(pods / concurrency) × latencyMs: check asks a pod everything at once, one latency per pod */
  idealMs: number
  /** admin requests the harness saw per pod in the probe run */
  requestsPerPod: number
  /** port-forward WebSockets per pod in the probe run (absent in results from before they were counted) */
  webSocketsPerPod?: number
  /** CPU the harness process used per measured run, ms */
  harnessCpuMs: number
}

export interface FleetRun {
  latencyMs: number
  concurrency: number
  sizes: FleetSize[]
  group: Group
}

/** A running bench/fleet-server.ts. */
export class FleetServer {
  private readonly replies: string[] = []
  private waiting?: (line: string) => void

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    lines: Interface,
  ) {
    lines.on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting
        this.waiting = undefined
        w(line)
      } else this.replies.push(line)
    })
  }

  static async start(root: string, pods: number, latencyMs: number): Promise<{server: FleetServer; ready: FleetServerReady}> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'fleet-server.ts'), '--pods', String(pods), '--admin-latency-ms', String(latencyMs)], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8')
    })
    const server = new FleetServer(child, createInterface({input: child.stdout}))
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`fleet-server exited (${code}): ${stderr.trim()}`))))
    const ready = JSON.parse(await Promise.race([server.next(), exited])) as FleetServerReady
    return {server, ready}
  }

  private next(): Promise<string> {
    const line = this.replies.shift()
    if (line !== undefined) return Promise.resolve(line)
    return new Promise((resolve) => {
      this.waiting = resolve
    })
  }

  /** Counters since the previous call. */
  async stats(): Promise<FleetServerStats> {
    this.child.stdin.write('stats\n')
    return JSON.parse(await this.next()) as FleetServerStats
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.stdin.end()
    await exited
  }
}

/** check's default --concurrency, read from the built CLI's manifest so the ideal follows the code. */
export function defaultConcurrency(root: string): number {
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
  const value = manifest.commands?.check?.flags?.concurrency?.default
  if (typeof value !== 'number') throw new Error('oclif.manifest.json has no default for check --concurrency: rebuild (npm run build)')
  return value
}

export async function measureFleet(opts: {
  root: string
  cli: (...args: string[]) => string[]
  podCounts: number[]
  latencyMs: number
  runs: number
  timeBin?: string
  log: (s: string) => void
}): Promise<FleetRun> {
  const concurrency = defaultConcurrency(opts.root)
  const servers: {pods: number; server: FleetServer; cmd: Cmd}[] = []
  try {
    for (const pods of opts.podCounts) {
      opts.log(`  fleet: starting ${pods} harness pods (${opts.latencyMs} ms admin latency)`)
      const {server, ready} = await FleetServer.start(opts.root, pods, opts.latencyMs)
      const cmd = {id: `check-${pods}`, label: `check -A -l fleet=yes (${pods} pods)`, argv: opts.cli('check', '-A', '-l', 'fleet=yes', '--kubeconfig', ready.kubeconfig)}
      servers.push({pods, server, cmd})
    }
    // one probe run per size: it must check every pod, and tells how many admin requests a pod costs
    const probed = new Map<number, {requests: number; webSockets: number}>()
    for (const s of servers) {
      const probe = runOnce(s.cmd.argv, opts.timeBin, opts.root)
      if (probe.code !== 0) throw new Error(`${s.cmd.label} exited ${probe.code}: ${probe.stderr.trim().split('\n')[0] ?? ''}`)
      const stats = await s.server.stats()
      probed.set(s.pods, {requests: stats.adminRequests / s.pods, webSockets: stats.webSockets / s.pods})
    }
    const group = measureGroup(
      `fleet (${opts.latencyMs} ms admin latency, concurrency ${concurrency})`,
      [],
      servers.map((s) => s.cmd),
      {runs: opts.runs, timeBin: opts.timeBin, cwd: opts.root, log: opts.log},
    )
    const sizes: FleetSize[] = []
    for (const s of servers) {
      const perPod = probed.get(s.pods) ?? {requests: 0, webSockets: 0}
      const cpu = (await s.server.stats()).cpuMs / (opts.runs + 1)
      sizes.push({pods: s.pods, idealMs: Math.ceil(s.pods / concurrency) * opts.latencyMs, requestsPerPod: perPod.requests, webSocketsPerPod: perPod.webSockets, harnessCpuMs: cpu})
    }
    return {latencyMs: opts.latencyMs, concurrency, sizes, group}
  } finally {
    for (const s of servers) await s.server.close()
  }
}
