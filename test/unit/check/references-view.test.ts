import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {generateDump} from '../../../bench/generate-dump.js'
import {activeListenerRefs, routeRefsView} from '../../../src/lib/check/rules/references.js'
import {type ConfigDump, configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {filterChainsOf, httpConnectionManagerOf, networkFilterKind, tcpProxyOf} from '../../../src/lib/envoy/filters.js'
import type {Listener, RouteConfiguration} from '../../../src/lib/envoy/types.js'
import {FIXTURES, realDumps} from '../../helpers/cli.js'

/** Everything the reference rules read of a listener: each network filter's kind and where it sends traffic. */
const listenerTargets = (l: Listener) =>
  filterChainsOf(l).flatMap((chain) =>
    (chain.filters ?? []).map((f) => {
      const hcm = httpConnectionManagerOf(f)
      const tcp = tcpProxyOf(f)
      return {kind: networkFilterKind(f), rds: hcm?.rds?.routeConfigName, inline: hcm?.routeConfig, tcp: tcp && {cluster: tcp.cluster, weighted: tcp.weightedClusters, v1: tcp.deprecatedV1}}
    }),
  )

/** Everything they read of a route configuration: the clusters each route names. */
const routeTargets = (rc: RouteConfiguration) =>
  (rc.virtualHosts ?? []).map((vh) => ({
    name: vh.name,
    routes: (vh.routes ?? []).map((r) => ({name: r.name, cluster: r.route?.cluster, weighted: r.route?.weightedClusters?.clusters?.map((c) => c.name), mirrors: r.route?.requestMirrorPolicies?.map((m) => m.cluster)})),
  }))

/** Compares the reduced views with the fully converted resources; returns how many targets were compared. */
function compare(dump: ConfigDump, label: string): number {
  let targets = 0
  const views = new Map(activeListenerRefs(dump).map((v) => [v.name, v.listener]))
  for (const l of dump.listeners.filter((x) => x.state === 'ACTIVE')) {
    const full = listenerTargets(l.resource)
    expect(listenerTargets(views.get(l.name) as Listener), `${label} listener ${l.name}`).to.deep.equal(full)
    targets += full.filter((t) => t.rds || t.inline || t.tcp).length
  }
  for (const rc of dump.routeConfigs) {
    const full = routeTargets(rc.resource)
    expect(routeTargets(routeRefsView(rc.raw)), `${label} route config ${rc.name}`).to.deep.equal(full)
    targets += full.flatMap((vh) => vh.routes).length
  }
  return targets
}

describe('check/references: the reduced listener and route views hold every reference the full resources hold', () => {
  for (const path of realDumps()) {
    it(`${path.slice(FIXTURES.length + 1)}`, () => {
      compare(configDumpFrom(JSON.parse(readFileSync(path, 'utf8')), path), path)
    })
  }

  it('all real dumps together compare HCMs (RDS and inline), TCP proxies (v3, v2 Struct and v1) and routes', () => {
    const dumps = realDumps().map((p) => configDumpFrom(JSON.parse(readFileSync(p, 'utf8')), p))
    const kinds = new Set(dumps.flatMap((d) => d.listeners.flatMap((l) => listenerTargets(l.resource).map((t) => (t.inline ? 'inline' : t.rds ? 'rds' : t.tcp?.v1 ? 'tcp-v1' : t.tcp?.weighted ? 'tcp-weighted' : t.tcp?.cluster ? 'tcp' : 'other')))))
    expect([...kinds]).to.include.members(['inline', 'rds', 'tcp', 'tcp-v1'])
    expect(dumps.reduce((n, d) => n + compare(d, 'all'), 0)).to.be.greaterThan(500)
  })

  it('a generated Istio mesh (weighted subsets, header matches, RDS per port): the same references', () => {
    const dump = configDumpFrom(JSON.parse(generateDump({services: 60, seed: 5}).text), 'generated')
    const weighted = dump.routeConfigs.flatMap((rc) => routeTargets(rc.resource).flatMap((vh) => vh.routes.filter((r) => r.weighted)))
    expect(weighted.length).to.be.greaterThan(5)
    expect(compare(dump, 'generated')).to.be.greaterThan(100)
  })
})
