/**
 * Whole-process measurements: wall time from spawn to exit, peak RSS from GNU time, commands interleaved
 * with their baselines round by round so machine noise hits both alike.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export interface Cmd {
  id: string
  label: string
  argv: string[]
  /** exit codes that are answers, not failures (default: 0 only) */
  okCodes?: number[]
}

export interface Sample {
  wallMs: number
  /** Peak resident set size in KiB, when GNU time is available */
  rssKb?: number
  code: number | null
}

export interface Stats {
  median: number
  min: number
  max: number
  q1: number
  q3: number
}

export interface Measured {
  cmd: Cmd
  samples: Sample[]
  wall: Stats
  rss?: Stats
  /** First stderr line of a failing run, to say why */
  failure?: string
}

export interface Group {
  name: string
  baselines: Measured[]
  commands: Measured[]
}

/** A run that takes longer is killed and reported as failed (a hung command must not hang the bench). */
const RUN_TIMEOUT_MS = 300_000

/** Runs `argv` once, output discarded; `timeBin` is GNU time (`/usr/bin/time`) or undefined. */
export function runOnce(argv: string[], timeBin: string | undefined, cwd: string): Sample & {stderr: string} {
  const dir = timeBin ? mkdtempSync(join(tmpdir(), 'meshscope-bench-time-')) : undefined
  const out = dir ? join(dir, 'time.txt') : ''
  const full = timeBin ? [timeBin, '-v', '-o', out, ...argv] : argv
  const start = process.hrtime.bigint()
  const res = spawnSync(full[0], full.slice(1), {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 << 20,
    timeout: RUN_TIMEOUT_MS,
    env: {...process.env, NO_COLOR: '1'},
  })
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6
  let rssKb: number | undefined
  if (dir) {
    if (existsSync(out)) {
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(out, 'utf8'))
      if (m) rssKb = Number(m[1])
    }
    rmSync(dir, {recursive: true, force: true})
  }
  const stderr = res.error ? String(res.error) : (res.stderr?.toString('utf8') ?? '')
  return {wallMs, rssKb, code: res.status, stderr}
}

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b)
  const q = (p: number) => {
    const i = (s.length - 1) * p
    const lo = Math.floor(i)
    return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo)
  }
  return {median: q(0.5), min: s[0], max: s[s.length - 1], q1: q(0.25), q3: q(0.75)}
}

/** A command group: commands, each paired with the group's baselines round by round. */
export interface GroupSpec {
  name: string
  baselines: Cmd[]
  commands: Cmd[]
}

type MeasureOptions = {runs: number; timeBin?: string; cwd: string; log: (s: string) => void}

/**
 * One warm-up of every member, then `runs` rounds; each round runs every command and every baseline once,
 * in an order rotated per round, so drift and noise are shared.
 */
export function measureGroup(name: string, baselines: Cmd[], commands: Cmd[], opts: MeasureOptions): Group {
  return measureGroups([{name, baselines, commands}], opts)[0]
}

/**
 * Several groups measured in the same rounds (the dump sizes): every round runs every member of every group,
 * so a slow spell of the machine falls on all sizes alike, and times compare across sizes (growth) as well
 * as within a group (ratios to the baselines).
 */
export function measureGroups(specs: GroupSpec[], opts: MeasureOptions): Group[] {
  const members = specs.flatMap((g, gi) => [...g.baselines, ...g.commands].map((cmd) => ({key: `${gi}\u0000${cmd.id}`, cmd})))
  const samples = new Map<string, Sample[]>(members.map((m) => [m.key, []]))
  const failures = new Map<string, string>()
  const label = specs.map((g) => g.name).join(', ')
  for (let round = -1; round < opts.runs; round++) {
    const shift = Math.max(round, 0) % members.length
    const order = [...members.slice(shift), ...members.slice(0, shift)]
    for (const {key, cmd} of order) {
      const s = runOnce(cmd.argv, opts.timeBin, opts.cwd)
      if (!(cmd.okCodes ?? [0]).includes(s.code ?? -1) && !failures.has(key)) failures.set(key, `exit ${s.code}: ${s.stderr.trim().split('\n')[0] ?? ''}`)
      if (round >= 0) samples.get(key)?.push({wallMs: s.wallMs, rssKb: s.rssKb, code: s.code})
    }
    opts.log(round < 0 ? `  ${label}: warm-up done` : `  ${label}: round ${round + 1}/${opts.runs}`)
  }
  const measured = (gi: number, cmd: Cmd): Measured => {
    const key = `${gi}\u0000${cmd.id}`
    const xs = samples.get(key) ?? []
    const rss = xs.map((x) => x.rssKb).filter((x): x is number => x !== undefined)
    return {
      cmd,
      samples: xs,
      wall: stats(xs.map((x) => x.wallMs)),
      rss: rss.length === xs.length && rss.length > 0 ? stats(rss) : undefined,
      failure: failures.get(key),
    }
  }
  return specs.map((g, gi) => ({name: g.name, baselines: g.baselines.map((c) => measured(gi, c)), commands: g.commands.map((c) => measured(gi, c))}))
}

/** Per-round ratios command/baseline (the pairing), summarised. */
export function pairedRatio(cmd: Measured, base: Measured, metric: 'wall' | 'rss'): Stats | undefined {
  const pick = (s: Sample) => (metric === 'wall' ? s.wallMs : s.rssKb)
  const ratios: number[] = []
  for (let i = 0; i < Math.min(cmd.samples.length, base.samples.length); i++) {
    const a = pick(cmd.samples[i])
    const b = pick(base.samples[i])
    if (a !== undefined && b !== undefined && b > 0) ratios.push(a / b)
  }
  return ratios.length > 0 ? stats(ratios) : undefined
}
