import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {asV1Trace, v1ConfigDump} from '../../../src/lib/pilot/v1-adapter.js'
import type {V1Snapshot} from '../../../src/lib/pilot/v1-types.js'
import {parseTraceTarget} from '../../../src/lib/trace/target.js'
import {traceRoute} from '../../../src/lib/trace/trace.js'
import {fixture} from '../../helpers/cli.js'

const V1 = (f: string) => JSON.parse(readFileSync(fixture('istio', 'history', 'pilot-v1-2018-06', 'pilot', 'pkg', 'proxy', 'envoy', 'v1', 'testdata', f), 'utf8'))
const SERVICE_KEY = 'hello.default.svc.cluster.local|http'

/** The mock proxy of Pilot's v1 tests: sidecar~10.1.1.0~v0.default~default.svc.cluster.local, as the REST API answered it. */
function snapshot(rds = 'rds-v0.json.golden'): V1Snapshot {
  return {
    node: 'sidecar~10.1.1.0~v0.default~default.svc.cluster.local',
    serviceCluster: 'istio-proxy',
    listeners: V1('lds-v0-none.json.golden').listeners,
    routes: {'80': V1(rds)},
    clusters: V1('cds.json.golden').clusters,
    registrations: {[SERVICE_KEY]: V1('sds.json.golden').hosts},
  }
}

const target = (url: string, extra: Record<string, unknown> = {}) =>
  parseTraceTarget({url, method: 'GET', headers: [], direction: 'outbound', random: 0, ...extra} as Parameters<typeof parseTraceTarget>[0])

describe('pilot v1 adapter: the talk’s chain through the same trace engine', () => {
  it('http://hello/ walks LDS (virtual 15001 → 0.0.0.0:80) → RDS 80 → CDS out.hello…|http → SDS hosts of the service key', () => {
    const trace = asV1Trace(traceRoute(v1ConfigDump(snapshot()), target('http://hello:80/')))
    expect(trace.outcome.code).to.equal('OK')
    expect(trace.hops.map((h) => `${h.stage} ${h.kind} ${h.resource}`)).to.deep.equal([
      'LDS listener virtual',
      'LDS listener http_0.0.0.0_80',
      'LDS filter-chain #0',
      'LDS network-filter envoy.filters.network.http_connection_manager',
      'RDS route-config 80',
      'RDS virtual-host hello.default.svc.cluster.local|http',
      'RDS route #0',
      'RDS action out.hello.default.svc.cluster.local|http',
      'CDS cluster out.hello.default.svc.cluster.local|http',
      'SDS endpoints out.hello.default.svc.cluster.local|http',
    ])
    expect(trace.hops[0].rule).to.contain('use_original_dst')
    const sds = trace.hops.at(-1)!
    expect(sds.rule).to.contain(`EDS entry ${SERVICE_KEY}`) // the engine's wording; the entry is the v1 SDS registration
    expect(JSON.stringify(sds.details)).to.contain('10.1.1.0:80').and.contain('10.1.1.1:80')
  })

  it('a CDS cluster whose service key SDS does not list ends with no healthy endpoint (exit 15)', () => {
    const trace = asV1Trace(traceRoute(v1ConfigDump(snapshot()), target('http://world:80/')))
    expect(trace.outcome.exitCode).to.equal(15)
    expect(trace.hops.at(-1)!.stage).to.equal('SDS')
  })

  it('v1 header routes (rds-fault): regex headers become safe_regex matches', () => {
    const dump = v1ConfigDump(snapshot('rds-fault.json.golden'))
    const routes = dump.routeConfigs.find((r) => r.name === '80')!.resource.virtualHosts!.find((v) => v.name === 'world.default.svc.cluster.local|http')!.routes!
    expect(routes[0].match?.headers?.[0]).to.deep.equal({name: 'animal', safeRegexMatch: {regex: '^dog\\.cat.*'}})
    const hit = traceRoute(dump, target('http://world:80/', {headers: ['animal: dog.cat1', 'name: scooodoo', 'scooby: doo']}))
    expect(hit.outcome.cluster).to.equal('out.world.default.svc.cluster.local|http|version=v1')
    const miss = traceRoute(dump, target('http://world:80/', {headers: ['animal: cat']}))
    expect(miss.outcome.cluster).to.equal('out.world.default.svc.cluster.local|http')
  })
})
