import {runRouteCheck} from '../../routecheck/evaluate.js'
import {traceRoute} from '../../trace/trace.js'
import type {Draft, Rule} from '../types.js'

/** `--routes NAME=TESTS`: router_check_tool tests against the proxy's live route config NAME. */
export const routeTests: Rule = {
  id: 'route-tests',
  title: 'route-check tests (--routes) against the live route config',
  run(s, ctx) {
    if (ctx.routeSuites.length === 0) return {skipped: 'no --routes given'}
    const findings: Draft[] = []
    for (const rs of ctx.routeSuites) {
      const entry = s.dump.routeConfig(rs.routeName)
      if (!entry) {
        findings.push({
          severity: 'warning',
          resource: `route_config/${rs.routeName}`,
          message: `the proxy has no route config ${JSON.stringify(rs.routeName)}, so the tests of ${rs.label} did not run`,
          suggestion: 'Select the proxies that serve this route (-l) or fix the route config name in --routes NAME=TESTS',
        })
        continue
      }
      const result = runRouteCheck(entry.resource, rs.routeName, rs.suite)
      for (const t of result.tests) {
        if (t.passed) continue
        findings.push({
          severity: 'error',
          resource: `route_config/${rs.routeName}/${t.name}`,
          message: `test ${JSON.stringify(t.name)} of ${rs.label} fails: ${t.failures.map((f) => f.message).join('; ')}`,
          suggestion: `See the details: meshscope route-check -c DUMP --route-name ${rs.routeName} -t ${rs.label} --details`,
        })
      }
    }
    return {findings}
  },
}

/** `--expect 'URL -> CLUSTER'`: the trace of URL through the proxy ends at CLUSTER. */
export const expectTrace: Rule = {
  id: 'expect-trace',
  title: "trace expectations (--expect 'URL -> CLUSTER')",
  run(s, ctx) {
    if (ctx.expectations.length === 0) return {skipped: 'no --expect given'}
    const findings: Draft[] = []
    for (const e of ctx.expectations) {
      const trace = traceRoute(s.dump, e.target)
      if (trace.outcome.kind === 'routed' && trace.outcome.cluster === e.cluster) continue
      findings.push({
        severity: 'error',
        resource: `expect/${e.text}`,
        message: `expected cluster ${e.cluster}, but ${trace.outcome.summary}`,
        suggestion: `See each hop: meshscope trace-route POD ${e.text.split('->')[0].trim()}`,
      })
    }
    return {findings}
  },
}
