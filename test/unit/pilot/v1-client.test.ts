import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {debugPath, proxyIdOf} from '../../../src/lib/pilot/debug.js'
import {edsSection} from '../../../src/lib/pilot/istiod-view.js'
import {rdsNames, serviceNode, v1Path} from '../../../src/lib/pilot/v1-client.js'
import {PILOT_V1, V1_NODE} from '../../harness/fake-istiod.js'
import {fixture} from '../../helpers/cli.js'

describe('pilot v1 client and debug paths', () => {
  it('the service node of a pod is Pilot’s TYPE~IP~POD.NS~NS.svc.cluster.local (the goldens’ mock proxy)', () => {
    expect(serviceNode({ip: '10.1.1.0', pod: 'v0', namespace: 'default'})).to.equal(V1_NODE)
    expect(serviceNode({type: 'ingress', ip: '10.1.1.9', pod: 'gw', namespace: 'istio-system'})).to.equal('ingress~10.1.1.9~gw.istio-system~istio-system.svc.cluster.local')
  })

  it('v1 paths: the service key and node are one path segment each', () => {
    expect(decodeURIComponent(v1Path.routes('80', 'istio-proxy', V1_NODE))).to.equal(`/v1/routes/80/istio-proxy/${V1_NODE}`)
    expect(v1Path.registration('a.b|http|version=v1')).to.equal('/v1/registration/a.b%7Chttp%7Cversion%3Dv1')
    expect(v1Path.registration()).to.equal('/v1/registration')
  })

  it('LDS lds-v0-none names the route configs 443, 80 and 81, in listener order', () => {
    expect(rdsNames(JSON.parse(readFileSync(PILOT_V1('lds-v0-none.json.golden'), 'utf8')).listeners)).to.deep.equal(['443', '80', '81'])
  })

  it('debug endpoints: a bare name, debug/…, /debug/… all become /debug/…; proxyID is read from the query', () => {
    expect(['syncz', 'debug/syncz', '/debug/syncz'].map(debugPath)).to.deep.equal(['/debug/syncz', '/debug/syncz', '/debug/syncz'])
    expect(proxyIdOf(debugPath('config_dump?proxyID=a.default'))).to.equal('a.default')
    expect(proxyIdOf('/debug/syncz?namespace=x')).to.equal(undefined)
    expect(() => debugPath('/debug/')).to.throw('is not an istiod debug endpoint')
  })

  it('edsz: an array of ClusterLoadAssignments becomes an EndpointsConfigDump section; null is none; not JSON is an error', () => {
    const section = edsSection(readFileSync(fixture('meshscope', 'pilot', 'edsz-productpage.json'), 'utf8'), 'istiod-b', '/debug/edsz?proxyID=x')
    const entries = section.dynamicEndpointConfigs as {endpointConfig: {clusterName: string}}[]
    expect(entries.map((e) => e.endpointConfig.clusterName)).to.deep.equal(['outbound|9080||reviews.default.svc.cluster.local', 'outbound|9080||ratings.default.svc.cluster.local'])
    expect(edsSection('null', 'i', '/p').dynamicEndpointConfigs).to.deep.equal([])
    expect(() => edsSection('nope', 'istiod-b', '/debug/edsz?proxyID=x')).to.throw("istiod istiod-b's answer to /debug/edsz?proxyID=x is not valid JSON")
  })
})
