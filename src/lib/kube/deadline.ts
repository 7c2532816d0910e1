import {MeshscopeError} from '../cli/errors.js'

/** Parses --timeout: a Go-style duration (`30s`, `500ms`, `1m30s`) or a plain number of seconds. */
export function parseTimeout(text: string): number {
  const trimmed = text.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const units: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}
  let total = 0
  let rest = trimmed
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest)
    if (!m) throw new MeshscopeError('USAGE', `--timeout ${text} is not a duration`, ['Use a duration such as 30s, 500ms or 2m'])
    total += Number(m[1]) * units[m[2]]
    rest = rest.slice(m[0].length)
  }
  if (total <= 0) throw new MeshscopeError('USAGE', `--timeout ${text} must be more than zero`, ['Use a duration such as 30s'])
  return Math.round(total)
}

export const formatMs = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`)

/**
 * Runs `work` with an AbortSignal that fires after `ms`; the returned promise rejects with a TIMEOUT error
 * at that moment even if `work` ignores the signal, so nothing outlives --timeout.
 */
export async function withDeadline<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(timeoutError(ms, what))
    }, ms)
  })
  try {
    return await Promise.race([work(controller.signal), expired])
  } finally {
    clearTimeout(timer)
  }
}

export function timeoutError(ms: number, what: string): MeshscopeError {
  return new MeshscopeError('TIMEOUT', `${what} did not finish within ${formatMs(ms)}`, [
    'Raise the limit with --timeout (e.g. --timeout 2m) on a slow or remote cluster',
    'Check that the API server and the pod are reachable: kubectl get pods -v=6',
  ])
}
