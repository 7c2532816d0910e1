/**
 * Turns measured groups into the results document (bench/results.json), a console table, and the figures
 * block of docs/performance.md (text outside the markers there is kept).
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import type {FleetRun} from './fleet.js'
import type {DumpManifest} from './generate-dump.js'
import {type Group, type Measured, pairedRatio, type Stats, stats} from './measure.js'

/** Start-up takes this many times `--runs` rounds: its runs are short, and its ratios sit near their limits. */
export const STARTUP_ROUNDS = 3

/** What `--only` selects; a section not run is carried over from the previous results. */
export const SECTIONS = ['startup', 'dumps', 'fleet'] as const
export type Section = (typeof SECTIONS)[number]

/** When a section was measured, and how loaded the machine was around it. */
export interface SectionInfo {
  at: string
  commit?: string
  /** measured rounds after the warm-up */
  rounds?: number
  loadavgStart: number[]
  loadavgEnd?: number[]
}

export interface Env {
  node: string
  cpus: number
  cpuModel: string
  memGiB: number
  loadavgStart: number[]
  loadavgEnd?: number[]
  commit?: string
  distBuiltAt?: string
}

export interface LargeRun {
  manifest: DumpManifest
  file: string
  group: Group
  skipped: {id: string; label: string; reason: string}[]
}

interface Row {
  id: string
  label: string
  wallMs: Stats
  rssMb?: Stats
  exit: string
  vs: Record<string, {wall?: Stats; rss?: Stats}>
  /** Raw per-round figures, for re-analysis */
  samples: {wallMs: number[]; rssKb: (number | null)[]}
}

export interface Target {
  target: string
  subject: string
  measured: string
  pass: boolean | null
}

export interface FleetResults {
  latencyMs: number
  concurrency: number
  sizes: {pods: number; idealMs: number; requestsPerPod: number; webSocketsPerPod?: number; harnessCpuMs: number; row: Row; vsIdeal: Stats}[]
  /** peak RSS of the largest fleet over the smallest, paired per round */
  rssGrowth?: {from: number; to: number; ratio: Stats}
}

export interface Results {
  generatedAt: string
  env: Env
  options: {runs: number; sizes: number[]; seed: number; fleetPods?: number[]; adminLatencyMs?: number; only?: Section[]}
  /** per section: when it was measured (sections not run by --only keep their earlier date) */
  measured?: Partial<Record<Section, SectionInfo>>
  startup?: {baseline: Row; commands: Row[]}
  fleet?: FleetResults
  large: {services: number; megabytes: number; manifest: DumpManifest; baselines: Row[]; commands: Row[]; skipped: LargeRun['skipped']}[]
  growth: {id: string; label: string; points: {services: number; megabytes: number; wallMs: number; rssMb?: number}[]; msPerMb: number[]; linear: boolean | null}[]
  targets: Target[]
}

const mb = (s: Stats | undefined): Stats | undefined =>
  s && {median: s.median / 1024, min: s.min / 1024, max: s.max / 1024, q1: s.q1 / 1024, q3: s.q3 / 1024}

function row(m: Measured, baselines: Measured[]): Row {
  const vs: Row['vs'] = {}
  for (const b of baselines) vs[b.cmd.id] = {wall: pairedRatio(m, b, 'wall'), rss: pairedRatio(m, b, 'rss')}
  const samples = {wallMs: m.samples.map((s) => Math.round(s.wallMs * 10) / 10), rssKb: m.samples.map((s) => s.rssKb ?? null)}
  return {id: m.cmd.id, label: m.cmd.label, wallMs: m.wall, rssMb: mb(m.rss), exit: m.failure ?? '0', vs, samples}
}

/** Growth is at most linear when an added megabyte costs at 5k→10k at most 1.3× what it cost at 1k→5k (less is fine: start-up is paid once). */
function growth(large: Results['large']): Results['growth'] {
  if (large.length === 0) return []
  return large[0].commands.map((c) => {
    const points = large
      .map((l) => ({l, r: l.commands.find((x) => x.id === c.id)}))
      .filter((p): p is {l: Results['large'][number]; r: Row} => p.r !== undefined)
      .map(({l, r}) => ({services: l.services, megabytes: l.megabytes, wallMs: r.wallMs.median, rssMb: r.rssMb?.median}))
    const msPerMb: number[] = []
    for (let i = 1; i < points.length; i++) msPerMb.push((points[i].wallMs - points[i - 1].wallMs) / (points[i].megabytes - points[i - 1].megabytes))
    const linear = msPerMb.length >= 2 ? msPerMb[msPerMb.length - 1] <= msPerMb[0] * 1.3 : null
    return {id: c.id, label: c.label, points, msPerMb, linear}
  })
}

const x = (s: Stats | undefined) => (s ? `${s.median.toFixed(2)}×` : 'n/a')

function targets(r: Omit<Results, 'targets'>): Target[] {
  const out: Target[] = []
  for (const c of r.startup?.commands ?? []) {
    if (c.id === 'version') continue
    const ratio = c.vs['node-e-0']?.wall
    // a live command also loads client-node and talks to the API server: the issue allows it 4×
    const limit = c.id === 'cluster-live' ? 4 : 2.2
    out.push({target: `start-up ≤ ${limit}× node -e 0`, subject: c.label, measured: x(ratio), pass: ratio ? ratio.median <= limit : null})
  }
  for (const l of r.large) {
    for (const c of l.commands) {
      const subject = `${c.label} @ ${l.services} services`
      const wall = c.vs.parse?.wall
      const rss = c.vs.parse?.rss
      const jq = c.vs.jq?.wall
      out.push({target: 'large dump wall ≤ 1.3× JSON.parse', subject, measured: x(wall), pass: wall ? wall.median <= 1.3 : null})
      out.push({target: 'large dump peak RSS ≤ 1.5× JSON.parse', subject, measured: x(rss), pass: rss ? rss.median <= 1.5 : null})
      out.push({target: 'faster than jq', subject, measured: x(jq), pass: jq ? jq.median < 1 : null})
    }
  }
  for (const f of r.fleet?.sizes ?? []) {
    out.push({target: 'fleet wall ≤ 1.5× ideal', subject: `check over ${f.pods} pods`, measured: x(f.vsIdeal), pass: f.vsIdeal.median <= 1.5})
  }
  const g = r.fleet?.rssGrowth
  if (g) out.push({target: 'fleet peak RSS ≤ 1.5× from the smallest fleet', subject: `check over ${g.to} pods vs ${g.from}`, measured: x(g.ratio), pass: g.ratio.median <= 1.5})
  for (const g of r.growth) {
    out.push({
      target: 'linear growth (ms per added MB, 5k→10k at most 1.3× 1k→5k)',
      subject: g.label,
      measured: g.msPerMb.map((v) => v.toFixed(1)).join(' → ') || 'n/a',
      pass: g.linear,
    })
  }
  return out
}

function fleetResults(f: FleetRun): FleetResults {
  const sizes = f.sizes.map((size, i) => {
    const m = f.group.commands[i]
    return {...size, row: row(m, []), vsIdeal: stats(m.samples.map((s) => s.wallMs / size.idealMs))}
  })
  const [small, big] = [f.group.commands[0], f.group.commands[f.group.commands.length - 1]]
  const ratio = small !== big ? pairedRatio(big, small, 'rss') : undefined
  return {latencyMs: f.latencyMs, concurrency: f.concurrency, sizes, rssGrowth: ratio && {from: f.sizes[0].pods, to: f.sizes[f.sizes.length - 1].pods, ratio}}
}

/** The previous bench/results.json, whose sections a partial run (--only) keeps. */
export function previousResults(path: string): Results | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Results
  } catch {
    return undefined
  }
}

export function buildResults(input: {
  env: Env
  options: Results['options']
  /** the sections measured in this run */
  measured: Partial<Record<Section, Omit<SectionInfo, 'commit'>>>
  startup?: Group
  large: LargeRun[]
  fleet?: FleetRun
  previous?: Results
}): Results {
  const prev = input.previous
  const measured: Partial<Record<Section, SectionInfo>> = {}
  for (const s of SECTIONS) {
    const now = input.measured[s]
    if (now) measured[s] = {...now, commit: input.env.commit}
    else if (prev) measured[s] = prev.measured?.[s] ?? {at: prev.generatedAt, commit: prev.env.commit, loadavgStart: prev.env.loadavgStart, loadavgEnd: prev.env.loadavgEnd}
  }
  const startup = input.startup
  const partial = {
    generatedAt: new Date().toISOString(),
    env: input.env,
    options: input.options,
    measured,
    startup: startup ? {baseline: row(startup.baselines[0], []), commands: startup.commands.map((c) => row(c, startup.baselines))} : prev?.startup,
    fleet: input.fleet ? fleetResults(input.fleet) : prev?.fleet,
    large: !input.measured.dumps ? (prev?.large ?? []) : input.large.map((l) => ({
      services: l.manifest.services,
      megabytes: l.manifest.bytes / 2 ** 20,
      manifest: l.manifest,
      baselines: l.group.baselines.map((b) => row(b, [])),
      commands: l.group.commands.map((c) => row(c, l.group.baselines)),
      skipped: l.skipped,
    })),
    growth: [] as Results['growth'],
  }
  partial.growth = growth(partial.large)
  return {...partial, targets: targets(partial)}
}

// ---- text ----------------------------------------------------------------------------------------

const ms = (s: Stats) => `${s.median.toFixed(0)} ms`
const spread = (s: Stats) => `${s.min.toFixed(0)}–${s.max.toFixed(0)}`
const rssCell = (s: Stats | undefined) => (s ? `${s.median.toFixed(0)} MB` : 'n/a')

function tableRows(rows: Row[], baseIds: string[]): string[][] {
  return rows.map((r) => [
    r.label,
    ms(r.wallMs),
    spread(r.wallMs),
    rssCell(r.rssMb),
    ...baseIds.flatMap((b) => [x(r.vs[b]?.wall), x(r.vs[b]?.rss)]),
    r.exit === '0' ? '' : r.exit.slice(0, 60),
  ])
}

function markdownTable(head: string[], rows: string[][]): string {
  const esc = (c: string) => c.replaceAll('|', '\\|')
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n')
}

function consoleTable(head: string[], rows: string[][]): string {
  const all = [head, ...rows]
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  return all.map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd()).join('\n')
}

function sections(r: Results, table: (head: string[], rows: string[][]) => string, heading: (s: string) => string): string {
  const out: string[] = []
  const startHead = ['command', 'median', 'min–max', 'peak RSS', '× node -e 0 (wall)', '× node -e 0 (RSS)', 'exit']
  if (r.startup) out.push(heading('Start-up'), table(startHead, tableRows([r.startup.baseline, ...r.startup.commands], ['node-e-0'])))
  for (const l of r.large) {
    out.push(heading(`Large dump: ${l.services.toLocaleString('en')} services, ${l.megabytes.toFixed(1)} MB (${l.manifest.clusters} clusters, ${l.manifest.endpoints} endpoints, ${l.manifest.virtualHosts} vhosts)`))
    const head = ['command', 'median', 'min–max', 'peak RSS', '× JSON.parse (wall)', '× JSON.parse (RSS)', '× jq (wall)', '× jq (RSS)', 'exit']
    out.push(table(head, tableRows([...l.baselines, ...l.commands], ['parse', 'jq'])))
    if (l.skipped.length > 0) out.push(l.skipped.map((s) => `${s.label}: skipped: ${s.reason}`).join('\n'))
  }
  if (r.growth.length > 0 && r.large.length > 1) {
    out.push(heading('Growth (median wall / peak RSS per size; ms per added MB between sizes)'))
    const head = ['command', ...r.large.map((l) => `${l.services} svc (${l.megabytes.toFixed(0)} MB)`), 'ms per added MB', 'linear']
    const rows = r.growth.map((g) => [
      g.label,
      ...r.large.map((l) => {
        const p = g.points.find((q) => q.services === l.services)
        return p ? `${p.wallMs.toFixed(0)} ms / ${p.rssMb?.toFixed(0) ?? '?'} MB` : 'n/a'
      }),
      g.msPerMb.map((v) => v.toFixed(1)).join(' → '),
      g.linear === null ? 'n/a' : g.linear ? 'yes' : 'NO',
    ])
    out.push(table(head, rows))
  }
  if (r.fleet) {
    const f = r.fleet
    const perPod = [...new Set(f.sizes.map((s) => s.requestsPerPod))].join('/')
    const sockets = [...new Set(f.sizes.map((s) => s.webSocketsPerPod))]
    const over = sockets.every((n) => n !== undefined) ? ` over ${sockets.join('/')} port-forward WebSocket${sockets.join('/') === '1' ? '' : 's'}` : ''
    out.push(heading(`Fleet: check over harness pods, ${f.latencyMs} ms port-forward latency, concurrency ${f.concurrency} (default), ${perPod} admin requests per pod, sent together${over}`))
    const head = ['pods', 'ideal', 'median', 'min–max', '× ideal (wall)', 'peak RSS', 'harness CPU per run', 'exit']
    const rows = f.sizes.map((s) => [
      String(s.pods),
      `${s.idealMs.toFixed(0)} ms`,
      ms(s.row.wallMs),
      spread(s.row.wallMs),
      `${x(s.vsIdeal)} (${s.vsIdeal.min.toFixed(2)}–${s.vsIdeal.max.toFixed(2)})`,
      rssCell(s.row.rssMb),
      `${s.harnessCpuMs.toFixed(0)} ms`,
      s.row.exit === '0' ? '' : s.row.exit.slice(0, 60),
    ])
    out.push(table(head, rows))
    out.push(
      `Ideal = ceil(pods / ${f.concurrency}) × ${f.latencyMs} ms (the issue's pods / concurrency × latency, in whole turns of the pool): check sends a pod's ${perPod} admin requests at once, so each pod holds a slot for one latency.` +
        (f.rssGrowth ? ` Peak RSS at ${f.rssGrowth.to} pods / at ${f.rssGrowth.from} pods: ${x(f.rssGrowth.ratio)} (paired per round).` : ''),
    )
  }
  out.push(heading('Targets (issue 7)'))
  out.push(table(['target', 'subject', 'measured', 'met'], r.targets.map((t) => [t.target, t.subject, t.measured, t.pass === null ? 'n/a' : t.pass ? 'yes' : 'NO'])))
  return out.join('\n\n')
}

export function consoleReport(r: Results): string {
  return sections(r, consoleTable, (s) => `== ${s}`)
}

const BEGIN = '<!-- bench:begin (written by npm run bench; edit outside these markers) -->'
const END = '<!-- bench:end -->'

const load = (l: number[] | undefined) => (l ? l.map((v) => v.toFixed(2)).join(' ') : '?')

/** One line per section: when it was measured and the load average (1, 5, 15 min) around it. */
function provenance(r: Results): string[] {
  const names: Record<Section, string> = {startup: 'Start-up', dumps: 'Large dumps', fleet: 'Fleet'}
  return SECTIONS.filter((s) => r.measured?.[s]).map((s) => {
    const m = r.measured?.[s] as SectionInfo
    const rounds = m.rounds === undefined ? '' : `, ${m.rounds} rounds`
    return `- ${names[s]}: measured ${m.at}${m.commit ? ` (commit ${m.commit.slice(0, 12)})` : ''}${rounds}, load average ${load(m.loadavgStart)} at start, ${load(m.loadavgEnd)} at end.`
  })
}

/** Replaces the figures block of docs/performance.md, keeping everything around it. */
export function writePerformanceDoc(path: string, r: Results): void {
  const e = r.env
  const figures = [
    BEGIN,
    `Measured ${r.generatedAt} on ${e.cpus} × ${e.cpuModel}, ${e.memGiB} GiB, Node ${e.node}` +
      `${e.commit ? `, commit ${e.commit.slice(0, 12)}` : ''}${e.distBuiltAt ? `, dist/ built ${e.distBuiltAt}` : ''}. ` +
      `One warm-up per command, then the rounds given below (start-up takes ${STARTUP_ROUNDS}× \`--runs\`), seed ${r.options.seed}. Ratios are medians of per-round ratios (each command paired with its baseline in the same round).`,
    '',
    ...provenance(r),
    '',
    sections(r, markdownTable, (s) => `### ${s}`),
    END,
  ].join('\n')
  const current = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const i = current.indexOf(BEGIN)
  const j = current.indexOf(END)
  const next = i >= 0 && j > i ? current.slice(0, i) + figures + current.slice(j + END.length) : `${current}${current ? '\n' : ''}${figures}\n`
  writeFileSync(path, next)
}
