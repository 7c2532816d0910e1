import {expect} from 'chai'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {parseHeader, parseTraceTarget} from '../../../src/lib/trace/target.js'

function usageError(fn: () => unknown): MeshscopeError {
  try {
    fn()
  } catch (err) {
    expect(err).to.be.instanceOf(MeshscopeError)
    expect((err as MeshscopeError).code).to.equal('USAGE')
    expect((err as MeshscopeError).exitCode).to.equal(2)
    return err as MeshscopeError
  }
  throw new Error('expected a USAGE error')
}

describe('trace target: URL and flags → connection + HTTP request', () => {
  it('http://reviews:9080/api/v1?x=1: port, path with query, Host with the non-default port (as curl sends it)', () => {
    const t = parseTraceTarget({url: 'http://reviews:9080/api/v1?x=1'})
    expect(t).to.include({host: 'reviews', port: 9080, protocol: 'http', direction: 'outbound', random: 0})
    expect(t.destIp).to.equal(undefined)
    expect(t.request).to.deep.include({authority: 'reviews:9080', path: '/api/v1?x=1', method: 'GET', scheme: 'http', ssl: false})
  })

  it('no scheme means http; the default port 80 is left out of Host', () => {
    expect(parseTraceTarget({url: 'reviews.default.svc.cluster.local:9080/path'}).request?.authority).to.equal('reviews.default.svc.cluster.local:9080')
    const t = parseTraceTarget({url: 'bookinfo.example.com/productpage'})
    expect(t.port).to.equal(80)
    expect(t.request).to.deep.include({authority: 'bookinfo.example.com', path: '/productpage'})
  })

  it('https: TLS on 443 with the host as SNI, and an HTTP request for when the chain terminates TLS', () => {
    const t = parseTraceTarget({url: 'https://foo.com/x'})
    expect(t).to.include({protocol: 'tls', port: 443, sni: 'foo.com'})
    expect(t.request).to.deep.include({scheme: 'https', ssl: true, authority: 'foo.com'})
    expect(parseTraceTarget({url: 'https://foo.com/', sni: 'bar.com'}).sni).to.equal('bar.com')
  })

  it('tcp:// and tls:// carry no HTTP request and need a port', () => {
    expect(parseTraceTarget({url: 'tcp://10.0.0.10:53'})).to.deep.include({protocol: 'tcp', port: 53, destIp: '10.0.0.10', destIpSource: 'literal', request: undefined})
    usageError(() => parseTraceTarget({url: 'tcp://10.0.0.10'}))
    expect(parseTraceTarget({url: 'http://reviews:9080/', protocol: 'tcp'}).request).to.equal(undefined)
  })

  it('an IP host is the destination; --dest-ip overrides it; IPv6 in brackets', () => {
    expect(parseTraceTarget({url: 'http://10.1.2.3:80/'})).to.include({destIp: '10.1.2.3', destIpSource: 'literal'})
    expect(parseTraceTarget({url: 'http://reviews:9080/', destIp: '172.21.95.172'})).to.include({destIp: '172.21.95.172', destIpSource: 'flag'})
    expect(parseTraceTarget({url: 'http://[fd00::1]:8080/'})).to.include({host: 'fd00::1', port: 8080, destIp: 'fd00::1'})
    usageError(() => parseTraceTarget({url: 'http://reviews:9080/', destIp: 'reviews'}))
  })

  it('headers: -H name: value (lower-cased name), repeated; Host replaces the authority; -X sets the method', () => {
    const t = parseTraceTarget({url: 'http://reviews:9080/', headers: ['End-User: jason', 'x-a: 1', 'x-a: 2', 'Host: other:9080'], method: 'post', random: 42})
    expect(t.request?.headers).to.deep.equal([
      ['end-user', 'jason'],
      ['x-a', '1'],
      ['x-a', '2'],
    ])
    expect(t.request).to.deep.include({authority: 'other:9080', method: 'post', randomValue: 42})
    expect(parseHeader(':authority: x')).to.deep.equal([':authority', 'x'])
  })

  it('bad input is a USAGE error that says what to type', () => {
    expect(usageError(() => parseTraceTarget({url: 'http:///path'})).message).to.contain('has no host')
    expect(usageError(() => parseTraceTarget({url: '/just/a/path'})).message).to.contain('has no host')
    expect(usageError(() => parseTraceTarget({url: 'http://reviews:9080/', headers: ['nocolon']})).message).to.contain('has no colon')
    expect(usageError(() => parseTraceTarget({url: 'ftp://x/'})).message).to.contain('unsupported scheme')
    expect(usageError(() => parseTraceTarget({url: 'http://reviews:99999/'})).message).to.contain('not a port')
    usageError(() => parseTraceTarget({url: 'http://reviews/', random: -1}))
  })
})
