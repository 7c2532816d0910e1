import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {versionSummaryText} from '../../../src/lib/render/bootstrap-table.js'
import {versionSummary} from '../../../src/lib/summary/bootstrap.js'
import {ecdsRows} from '../../../src/lib/summary/ecds.js'
import {fixture} from '../../helpers/cli.js'

const load = (...p: string[]) => configDumpFrom(JSON.parse(readFileSync(fixture(...p), 'utf8')), p.at(-1) ?? '')
const TESTDATA = ['istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata']

describe('summary/ecds', () => {
  it('sorts by type, then name; a filter without typed_config has an empty type', () => {
    expect(ecdsRows(load(...TESTDATA, 'ecds', 'configdump.json'))).to.deep.equal([
      {name: 'istio.io/telemetry/stats/prometheus/sidecar/Inbound/HTTP', type: ''},
      {name: 'istio.io/telemetry/stats/prometheus/sidecar/Inbound/TCP', type: ''},
      {name: 'istio.io/telemetry/stats/prometheus/sidecar/Outbound/HTTP', type: ''},
      {name: 'istio.io/telemetry/stats/prometheus/sidecar/Outbound/TCP', type: ''},
      {name: 'default.display-metadata', type: 'envoy.extensions.filters.http.wasm.v3.Wasm'},
      {name: 'default.httpbin-rate-limiting', type: 'envoy.extensions.filters.http.wasm.v3.Wasm'},
    ])
  })

  it('a dump without ECDS has no rows', () => {
    expect(ecdsRows(load(...TESTDATA, 'configdump.json'))).to.deep.equal([])
  })
})

describe('summary/bootstrap', () => {
  it('Istio 1.10: the proxy SHA without "istio-proxy:", Envoy version with its build metadata', () => {
    expect(versionSummary(load(...TESTDATA, 'configdump.json'))).to.deep.equal({
      istioVersion: '1.10.0',
      istioProxyVersion: '436f365a8007cd8a13a9f1321e7cce94bcc8883e',
      envoyVersion: '1.18.3/Clean/RELEASE/BoringSSL',
    })
  })

  it('the bootstrap section of `proxy-config all` (config_dump_summary.txt): no build version is 0.0.0', () => {
    const summary = readFileSync(fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump_summary.txt'), 'utf8').split('\n\n')
    expect(versionSummaryText(versionSummary(load('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json')))).to.equal(`${summary[0]}\n`)
  })

  it('api.v2 dumps (Istio 1.3) report node.build_version', () => {
    const v = versionSummary(load('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json'))
    expect(v).to.deep.equal({
      istioVersion: '1.3.0-rc.2',
      istioProxyVersion: 'cd3fd800f5d75b4fea8a5da0212766402bfeecf1',
      envoyVersion: 'cd3fd800f5d75b4fea8a5da0212766402bfeecf1/1.12.0-dev/Clean/RELEASE/BoringSSL',
    })
  })

  it('a dump without a bootstrap gives empty fields', () => {
    expect(versionSummary(load(...TESTDATA, 'ecds', 'configdump.json'))).to.deep.equal({istioVersion: '', istioProxyVersion: '', envoyVersion: '0.0.0'})
  })
})
