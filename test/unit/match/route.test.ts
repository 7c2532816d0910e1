import {expect} from 'chai'
import type {VirtualHost} from '../../../src/lib/envoy/types.js'
import {httpRequest} from '../../../src/lib/match/request.js'
import {isGrpcRequest, runtimeFractionEnabled, selectRoute} from '../../../src/lib/match/route.js'

const vhost: VirtualHost = {
  name: 'reviews',
  routes: [
    {name: 'jason', match: {prefix: '/', headers: [{name: 'end-user', stringMatch: {exact: 'jason'}}]}, route: {cluster: 'v2'}},
    {name: 'json', match: {prefix: '/api', queryParameters: [{name: 'format', stringMatch: {exact: 'json'}}]}, route: {cluster: 'json'}},
    {name: 'grpc', match: {prefix: '/svc.', grpc: {}}, route: {cluster: 'grpc'}},
    {name: 'canary', match: {prefix: '/', runtimeFraction: {defaultValue: {numerator: 10}, runtimeKey: 'canary'}}, route: {cluster: 'canary'}},
    {name: 'mtls', match: {prefix: '/secure', tlsContext: {presented: true}}, route: {cluster: 'mtls'}},
    {name: 'api', match: {prefix: '/api'}, route: {cluster: 'api'}},
    {name: 'api-exact', match: {path: '/api/x'}, route: {cluster: 'never'}},
    {name: 'default', match: {prefix: '/'}, route: {cluster: 'v1'}},
  ],
}
const req = (path: string, headers: [string, string][] = [], extra = {}) => httpRequest({authority: 'reviews', path, headers, randomValue: 50, ...extra})

describe('match/route: first match wins (envoy-semantics §2.2/§2.3)', () => {
  it('first matching route wins, with no backtracking to a more specific later route', () => {
    const d = selectRoute(vhost, req('/api/x'))
    expect(d.route?.name).to.equal('api')
    expect(d.index).to.equal(5)
    expect(d.matchedOn).to.deep.equal(['prefix "/api"'])
  })

  it('a header match picks the earlier route; a miss is reported as a near miss, in order', () => {
    expect(selectRoute(vhost, req('/', [['end-user', 'jason']])).route?.name).to.equal('jason')
    const d = selectRoute(vhost, req('/api/x'))
    expect(d.nearMisses.map((n) => [n.name, n.failedOn])).to.deep.equal([
      ['jason', 'header end-user exact "jason" (missing)'],
      ['json', 'query format exact "json" (missing)'],
      ['canary', 'runtime_fraction 10% (key canary) (random value 50 falls outside)'],
    ])
  })

  it('query parameters', () => {
    expect(selectRoute(vhost, req('/api/x?format=json')).route?.name).to.equal('json')
    expect(selectRoute(vhost, req('/api/x?format=xml')).route?.name).to.equal('api')
  })

  it('grpc requires content-type application/grpc[+…]', () => {
    expect(isGrpcRequest(req('/', [['content-type', 'application/grpc+proto']]))).to.equal(true)
    expect(isGrpcRequest(req('/', [['content-type', 'application/grpc-web']]))).to.equal(false)
    expect(selectRoute(vhost, req('/svc.Foo/Bar', [['content-type', 'application/grpc']])).route?.name).to.equal('grpc')
    expect(selectRoute(vhost, req('/svc.Foo/Bar', [['content-type', 'application/json']], {randomValue: 99})).route?.name).to.equal('default')
  })

  it('runtime_fraction: enabled iff random % denominator < numerator; runtime overrides the default; said to be probabilistic', () => {
    expect(selectRoute(vhost, req('/x', [], {randomValue: 109})).route?.name).to.equal('canary')
    expect(selectRoute(vhost, req('/x', [], {randomValue: 110})).route?.name).to.equal('default')
    expect(selectRoute(vhost, req('/x', [], {randomValue: 50, runtime: [['canary', 60]]})).route?.name).to.equal('canary')
    expect(selectRoute(vhost, req('/x', [], {randomValue: 5})).caveats[0]).to.match(/probabilistic/)
    const million = runtimeFractionEnabled({defaultValue: {numerator: 1, denominator: 'MILLION'}}, req('/', [], {randomValue: 2_000_000}))
    expect(million).to.deep.equal({enabled: true, numerator: 1, denominator: 1_000_000})
  })

  it('tls_context: plaintext presents no certificate; unknown certificates are assumed with a caveat', () => {
    expect(selectRoute(vhost, req('/secure', [], {randomValue: 99})).route?.name).to.equal('default')
    const tls = selectRoute(vhost, req('/secure', [], {randomValue: 99, ssl: true}))
    expect(tls.route?.name).to.equal('mtls')
    expect(tls.caveats.join()).to.match(/client certificate is unknown/)
    expect(selectRoute(vhost, req('/secure', [], {randomValue: 99, ssl: true, peerCertificate: {presented: false, validated: false}})).route?.name).to.equal('default')
  })

  it('dynamic_metadata matchers', () => {
    const vh: VirtualHost = {
      routes: [
        {match: {prefix: '/', dynamicMetadata: [{filter: 'jwt', path: [{key: 'tenant'}], value: {stringMatch: {exact: 'acme'}}}]}, route: {cluster: 'acme'}},
        {match: {prefix: '/'}, route: {cluster: 'rest'}},
      ],
    }
    expect(selectRoute(vh, req('/', [], {dynamicMetadata: {jwt: {tenant: 'acme'}}})).index).to.equal(0)
    expect(selectRoute(vh, req('/', [], {dynamicMetadata: {jwt: {tenant: 'x'}}})).index).to.equal(1)
    expect(selectRoute(vh, req('/')).index).to.equal(1)
  })

  it('no route matches → no route (404)', () => {
    const d = selectRoute({routes: [{match: {path: '/only'}, route: {cluster: 'c'}}]}, req('/other'))
    expect(d.route).to.equal(undefined)
    expect(d.matchedOn).to.deep.equal([])
  })

  it('require_tls ALL redirects any non-https request before routes are looked at', () => {
    const d = selectRoute({...vhost, requireTls: 'ALL'}, req('/'))
    expect(d.tlsRedirect).to.equal(true)
    expect(d.route?.redirect?.httpsRedirect).to.equal(true)
    expect(selectRoute({...vhost, requireTls: 'ALL'}, req('/', [['x-forwarded-proto', 'https']])).tlsRedirect).to.equal(undefined)
  })

  it('require_tls EXTERNAL_ONLY spares internal requests', () => {
    expect(selectRoute({...vhost, requireTls: 'EXTERNAL_ONLY'}, req('/')).tlsRedirect).to.equal(true)
    expect(selectRoute({...vhost, requireTls: 'EXTERNAL_ONLY'}, req('/', [], {internal: true})).tlsRedirect).to.equal(undefined)
  })

  it('a vhost matcher tree replaces routes: reported, not guessed', () => {
    const d = selectRoute({...vhost, matcher: {}}, req('/'))
    expect(d.route).to.equal(undefined)
    expect(d.caveats[0]).to.match(/matcher tree/)
  })
})
