import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {generateDump} from '../../../bench/generate-dump.js'
import {CHECK_SHAPES, dumpReading} from '../../../src/lib/check/dump-reading.js'
import {CheckReport} from '../../../src/lib/check/report.js'
import {activeListenerRefs, routeRefsView} from '../../../src/lib/check/rules/references.js'
import type {CheckContext} from '../../../src/lib/check/types.js'
import type {ConfigDump} from '../../../src/lib/envoy/config-dump.js'
import {parseConfigDump} from '../../../src/lib/envoy/read-dump.js'
import {bytesInput} from '../../../src/lib/source/input.js'
import {AdminPath} from '../../../src/lib/source/proxy-source.js'
import {clusterType} from '../../../src/lib/summary/clusters.js'
import {endpointFieldsOf} from '../../../src/lib/trace/endpoints.js'
import {FIXTURES, realDumps} from '../../helpers/cli.js'

const CTX: CheckContext = {now: new Date('2023-05-15T06:00:00Z'), certWarnDays: 7, routeSuites: [], expectations: []}

/** Every rule's verdict and findings on one dump, as the report gives them. */
function verdicts(dump: ConfigDump) {
  const report = new CheckReport(CTX)
  report.addSnapshot({proxy: 'p', dump})
  return report.finish('info')
}

/**
 * What the rules read of these sections, field for field: every entry's name and state, and the views the
 * reference and endpoint rules take of each resource. (Findings alone would miss a field that no fixture's
 * findings happen to turn on, such as an EDS service name that differs from its cluster's.)
 */
function readings(d: ConfigDump) {
  const entry = (e: ConfigDump['listeners'][number]) => [e.origin, e.state, e.name, e.versionInfo, e.lastUpdated, e.errorState]
  return {
    listeners: d.listeners.map(entry),
    listenerRefs: activeListenerRefs(d),
    clusters: d.clusters.map((e) => [...entry(e), clusterType(e.raw), endpointFieldsOf(e.raw)]),
    routes: d.routeConfigs.map((e) => [...entry(e), routeRefsView(e.raw)]),
  }
}

/** Bytes of the listeners, clusters and route configurations a dump holds, as parsed. */
const heldBytes = (d: ConfigDump) => JSON.stringify([d.listeners, d.clusters, d.routeConfigs].map((entries) => entries.map((e) => e.raw))).length

describe("check/dump-reading: a dump read as check reads it", () => {
  it('gives the rules the same fields, verdicts and findings as the whole dump, on every real dump and a generated mesh', async () => {
    // printed as Envoy prints a dump, so each is read by its layout, where shapes apply (a hand-edited layout is parsed whole)
    const printed = realDumps().map((p) => [p.slice(FIXTURES.length + 1), JSON.stringify(JSON.parse(readFileSync(p, 'utf8')), null, 2)] as const)
    let findings = 0
    let whole = 0
    let shaped = 0
    for (const [label, text] of [...printed, ['generated', generateDump({services: 80, seed: 3}).text] as const]) {
      const full = await parseConfigDump(bytesInput(label, Buffer.from(text)))
      const cut = await parseConfigDump(bytesInput(label, Buffer.from(text)), undefined, CHECK_SHAPES)
      expect(readings(cut), label).to.deep.equal(readings(full))
      const expected = verdicts(full)
      expect(verdicts(cut), label).to.deep.equal(expected)
      findings += expected.findings.length
      whole += heldBytes(full)
      shaped += heldBytes(cut)
    }
    // the comparison covers findings of the rules that read these sections (broken references, states, endpoints)
    expect(findings).to.be.greaterThan(20)
    // and the shapes do leave most of those sections out
    expect(shaped / whole).to.be.lessThan(0.5)
  })

  it('a live proxy is asked for EDS only when --expect traces requests; shapes only without route tests and --expect', () => {
    expect(dumpReading(CTX)).to.deep.equal({path: 'config_dump', shapes: CHECK_SHAPES})
    expect(dumpReading({...CTX, routeSuites: [{} as CheckContext['routeSuites'][number]]})).to.deep.equal({path: 'config_dump'})
    expect(dumpReading({...CTX, expectations: [{} as CheckContext['expectations'][number]]})).to.deep.equal({path: AdminPath.full})
  })
})
