import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {parseAddressString, parseClustersStatus, readClustersStatus} from '../../../src/lib/envoy/clusters-status.js'
import {fixture} from '../../helpers/cli.js'

const JSON_2020 = fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'envoy', 'clusters', 'testdata', 'clusters.json')
const TEXT = fixture('meshscope', 'clusters', 'clusters.txt')

describe('envoy/clusters-status', () => {
  describe('/clusters?format=json (real 2020 output, camelCase and snake_case mixed)', () => {
    const dump = parseClustersStatus(readFileSync(JSON_2020, 'utf8'), 'clusters.json')

    it('reads every cluster and host in Envoy order', () => {
      expect(dump.format).to.equal('json')
      expect(dump.clusters.map((c) => [c.name, c.hosts.length])).to.deep.equal([
        ['outbound|443||istio-sidecar-injector.istio-system.svc.cluster.local', 1],
        ['outbound|443||istio-ingressgateway.istio-system.svc.cluster.local', 1],
        ['outbound|443||istio-galley.istio-system.svc.cluster.local', 1],
        ['outbound|443||istio-egressgateway.istio-system.svc.cluster.local', 1],
        ['outbound|15014||istio-policy.istio-system.svc.cluster.local', 1],
        ['outbound|9080||reviews.default.svc.cluster.local', 3],
        ['inbound_9092', 1],
      ])
      expect(dump.clusters[0].addedViaApi).to.equal(true)
      expect(dump.clusters[6].addedViaApi).to.equal(false)
    })

    it('health: EDS status, outlier ejection, and the flags /clusters text would print', () => {
      const policy = dump.clusters[4].hosts[0]
      expect(policy.edsHealthStatus).to.equal('UNHEALTHY')
      expect(policy.healthFlags).to.deep.equal(['failed_eds_health'])
      const ejected = dump.clusters[5].hosts[2]
      expect(ejected.address).to.deep.equal({socketAddress: {address: '172.17.0.27', portValue: 9080}})
      expect(ejected.failedOutlierCheck).to.equal(true)
      expect(ejected.edsHealthStatus).to.equal('HEALTHY')
      expect(ejected.healthFlags).to.deep.equal(['failed_outlier_check'])
      expect(dump.clusters[5].hosts[0].healthFlags).to.deep.equal([])
    })

    it('stats become numbers (uint64 strings, zero omitted), weight and pipe addresses are kept', () => {
      const mixer = dump.clusters[6].hosts[0]
      expect(mixer.address).to.deep.equal({pipe: {path: '/sock/mixer.socket'}})
      expect(mixer.stats).to.deep.equal({cx_connect_fail: 64, cx_total: 72, rq_error: 78, rq_success: 300076, rq_timeout: 0, rq_total: 300076, cx_active: 8, rq_active: 0})
      expect(mixer.weight).to.equal(1)
      expect(mixer.resource).to.have.property('healthStatus')
    })
  })

  describe('/clusters text (hand-written sample of the same state, envoy-semantics.md §1.2)', () => {
    const dump = parseClustersStatus(readFileSync(TEXT, 'utf8'), 'clusters.txt')
    const json = parseClustersStatus(readFileSync(JSON_2020, 'utf8'), 'clusters.json')

    it('gives the same clusters, hosts, health and counters as the JSON', () => {
      expect(dump.format).to.equal('text')
      const view = (d: typeof dump) =>
        d.clusters.map((c) => ({
          name: c.name,
          addedViaApi: c.addedViaApi,
          hosts: c.hosts.map((h) => ({address: h.address, eds: h.edsHealthStatus, flags: h.healthFlags, outlier: h.failedOutlierCheck, stats: h.stats})),
        }))
      expect(view(dump)).to.deep.equal(view(json))
    })

    it('reads cluster-level lines: circuit breakers, eds_service_name, observability_name, outlier -1 as "not computed"', () => {
      const reviews = dump.clusters[5]
      expect(reviews.circuitBreakers).to.deep.equal([
        {maxConnections: 4294967295, maxPendingRequests: 4294967295, maxRequests: 4294967295, maxRetries: 4294967295},
        {priority: 'HIGH', maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3},
      ])
      expect(reviews.edsServiceName).to.equal('outbound|9080||reviews.default.svc.cluster.local')
      expect(reviews.observabilityName).to.equal(reviews.name)
      expect(reviews.successRateEjectionThreshold).to.equal(undefined)
      expect(reviews.hosts[0]).to.include({weight: 1, priority: 0, successRate: undefined, hostname: undefined})
    })

    it('splits IPv6 hosts, envoy internal addresses, names with "::", a version_info line, and several flags', () => {
      const text = [
        'version_info::static',
        'odd::name::added_via_api::false',
        'odd::name::[::1]:8080::cx_total::3',
        'odd::name::[::1]:8080::health_flags::/failed_active_hc/failed_outlier_check/pending_dynamic_removal',
        'odd::name::[::1]:8080::zone::us-east-1a',
        'waypoint::added_via_api::true',
        'waypoint::envoy://connect_originate/10.0.0.1:80::health_flags::/failed_eds_health/eds_status_draining',
        'waypoint::envoy://connect_originate/10.0.0.1:80::weight::2',
      ].join('\n')
      const d = parseClustersStatus(text, 'x')
      expect(d.clusters.map((c) => c.name)).to.deep.equal(['odd::name', 'waypoint'])
      const v6 = d.clusters[0].hosts[0]
      expect(v6.address).to.deep.equal({socketAddress: {address: '::1', portValue: 8080}})
      expect(v6.healthFlags).to.deep.equal(['failed_active_hc', 'failed_outlier_check', 'pending_dynamic_removal'])
      expect(v6.locality).to.deep.equal({zone: 'us-east-1a'})
      expect(v6.stats).to.deep.equal({cx_total: 3})
      const internal = d.clusters[1].hosts[0]
      expect(internal.address).to.deep.equal({envoyInternalAddress: {serverListenerName: 'connect_originate', endpointId: '10.0.0.1:80'}})
      expect(internal.edsHealthStatus).to.equal('DRAINING')
      expect(internal.weight).to.equal(2)
    })
  })

  describe('inputs that are not /clusters output', () => {
    it('a config dump, JSON or YAML, or a bare cluster list: no clusters, and a notice that says what to save instead', async () => {
      for (const text of ['{"configs": [{"@type": "type.googleapis.com/envoy.admin.v3.ClustersConfigDump"}]}', 'configs:\n- "@type": type.googleapis.com/envoy.admin.v3.ClustersConfigDump\n', '[{"cluster": {"name": "c"}}]']) {
        const d = await readClustersStatus({text, label: 'dump.json'})
        expect(d.clusters).to.deep.equal([])
        expect(d.notice).to.match(/dump.json is a config dump.*clusters\?format=json/)
      }
    })
    it('readClustersStatus reads /clusters text and JSON like parseClustersStatus', async () => {
      expect((await readClustersStatus({text: readFileSync(TEXT, 'utf8'), label: 't'})).format).to.equal('text')
      expect((await readClustersStatus({text: readFileSync(JSON_2020, 'utf8'), label: 'j'})).clusters).to.have.length(7)
      for (const text of ['{"listener_statuses": []}', 'hello: world\n']) {
        await readClustersStatus({text, label: 'x'}).then(
          () => expect.fail('should throw'),
          (err) => expect(err).to.have.property('code', 'INPUT_INVALID'),
        )
      }
    })
    for (const [what, text] of [
      ['JSON of another kind', '{"listener_statuses": []}'],
      ['truncated JSON', '{"cluster_statuses": ['],
      ['text without ::', 'hello world'],
    ]) {
      it(`${what}: INPUT_INVALID`, () => {
        expect(() => parseClustersStatus(text, 'in')).to.throw().with.property('code', 'INPUT_INVALID')
      })
    }
  })

  it('parseAddressString reads Address::asString() forms back', () => {
    expect(parseAddressString('10.1.2.3:80')).to.deep.equal({socketAddress: {address: '10.1.2.3', portValue: 80}})
    expect(parseAddressString('[fe80::1]:15001')).to.deep.equal({socketAddress: {address: 'fe80::1', portValue: 15001}})
    expect(parseAddressString('/var/run/sds.sock')).to.deep.equal({pipe: {path: '/var/run/sds.sock'}})
    expect(parseAddressString('@abstract')).to.deep.equal({pipe: {path: '@abstract'}})
  })
})
