import {MeshscopeError, messageOf} from '../cli/errors.js'
import {withDeadline} from '../kube/deadline.js'
import type {ProxySource} from '../source/proxy-source.js'
import {mapBounded} from './pool.js'

/** One proxy of a fleet: its name and how to open it (opening may itself fail: pod gone, RBAC). */
export interface FleetTarget {
  proxy: string
  /** whether the source is a live admin API (or a bundle of one), as opposed to a saved dump */
  live: boolean
  open(): Promise<ProxySource>
}

export type FleetOutcome<T> = {proxy: string; ok: true; value: T} | {proxy: string; ok: false; error: {code: string; message: string}}

export interface FleetOptions {
  concurrency: number
  /** limit for all the work on one proxy */
  perTargetMs: number
}

/**
 * Runs `work` on every target with bounded concurrency and a per-target deadline, and yields outcomes as
 * they complete. A target that fails (unreachable, timed out, bad dump) becomes a failed outcome; it never
 * stops the others.
 */
export function runFleet<T>(targets: Iterable<FleetTarget>, options: FleetOptions, work: (source: ProxySource, target: FleetTarget) => Promise<T>): AsyncGenerator<FleetOutcome<T>> {
  return mapBounded(targets, options.concurrency, async (target): Promise<FleetOutcome<T>> => {
    try {
      const value = await withDeadline(options.perTargetMs, `reading ${target.proxy}`, async () => {
        const source = await target.open()
        try {
          return await work(source, target)
        } finally {
          await source.close()
        }
      })
      return {proxy: target.proxy, ok: true, value}
    } catch (err) {
      const code = err instanceof MeshscopeError ? err.code : 'INTERNAL'
      return {proxy: target.proxy, ok: false, error: {code, message: messageOf(err)}}
    }
  })
}
