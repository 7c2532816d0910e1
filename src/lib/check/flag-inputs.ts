import {MeshscopeError} from '../cli/errors.js'
import {parseTraceTarget} from '../trace/target.js'
import type {TraceExpectation} from './types.js'

/** `--expect 'URL -> CLUSTER'` (the URL as trace-route takes it). */
export function parseExpectation(text: string): TraceExpectation {
  const at = text.lastIndexOf('->')
  const url = at < 0 ? '' : text.slice(0, at).trim()
  const cluster = at < 0 ? '' : text.slice(at + 2).trim()
  if (!url || !cluster) {
    throw new MeshscopeError('USAGE', `--expect ${JSON.stringify(text)} is not 'URL -> CLUSTER'`, ["meshscope check POD --expect 'http://reviews:9080/ -> outbound|9080||reviews.default.svc.cluster.local'"])
  }
  return {text, target: parseTraceTarget({url}), cluster}
}

/** `--routes NAME=TESTS`, or `--routes TESTS` with the route config name from --route-name. */
export function parseRoutesFlag(text: string, routeName: string | undefined): {routeName: string; path: string} {
  const eq = text.indexOf('=')
  if (eq > 0) return {routeName: text.slice(0, eq), path: text.slice(eq + 1)}
  if (routeName) return {routeName, path: text}
  throw new MeshscopeError('USAGE', `--routes ${text} does not say which route config the tests are for`, [
    'Name it: --routes 9080=tests.yaml (route config 9080), or add --route-name 9080',
  ])
}
