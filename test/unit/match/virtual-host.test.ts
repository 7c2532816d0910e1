import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import type {RouteConfiguration} from '../../../src/lib/envoy/types.js'
import {httpRequest} from '../../../src/lib/match/request.js'
import {hostForMatching, portStart, selectVirtualHost} from '../../../src/lib/match/virtual-host.js'
import {fixture} from '../../helpers/cli.js'

const rc: RouteConfiguration = {
  virtualHosts: [
    {name: 'exact', domains: ['foo.com', 'foo.com:8080']},
    {name: 'suffix-short', domains: ['*.com']},
    {name: 'suffix-long', domains: ['*.bar.com', '*-api.bar.com']},
    {name: 'prefix-short', domains: ['api.*']},
    {name: 'prefix-long', domains: ['api.internal.*']},
    {name: 'catch-all', domains: ['*']},
  ],
}
const pick = (authority: string, config = rc, opts = {}) => selectVirtualHost(config, httpRequest({authority}), opts)

describe('match/virtual-host: domain selection (envoy-semantics §2.1)', () => {
  it('exact domains are matched lower-cased, with the port as part of the domain', () => {
    expect(pick('FOO.com').vhost?.name).to.equal('exact')
    expect(pick('FOO.com').host).to.equal('foo.com')
    expect(pick('foo.com:8080')).to.include({rule: 'exact', matchedDomain: 'foo.com:8080'})
    // foo.com:9090 is no exact domain, and "*.com" does not match it either: the port is part of the host
    expect(pick('foo.com:9090').rule).to.equal('catch-all')
  })

  it('a Host with a port nearly matches a domain without one (the common gateway mistake)', () => {
    const d = selectVirtualHost({virtualHosts: [{name: 'www', domains: ['www.example.com']}]}, httpRequest({authority: 'www.example.com:10080'}))
    expect(d.rule).to.equal('none')
    expect(d.nearMisses).to.deep.equal([
      {vhost: 'www', domain: 'www.example.com', why: 'same host without a port: the Host carries :10080 and Envoy compares it whole'},
    ])
  })

  it('longest suffix wildcard first, then prefix wildcards (longest first), then *', () => {
    expect(pick('x.bar.com')).to.include({rule: 'suffix-wildcard', matchedDomain: '*.bar.com'})
    expect(pick('x-api.bar.com').matchedDomain).to.equal('*-api.bar.com')
    expect(pick('x.com').matchedDomain).to.equal('*.com')
    // a suffix wildcard beats a prefix wildcard even when the prefix is longer
    expect(pick('api.internal.com').rule).to.equal('suffix-wildcard')
    expect(pick('api.internal.x')).to.include({rule: 'prefix-wildcard', matchedDomain: 'api.internal.*'})
    expect(pick('api.x').matchedDomain).to.equal('api.*')
    expect(pick('other')).to.include({rule: 'catch-all', matchedDomain: '*'})
  })

  it('a wildcard never matches an empty remainder', () => {
    expect(pick('.bar.com').matchedDomain).to.equal('*.com')
    expect(pick('.com').rule).to.equal('catch-all')
    expect(pick('api.').rule).to.equal('catch-all')
  })

  it('no * vhost and no match → none (Envoy 404)', () => {
    const noStar = {virtualHosts: rc.virtualHosts?.filter((v) => v.name !== 'catch-all')}
    const d = pick('other', noStar)
    expect(d.rule).to.equal('none')
    expect(d.vhost).to.equal(undefined)
  })

  it('a config with only * takes every request, even without a Host', () => {
    const only = {virtualHosts: [{name: 'all', domains: ['*']}]}
    expect(pick('', only)).to.include({rule: 'catch-all', index: 0})
    expect(pick('', rc).rule).to.equal('none')
    expect(pick('', rc).caveats[0]).to.match(/no Host/)
  })

  it('port handling: ignore_port_in_host_matching and the HCM strip modes', () => {
    expect(pick('foo.com:9090', {...rc, ignorePortInHostMatching: true}).rule).to.equal('exact')
    expect(pick('foo.com:9090', rc, {stripPort: 'any'}).vhost?.name).to.equal('exact')
    expect(pick('foo.com:9090', rc, {stripPort: {listenerPort: 9090}}).vhost?.name).to.equal('exact')
    expect(pick('foo.com:9090', rc, {stripPort: {listenerPort: 80}}).vhost?.name).to.equal('catch-all')
    expect(hostForMatching('Foo.com.:80', {}, {stripTrailingHostDot: true})).to.equal('foo.com:80')
  })

  it('IPv6 literals: colons inside [...] are not a port', () => {
    expect(portStart('[::1]:80')).to.equal(5)
    expect(portStart('[::1]')).to.equal(-1)
    expect(portStart('host:abc')).to.equal(-1)
    expect(hostForMatching('[::1]:80', {ignorePortInHostMatching: true})).to.equal('[::1]')
  })

  it('vhost_header replaces :authority; missing → no vhost', () => {
    const byHeader = {...rc, vhostHeader: 'x-host'}
    expect(selectVirtualHost(byHeader, httpRequest({authority: 'other', headers: [['x-host', 'foo.com']]})).vhost?.name).to.equal('exact')
    expect(selectVirtualHost(byHeader, httpRequest({authority: 'foo.com'})).rule).to.equal('none')
  })

  it('duplicate domains are reported (Envoy rejects the config)', () => {
    const dup = {virtualHosts: [{name: 'a', domains: ['x']}, {name: 'b', domains: ['x']}]}
    expect(pick('x', dup).caveats[0]).to.match(/more than one virtual host/)
  })

  describe('on the real bookinfo productpage dump, route config 9080', () => {
    const dump = configDumpFrom(JSON.parse(readFileSync(fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json'), 'utf8')), 'productpage')
    const r9080 = dump.routeConfig('9080')!.resource

    it('reviews:9080, reviews, the FQDN and the cluster IP all pick the reviews vhost', () => {
      for (const a of ['reviews:9080', 'reviews', 'reviews.default.svc.cluster.local', 'REVIEWS.default:9080', '172.21.95.172:9080']) {
        expect(pick(a, r9080), a).to.include({rule: 'exact', index: 3})
      }
    })

    it('another port falls to allow_any, and the near miss names the vhost with the right port', () => {
      const d = pick('reviews:8080', r9080)
      expect(d.vhost?.name).to.equal('allow_any')
      expect(d.nearMisses[0]).to.deep.equal({vhost: 'reviews.default.svc.cluster.local:9080', domain: 'reviews:9080', why: 'same host, port 9080 instead of 8080'})
    })
  })
})
