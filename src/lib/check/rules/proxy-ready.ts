import type {Rule} from '../types.js'

/** The admin API's /ready answers LIVE once the server is initialised; anything else means it is not serving yet (or draining). */
export const proxyReady: Rule = {
  id: 'proxy-not-ready',
  title: 'admin /ready is not LIVE',
  run(s) {
    if (s.ready === undefined) return {skipped: s.missing?.ready ?? 'needs /ready from a live proxy or a bundle'}
    const state = s.ready.trim()
    if (state === 'LIVE') return {findings: []}
    return {
      findings: [
        {
          severity: 'error',
          resource: 'server',
          message: `/ready did not answer LIVE (${state || 'empty answer'}): the proxy is ${/DRAINING/.test(state) ? 'draining' : 'not initialised (it waits for its first config)'}`,
          suggestion: 'Check the proxy logs for the listeners or clusters it waits for, and that it can reach istiod',
        },
      ],
    }
  },
}
