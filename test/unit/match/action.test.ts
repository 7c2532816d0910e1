import {expect} from 'chai'
import type {Route, VirtualHost} from '../../../src/lib/envoy/types.js'
import {evaluateAction, pickWeightedCluster, redirectLocation, rewritePath} from '../../../src/lib/match/action.js'
import {httpRequest} from '../../../src/lib/match/request.js'
import {selectRoute} from '../../../src/lib/match/route.js'

const vh: VirtualHost = {name: 'vh', retryPolicy: {retryOn: '5xx', numRetries: 3}}
const req = (path = '/', extra: Partial<Parameters<typeof httpRequest>[0]> = {}) => httpRequest({authority: 'reviews:9080', path, ...extra})

describe('match/action: route actions (envoy-semantics §2.5)', () => {
  describe('weighted clusters', () => {
    const three = [{name: 'c1', weight: 30}, {name: 'c2', weight: 30}, {name: 'c3', weight: 40}]
    it('selected = random % total, first half-open interval containing it (the documented examples)', () => {
      const p = (r: number) => pickWeightedCluster(three, r, new Map()).picked?.name
      expect(p(115)).to.equal('c1')
      expect(p(445)).to.equal('c2')
      expect(p(560)).to.equal('c3')
      expect(p(30)).to.equal('c2')
      expect(p(29)).to.equal('c1')
      expect(p(99)).to.equal('c3')
    })

    it('lists every choice with its share and interval', () => {
      const r = pickWeightedCluster(three, 445, new Map())
      expect(r.total).to.equal(100)
      expect(r.selected).to.equal(45)
      expect(r.choices).to.deep.equal([
        {name: 'c1', weight: 30, share: 0.3, range: [0, 30]},
        {name: 'c2', weight: 30, share: 0.3, range: [30, 60]},
        {name: 'c3', weight: 40, share: 0.4, range: [60, 100]},
      ])
    })

    it('weights that do not sum to 100, zero weights, runtime weights', () => {
      const w = [{name: 'a', weight: 1}, {name: 'z', weight: 0}, {name: 'b', weight: 2}]
      expect(pickWeightedCluster(w, 1, new Map()).picked?.name).to.equal('b')
      expect(pickWeightedCluster(w, 3, new Map()).picked?.name).to.equal('a')
      expect(pickWeightedCluster(w, 0, new Map([['rk.a', 0]]), 'rk').picked?.name).to.equal('b')
    })

    it('evaluateAction reports the pick, the choices and the value from header_name when set', () => {
      const route: Route = {match: {prefix: '/'}, route: {weightedClusters: {clusters: three, headerName: 'x-random'}}}
      const o = evaluateAction(route, vh, req('/', {randomValue: 0, headers: [['x-random', '65']]}))
      expect(o).to.include({kind: 'cluster', cluster: 'c3', how: 'weighted', selectedValue: 65})
      const fallback = evaluateAction(route, vh, req('/', {randomValue: 31}))
      expect(fallback).to.include({cluster: 'c2'})
      expect(fallback.kind === 'cluster' && fallback.caveats[0]).to.match(/x-random/)
    })

    it('total weight 0 is unresolved', () => {
      expect(evaluateAction({route: {weightedClusters: {clusters: [{name: 'a', weight: 0}]}}}, vh, req()).kind).to.equal('unresolved')
    })
  })

  it('cluster_header: the header names the cluster; missing is unresolved', () => {
    const route: Route = {match: {prefix: '/'}, route: {clusterHeader: 'x-cluster'}}
    expect(evaluateAction(route, vh, req('/', {headers: [['x-cluster', 'c9']]}))).to.include({kind: 'cluster', cluster: 'c9', how: 'cluster_header'})
    expect(evaluateAction(route, vh, req())).to.include({kind: 'unresolved'})
  })

  it('cluster specifier plugins and routes without a route action are unresolved', () => {
    expect(evaluateAction({route: {clusterSpecifierPlugin: 'p'}}, vh, req()).kind).to.equal('unresolved')
    expect(evaluateAction({nonForwardingAction: {}}, vh, req()).kind).to.equal('unresolved')
  })

  it('timeout defaults to 15s; the route retry policy replaces the vhost one', () => {
    const o = evaluateAction({match: {prefix: '/'}, route: {cluster: 'c'}}, vh, req())
    expect(o).to.include({timeout: '15s'})
    expect(o.kind === 'cluster' && o.retryPolicy).to.deep.equal({retryOn: '5xx', numRetries: 3})
    const own = evaluateAction({match: {prefix: '/'}, route: {cluster: 'c', timeout: '0s', retryPolicy: {retryOn: 'reset'}}}, vh, req())
    expect(own.kind === 'cluster' && own.retryPolicy).to.deep.equal({retryOn: 'reset'})
    expect(own).to.include({timeout: '0s'})
  })

  describe('path rewrites', () => {
    it('prefix_rewrite replaces the matched length (works for case-insensitive matches, keeps the query)', () => {
      const route: Route = {match: {prefix: '/API', caseSensitive: false}, route: {cluster: 'c', prefixRewrite: '/rewrote'}}
      const r = req('/API/locations?works=true')
      const d = selectRoute({routes: [route]}, r)
      expect(evaluateAction(route, vh, r, d.matchedLength)).to.include({pathRewrite: '/rewrote/locations?works=true'})
      // the documented example: path /api/locations matched exactly, prefix_rewrite /rewrote
      const exact: Route = {match: {path: '/api/locations', caseSensitive: false}, route: {cluster: 'c', prefixRewrite: '/rewrote'}}
      expect(evaluateAction(exact, vh, req('/API/locations?works=true'))).to.include({pathRewrite: '/rewrote?works=true'})
    })

    it('regex_rewrite works on the path without query, every match, and re-appends the query', () => {
      expect(rewritePath('/a/b/a?x=a', {regexRewrite: {pattern: {regex: 'a'}, substitution: 'z'}}, 0)).to.equal('/z/b/z?x=a')
      expect(rewritePath('/service/foo/v1/api?q', {regexRewrite: {pattern: {regex: '^/service/([^/]+)(/.*)$'}, substitution: '\\2/instance/\\1'}}, 0)).to.equal(
        '/v1/api/instance/foo?q',
      )
      expect(rewritePath('/a', {}, 0)).to.equal(undefined)
    })
  })

  it('host rewrites: literal, from a header, from a path regex; auto is a caveat', () => {
    const h = (a: object, r = req('/v1/x')) => evaluateAction({match: {prefix: '/'}, route: {cluster: 'c', ...a}}, vh, r)
    expect(h({hostRewriteLiteral: 'up.internal'})).to.include({hostRewrite: 'up.internal'})
    expect(h({hostRewriteHeader: 'x-host'}, req('/', {headers: [['x-host', 'h2']]}))).to.include({hostRewrite: 'h2'})
    expect(h({hostRewriteHeader: 'x-host'})).to.not.have.property('hostRewrite')
    expect(h({hostRewritePathRegex: {pattern: {regex: '^/(v[0-9])/.*$'}, substitution: '\\1.svc'}})).to.include({hostRewrite: 'v1.svc'})
    const auto = h({autoHostRewrite: true})
    expect(auto.kind === 'cluster' && auto.caveats[0]).to.match(/auto_host_rewrite/)
  })

  describe('redirects (Utility::newUri)', () => {
    const loc = (r: object, path = '/p?q=1', authority = 'reviews:9080', ssl = false) => redirectLocation(r, httpRequest({authority, path, ssl}))
    it('defaults: the request scheme, host and path', () => {
      expect(loc({})).to.equal('http://reviews:9080/p?q=1')
    })
    it('https_redirect / scheme_redirect; the new scheme drops its own default port', () => {
      expect(loc({httpsRedirect: true})).to.equal('https://reviews:9080/p?q=1')
      expect(loc({httpsRedirect: true}, '/', 'a.com:443')).to.equal('https://a.com/')
      expect(loc({schemeRedirect: 'http'}, '/', 'a.com:80', true)).to.equal('http://a.com/')
      expect(loc({httpsRedirect: true}, '/', 'a.com:80')).to.equal('https://a.com:80/')
    })
    it('host_redirect and port_redirect', () => {
      expect(loc({hostRedirect: 'new.com'})).to.equal('http://new.com/p?q=1')
      expect(loc({portRedirect: 8443})).to.equal('http://reviews:8443/p?q=1')
      expect(loc({hostRedirect: 'new.com', portRedirect: 8443})).to.equal('http://new.com:8443/p?q=1')
    })
    it('path_redirect keeps the request query unless it has its own; strip_query; leading /', () => {
      expect(loc({pathRedirect: '/new'})).to.equal('http://reviews:9080/new?q=1')
      expect(loc({pathRedirect: '/new?a=b'})).to.equal('http://reviews:9080/new?a=b')
      expect(loc({pathRedirect: '/new?a=b', stripQuery: true})).to.equal('http://reviews:9080/new?a=b')
      expect(loc({pathRedirect: '/new', stripQuery: true})).to.equal('http://reviews:9080/new')
      expect(loc({stripQuery: true})).to.equal('http://reviews:9080/p')
      expect(loc({pathRedirect: 'rel'}, '/')).to.equal('http://reviews:9080/rel')
    })
    it('response codes: 301 by default, FOUND 302, SEE_OTHER 303, TEMPORARY 307, PERMANENT 308', () => {
      const code = (c?: string) => {
        const o = evaluateAction({match: {prefix: '/'}, redirect: {responseCode: c as 'FOUND'}}, vh, req())
        return o.kind === 'redirect' ? o.status : 0
      }
      expect([code(), code('FOUND'), code('SEE_OTHER'), code('TEMPORARY_REDIRECT'), code('PERMANENT_REDIRECT')]).to.deep.equal([301, 302, 303, 307, 308])
    })
    it('a redirect prefix_rewrite rewrites by matched length before the URL is built', () => {
      const o = evaluateAction({match: {prefix: '/old/'}, redirect: {prefixRewrite: '/new/'}}, vh, req('/old/x?y'))
      expect(o).to.deep.equal({kind: 'redirect', location: 'http://reviews:9080/new/x?y', status: 301, pathRedirect: undefined, hostRedirect: undefined})
    })
  })

  it('direct_response: status and inline body (string or base64 bytes); a file body is a caveat', () => {
    expect(evaluateAction({directResponse: {status: 503, body: {inlineString: 'down'}}}, vh, req())).to.deep.equal({kind: 'direct_response', status: 503, body: 'down'})
    expect(evaluateAction({directResponse: {status: 200, body: {inlineBytes: Buffer.from('hi').toString('base64')}}}, vh, req())).to.include({body: 'hi'})
    const f = evaluateAction({directResponse: {status: 200, body: {filename: '/etc/x'}}}, vh, req())
    expect(f.kind === 'direct_response' && f.caveats?.[0]).to.match(/\/etc\/x/)
  })
})
