import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {dumpEndpointSource, type EndpointVerdict, endpointFieldsOf, endpointVerdict} from '../../../src/lib/trace/endpoints.js'
import {generateDump} from '../../../bench/generate-dump.js'
import {FIXTURES, realDumps} from '../../helpers/cli.js'

/** The verdict without the rows' transport sockets, which endpointFieldsOf leaves out on purpose. */
const withoutSockets = (v: EndpointVerdict) => ({...v, endpoints: v.endpoints.map(({transportSocket: _ts, ...row}) => row)})

describe('trace/endpoints: endpointFieldsOf carries every field endpointVerdict reads but the transport sockets', () => {
  for (const path of realDumps()) {
    it(`${path.slice(FIXTURES.length + 1)}: the same verdict for every cluster`, () => {
      const dump = configDumpFrom(JSON.parse(readFileSync(path, 'utf8')), path)
      const source = dumpEndpointSource(dump)
      const conn = {destIp: '10.0.0.1', destPort: 8080}
      for (const e of dump.clusters) {
        expect(withoutSockets(endpointVerdict(endpointFieldsOf(e.raw), source, conn)), e.name).to.deep.equal(withoutSockets(endpointVerdict(e.resource, source, conn)))
      }
    })
  }

  it('a generated Istio mesh (mTLS transport socket matches, EDS with tlsMode metadata): the same verdicts, sockets aside', () => {
    const dump = configDumpFrom(JSON.parse(generateDump({services: 40, seed: 3}).text), 'generated')
    const source = dumpEndpointSource(dump)
    let sockets = 0
    for (const e of dump.clusters) {
      const full = endpointVerdict(e.resource, source, {destPort: 0})
      sockets += full.endpoints.filter((r) => r.transportSocket !== undefined).length
      expect(withoutSockets(endpointVerdict(endpointFieldsOf(e.raw), source, {destPort: 0})), e.name).to.deep.equal(withoutSockets(full))
    }
    // the comparison has something to leave out: endpoints whose metadata selects a transport socket
    expect(sockets).to.be.greaterThan(50)
  })
})
