import {expect} from 'chai'
import {formatRequest, ResponseReader} from '../../../src/lib/kube/http1.js'

const head = (extra: string) => Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n${extra}\r\n`)

describe('kube/http1: one HTTP/1.1 exchange over a raw stream', () => {
  it('formats a GET and a POST as Envoy admin expects them', () => {
    expect(formatRequest('GET', 'config_dump?mask=static_clusters').toString()).to.equal(
      'GET /config_dump?mask=static_clusters HTTP/1.1\r\nHost: localhost\r\nUser-Agent: meshscope\r\nAccept: */*\r\nConnection: close\r\n\r\n',
    )
    expect(formatRequest('POST', '/logging?level=debug').toString()).to.match(/^POST \/logging\?level=debug HTTP\/1\.1\r\n[\s\S]*Content-Length: 0\r\n\r\n$/)
  })

  it('reads a Content-Length body split across frames, one byte at a time', () => {
    const bytes = Buffer.concat([head('content-length: 11\r\n'), Buffer.from('hello world')])
    const r = new ResponseReader()
    const states = [...bytes].map((b) => r.push(Buffer.from([b])))
    expect(states.indexOf(true)).to.equal(bytes.length - 1)
    expect(r.response().status).to.equal(200)
    expect(r.response().body.toString()).to.equal('hello world')
    // the pieces the body came in, which a reader may parse without joining them
    expect(r.response().pieces?.map(String)).to.deep.equal([...'hello world'])
  })

  it('reads a chunked body, with the terminator in a later frame', () => {
    const r = new ResponseReader()
    expect(r.push(Buffer.concat([head('transfer-encoding: chunked\r\n'), Buffer.from('5\r\nhello\r\n6\r\n world\r\n')]))).to.equal(false)
    expect(r.push(Buffer.from('0\r\n'))).to.equal(false)
    expect(r.push(Buffer.from('\r\n'))).to.equal(true)
    expect(r.response().body.toString()).to.equal('hello world')
  })

  it('reads a chunked body cut at every byte, and at every frame size', () => {
    const body = Buffer.from(Array.from({length: 300}, (_, i) => String.fromCharCode(97 + (i % 26))).join(''))
    const chunked = Buffer.concat([head('transfer-encoding: chunked\r\n'), Buffer.from('64;ext=1\r\n'), body.subarray(0, 100), Buffer.from('\r\nc8\r\n'), body.subarray(100), Buffer.from('\r\n0\r\n\r\n')])
    for (const frame of [1, 2, 3, 7, 16, 101, chunked.length]) {
      const r = new ResponseReader()
      let done = false
      for (let at = 0; at < chunked.length; at += frame) {
        expect(done, `frame ${frame}: complete before the end`).to.equal(false)
        done = r.push(chunked.subarray(at, at + frame))
      }
      expect(done, `frame ${frame}`).to.equal(true)
      expect(r.response().body.toString(), `frame ${frame}`).to.equal(body.toString())
    }
  })

  it('takes a body without length as complete when the stream ends, and reports truncation otherwise', () => {
    const open = new ResponseReader()
    open.push(Buffer.concat([head(''), Buffer.from('{"a":1}')]))
    expect(open.done).to.equal(false)
    expect(open.end()).to.equal(true)
    expect(open.response().body.toString()).to.equal('{"a":1}')

    const cut = new ResponseReader()
    cut.push(Buffer.concat([head('content-length: 100\r\n'), Buffer.from('x'.repeat(40))]))
    expect(cut.end()).to.equal(false)
    expect(cut.progress()).to.deep.equal({received: 40, expected: 100, headers: true})
  })

  it('reads a non-200 status', () => {
    const r = new ResponseReader()
    r.push(Buffer.from('HTTP/1.1 404 Not Found\r\ncontent-length: 13\r\n\r\ninvalid path\n'))
    expect(r.response().status).to.equal(404)
  })

  it('rejects bytes that are not HTTP', () => {
    expect(() => new ResponseReader().push(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n\r\n'))).to.throw(/not an HTTP response/)
  })
})
