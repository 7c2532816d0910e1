import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {parseClustersStatus} from '../../../src/lib/envoy/clusters-status.js'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {edsTable, endpointTable} from '../../../src/lib/render/endpoint-table.js'
import {localityString, selectEds} from '../../../src/lib/summary/eds.js'
import {endpointRows, selectClusterStatuses} from '../../../src/lib/summary/endpoints.js'
import {fixture} from '../../helpers/cli.js'

const strip = (s: string) => s.replace(/[ \t]+$/gm, '').trimEnd()
const clusters = parseClustersStatus(
  readFileSync(fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'envoy', 'clusters', 'testdata', 'clusters.json'), 'utf8'),
  'clusters.json',
)
const EDS = fixture('istio', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata', 'endpoint', 'configdump.json')
const eds = configDumpFrom(JSON.parse(readFileSync(EDS, 'utf8')), 'configdump.json')

describe('summary/endpoints (/clusters)', () => {
  it('sorts by address as a string, then port, then cluster; pipes as unix://', () => {
    const rows = endpointRows(clusters, {})
    expect(rows.map((r) => r.endpoint)).to.deep.equal([
      '172.17.0.13:443',
      '172.17.0.14:15014',
      '172.17.0.19:443',
      '172.17.0.24:9080',
      '172.17.0.26:9080',
      '172.17.0.27:9080',
      '172.17.0.4:443',
      '172.17.0.6:443',
      'unix:///sock/mixer.socket',
    ])
    expect(rows.find((r) => r.endpoint === '172.17.0.27:9080')?.outlierCheck).to.equal('FAILED')
  })

  it('filters: address is the IP (or unix:// path) exactly, cluster and status case-insensitively', () => {
    expect(endpointRows(clusters, {address: '172.17.0.14:15014'})).to.deep.equal([])
    expect(endpointRows(clusters, {address: 'UNIX:///sock/mixer.socket'}).map((r) => r.cluster)).to.deep.equal(['inbound_9092'])
    expect(endpointRows(clusters, {status: 'Healthy', port: 9080}).map((r) => r.endpoint)).to.deep.equal(['172.17.0.24:9080', '172.17.0.26:9080', '172.17.0.27:9080'])
    expect(endpointRows(clusters, {cluster: 'outbound|9080||REVIEWS.default.svc.cluster.local', address: '172.17.0.26'})).to.have.length(1)
  })

  it('-o json keeps only matching hosts, and drops clusters left without any', () => {
    const out = selectClusterStatuses(clusters, {port: 9080, status: 'HEALTHY'})
    expect(out.map((c) => [c.name, (c.hostStatuses as unknown[]).length])).to.deep.equal([['outbound|9080||reviews.default.svc.cluster.local', 3]])
    expect(selectClusterStatuses(clusters, {status: 'DEGRADED'})).to.deep.equal([])
  })

  it('an empty table is the header alone', () => {
    expect(endpointTable([])).to.equal('ENDPOINT     STATUS     OUTLIER CHECK     CLUSTER\n')
  })
})

describe('summary/eds (config dump EDS)', () => {
  it('orders assignments as clusters (fqdn, subset, port, direction), endpoints in dump order, skips empty ones', () => {
    const {rows, assignments} = selectEds(eds, {})
    expect(assignments).to.have.length(32)
    expect(rows.slice(0, 3).map((r) => r.cluster)).to.deep.equal([
      'agent',
      'outbound|9402||cert-manager-istio-csr-metrics.cert-manager.svc.cluster.local',
      'outbound|443||cert-manager-istio-csr.cert-manager.svc.cluster.local',
    ])
    expect(rows.filter((r) => r.cluster.includes('kube-dns')).map((r) => r.name)).to.deep.equal(['10.244.0.8:53', '10.244.0.3:53', '10.244.0.8:9153', '10.244.0.3:9153'])
    expect(rows.find((r) => r.cluster === 'sds-grpc')?.name).to.equal('./var/run/secrets/workload-spiffe-uds/socket')
    for (const a of assignments) expect(a).not.to.have.property('@type')
  })

  it('filters: address is ip:port, port is the endpoint port (not the cluster port)', () => {
    expect(selectEds(eds, {address: '10.244.0.176'}).rows).to.deep.equal([])
    expect(selectEds(eds, {address: '10.244.0.176:8443'}).rows.map((r) => r.cluster)).to.deep.equal(['outbound|443||istio-ingressgateway.istio-system.svc.cluster.local'])
    expect(selectEds(eds, {port: 53, status: 'healthy'}).rows).to.have.length(2)
    expect(selectEds(eds, {status: 'UNHEALTHY'}).assignments).to.deep.equal([])
  })

  it('locality as region/zone/subZone, stopping at the first missing part', () => {
    expect(localityString(undefined)).to.equal('')
    expect(localityString({})).to.equal('')
    expect(localityString({region: 'us-east1'})).to.equal('us-east1')
    expect(localityString({region: 'us-east1', zone: 'b', subZone: 'rack1'})).to.equal('us-east1/b/rack1')
    expect(localityString({region: 'us-east1', subZone: 'rack1'})).to.equal('us-east1')
  })

  it('the endpoint section of `proxy-config all` (config_dump_summary.txt): endpoint/ names, internal addresses', () => {
    const all = configDumpFrom(JSON.parse(readFileSync(fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json'), 'utf8')), 'x')
    const summary = readFileSync(fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump_summary.txt'), 'utf8').split('\n\n')
    expect(strip(edsTable(selectEds(all, {}).rows, true))).to.equal(strip(summary[5]))
  })
})
