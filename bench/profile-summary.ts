/**
 * Where the time goes in a V8 CPU profile: self time by function (file:function) and by module, as shares
 * of the whole run.
 *
 *   node --cpu-prof --cpu-prof-dir=.bench-data/prof bin/run.js proxy-config cluster -f DUMP > /dev/null
 *   node --import tsx bench/profile-summary.ts .bench-data/prof/*.cpuprofile [--top 15]
 */
import {readFileSync} from 'node:fs'
import {relative} from 'node:path'
import {pathToFileURL} from 'node:url'

interface ProfileNode {
  id: number
  callFrame: {functionName: string; url: string; lineNumber: number}
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

export interface Share {
  key: string
  ms: number
  share: number
}

/** Groups a script URL: a package under node_modules, a file of ours, or a V8/Node internal bucket. */
function moduleOf(url: string, root: string): string {
  if (!url) return '(native / GC / idle)'
  if (url.startsWith('node:')) return url
  const path = url.startsWith('file://') ? new URL(url).pathname : url
  const nm = path.lastIndexOf('/node_modules/')
  if (nm >= 0) {
    const rest = path.slice(nm + 14).split('/')
    return `npm:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`
  }
  return relative(root, path)
}

export function summarize(profile: Profile, root: string): {totalMs: number; byFunction: Share[]; byModule: Share[]; inclusive: Share[]} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  }
  const totalUs = profile.endTime - profile.startTime
  const fn = new Map<string, number>()
  const mod = new Map<string, number>()
  const keyOf = (n: ProfileNode) => {
    const f = n.callFrame
    const name = f.functionName || (f.url ? '(anonymous)' : '(program)')
    return f.url ? `${moduleOf(f.url, root)}:${name}:${f.lineNumber + 1}` : name
  }
  for (const [id, us] of self) {
    const n = byId.get(id) as ProfileNode
    fn.set(keyOf(n), (fn.get(keyOf(n)) ?? 0) + us)
    const m = moduleOf(n.callFrame.url, root)
    mod.set(m, (mod.get(m) ?? 0) + us)
  }
  // inclusive time of our own functions (dist/, bin/): subtree totals, counted once per stack (recursion)
  const total = new Map<number, number>()
  const subtree = (n: ProfileNode): number => {
    let t = self.get(n.id) ?? 0
    for (const c of n.children ?? []) t += subtree(byId.get(c) as ProfileNode)
    total.set(n.id, t)
    return t
  }
  const root0 = profile.nodes[0]
  subtree(root0)
  const inc = new Map<string, number>()
  const walk = (n: ProfileNode, onStack: Set<string>) => {
    const key = keyOf(n)
    const ours = /^(dist|bin)\//.test(key)
    const fresh = ours && !onStack.has(key)
    if (fresh) inc.set(key, (inc.get(key) ?? 0) + (total.get(n.id) ?? 0))
    if (fresh) onStack.add(key)
    for (const c of n.children ?? []) walk(byId.get(c) as ProfileNode, onStack)
    if (fresh) onStack.delete(key)
  }
  walk(root0, new Set())
  const shares = (m: Map<string, number>) =>
    [...m].map(([key, us]) => ({key, ms: us / 1000, share: us / totalUs})).sort((a, b) => b.ms - a.ms)
  return {totalMs: totalUs / 1000, byFunction: shares(fn), byModule: shares(mod), inclusive: shares(inc)}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const topAt = args.indexOf('--top')
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 15
  const files = args.filter((a, i) => !a.startsWith('--') && i !== topAt + 1)
  for (const file of files) {
    const s = summarize(JSON.parse(readFileSync(file, 'utf8')), process.cwd())
    const line = (x: Share) => `  ${(x.share * 100).toFixed(1).padStart(5)}%  ${x.ms.toFixed(0).padStart(6)} ms  ${x.key}`
    process.stdout.write(`${file}: ${s.totalMs.toFixed(0)} ms profiled\n by module (self time):\n`)
    process.stdout.write(`${s.byModule.slice(0, top).map(line).join('\n')}\n by function (self time):\n`)
    process.stdout.write(`${s.byFunction.slice(0, top).map(line).join('\n')}\n by meshscope function (inclusive):\n`)
    process.stdout.write(`${s.inclusive.slice(0, top).map(line).join('\n')}\n`)
  }
}
