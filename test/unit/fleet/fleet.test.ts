import {expect} from 'chai'
import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {mapBounded} from '../../../src/lib/fleet/pool.js'
import {Progress} from '../../../src/lib/fleet/progress.js'
import {type FleetTarget, runFleet} from '../../../src/lib/fleet/run.js'
import type {ProxySource} from '../../../src/lib/source/proxy-source.js'

/** A promise the test resolves by hand, so order and concurrency are decided by the test, not by timers. */
function gate<T>() {
  let open!: (v: T) => void
  const promise = new Promise<T>((resolve) => {
    open = resolve
  })
  return {promise, open}
}

const source: ProxySource = {label: 'fake', get: async () => ({label: 'fake', text: '{}'}), close: async () => {}}

describe('fleet', () => {
  describe('mapBounded', () => {
    it('never runs more than the limit at once, pulls items lazily, and yields in completion order', async () => {
      const gates = Array.from({length: 6}, () => gate<number>())
      let running = 0
      let peak = 0
      let pulled = 0
      function* items() {
        for (let i = 0; i < gates.length; i++) {
          pulled++
          yield i
        }
      }
      const results: number[] = []
      const consumer = (async () => {
        for await (const r of mapBounded(items(), 2, async (i) => {
          running++
          peak = Math.max(peak, running)
          const v = await gates[i].promise
          running--
          return v
        })) results.push(r)
      })()
      await new Promise((r) => setImmediate(r))
      expect(pulled).to.equal(2)
      for (const i of [1, 0, 3, 2, 5, 4]) {
        gates[i].open(i)
        await new Promise((r) => setImmediate(r))
      }
      await consumer
      expect(peak).to.equal(2)
      expect(results).to.deep.equal([1, 0, 3, 2, 5, 4])
    })
    it('keeps no consumed result alive while other calls are still pending', async () => {
      setFlagsFromString('--expose-gc')
      const gc = runInNewContext('gc') as () => void
      const pending = gate<object>()
      const results = mapBounded([0, 1], 2, async (i) => (i === 0 ? {dump: new Array(10_000).fill('x')} : pending.promise))
      // the first result is read and dropped in a helper, so no variable of this test holds it
      const watch = async () => new WeakRef((await results.next()).value as object)
      const first = await watch()
      await new Promise((r) => setImmediate(r))
      gc()
      expect(first.deref(), 'the result of call 0 is still reachable while call 1 runs').to.equal(undefined)
      pending.open({})
      expect((await results.next()).done).to.equal(false)
      expect((await results.next()).done).to.equal(true)
    })
  })

  describe('runFleet', () => {
    it('turns a failing target into a failed outcome without stopping the others', async () => {
      const targets: FleetTarget[] = [
        {proxy: 'a', live: true, open: async () => source},
        {proxy: 'gone', live: true, open: async () => Promise.reject(new MeshscopeError('ADMIN_UNREACHABLE', 'connection refused'))},
        {proxy: 'c', live: true, open: async () => source},
      ]
      const out = []
      for await (const o of runFleet(targets, {concurrency: 16, perTargetMs: 10_000}, async (_s, t) => t.proxy.toUpperCase())) out.push(o)
      expect(out.sort((x, y) => (x.proxy < y.proxy ? -1 : 1))).to.deep.equal([
        {proxy: 'a', ok: true, value: 'A'},
        {proxy: 'c', ok: true, value: 'C'},
        {proxy: 'gone', ok: false, error: {code: 'ADMIN_UNREACHABLE', message: 'connection refused'}},
      ])
    })

    it('gives up on a target after the per-target limit (TIMEOUT) and still reports the others', async () => {
      const never = new Promise<string>(() => {})
      const targets: FleetTarget[] = [
        {proxy: 'stuck', live: true, open: async () => source},
        {proxy: 'ok', live: true, open: async () => source},
      ]
      const out = []
      for await (const o of runFleet(targets, {concurrency: 2, perTargetMs: 50}, (_s, t) => (t.proxy === 'stuck' ? never : Promise.resolve('fine')))) out.push(o)
      expect(out.map((o) => [o.proxy, o.ok ? 'ok' : o.error.code])).to.deep.equal([
        ['ok', 'ok'],
        ['stuck', 'TIMEOUT'],
      ])
    })
  })

  describe('Progress', () => {
    const stream = (isTTY: boolean) => {
      const written: string[] = []
      return {isTTY, written, write: (t: string) => written.push(t)}
    }

    it('draws on a terminal and erases itself at the end', () => {
      const s = stream(true)
      const p = new Progress(4, 'proxies checked', s)
      p.tick(true)
      p.tick(false)
      expect(s.written[1]).to.equal('\r[###############---------------] 2/4 proxies checked, 1 failed')
      p.finish()
      expect(s.written.at(-1)).to.match(/^\r +\r$/)
    })

    it('writes nothing when stderr is not a terminal (CI logs, pipes)', () => {
      const s = stream(false)
      const p = new Progress(4, 'proxies checked', s)
      p.tick(true)
      p.finish()
      expect(s.written).to.deep.equal([])
    })
  })
})
