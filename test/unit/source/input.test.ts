import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {gzipSync} from 'node:zlib'
import {expect} from 'chai'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {readInput} from '../../../src/lib/source/input.js'
import {fixture, runCli} from '../../helpers/cli.js'
import {windowText} from '../../helpers/windows.js'

const DUMP = fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata', 'config_dump.json')

/** A stream as process.stdin looks: a Readable, with isTTY set when it is a terminal. */
function fakeStdin(chunks: (string | Buffer)[], isTTY?: boolean): Readable & {isTTY?: boolean} {
  const s = Readable.from(chunks) as Readable & {isTTY?: boolean}
  if (isTTY !== undefined) s.isTTY = isTTY
  return s
}

async function rejection(p: Promise<unknown>): Promise<MeshscopeError> {
  try {
    await p
  } catch (err) {
    expect(err).to.be.instanceOf(MeshscopeError)
    return err as MeshscopeError
  }
  throw new Error('expected a rejection')
}

describe('readInput', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshscope-input-'))
  })
  after(() => rmSync(dir, {recursive: true, force: true}))

  it('reads a path, labelled with the path', async () => {
    const got = await readInput(DUMP)
    expect(got.label).to.equal(DUMP)
    expect(got.text).to.equal(readFileSync(DUMP, 'utf8'))
  })

  it('reads - from stdin, in chunks, labelled stdin', async () => {
    const text = readFileSync(DUMP, 'utf8')
    const got = await readInput('-', fakeStdin([text.slice(0, 1000), Buffer.from(text.slice(1000))]))
    expect([got.label, windowText(got), got.text]).to.deep.equal(['stdin', text, text])
  })

  it('recognises gzip by its magic bytes, whatever the file name', async () => {
    const text = readFileSync(DUMP, 'utf8')
    const gz = join(dir, 'dump.json') // deliberately not .gz
    writeFileSync(gz, gzipSync(text))
    expect((await readInput(gz)).text).to.equal(text)
    writeFileSync(join(dir, 'dump.json.gz'), gzipSync(text))
    expect((await readInput(join(dir, 'dump.json.gz'))).text).to.equal(text)
  })

  it('reads gzip from stdin too', async () => {
    const text = readFileSync(DUMP, 'utf8')
    expect((await readInput('-', fakeStdin([gzipSync(text)]))).text).to.equal(text)
  })

  it('a cut-short gzip is INPUT_INVALID', async () => {
    const gz = gzipSync(readFileSync(DUMP))
    const path = join(dir, 'cut.gz')
    writeFileSync(path, gz.subarray(0, gz.length / 2))
    const e = await rejection(readInput(path))
    expect(e.code).to.equal('INPUT_INVALID')
    expect(e.message).to.match(/^.*cut\.gz looks gzip-compressed but does not decompress/)
  })

  it('a missing file is INPUT_UNREADABLE (3): "no such file"', async () => {
    const e = await rejection(readInput(join(dir, 'nope.json')))
    expect(e.code).to.equal('INPUT_UNREADABLE')
    expect(e.exitCode).to.equal(3)
    expect(e.message).to.equal(`cannot read ${join(dir, 'nope.json')}: no such file`)
  })

  it('a directory is INPUT_UNREADABLE: "it is a directory"', async () => {
    const e = await rejection(readInput(dir))
    expect(e.code).to.equal('INPUT_UNREADABLE')
    expect(e.message).to.equal(`cannot read ${dir}: it is a directory`)
  })

  it('an empty (or blank) file is INPUT_INVALID (4)', async () => {
    for (const content of ['', '  \n\t\n']) {
      const path = join(dir, 'empty.json')
      writeFileSync(path, content)
      const e = await rejection(readInput(path))
      expect(e.code).to.equal('INPUT_INVALID')
      expect(e.exitCode).to.equal(4)
      expect(e.message).to.equal(`${path} is empty`)
    }
  })

  it('empty stdin is INPUT_INVALID', async () => {
    const e = await rejection(readInput('-', fakeStdin([])))
    expect(e.message).to.equal('stdin is empty')
  })

  it('stdin that is a terminal is refused without reading it', async () => {
    const tty = fakeStdin(['never read'], true)
    const e = await rejection(readInput('-', tty))
    expect(e.code).to.equal('INPUT_UNREADABLE')
    expect(e.message).to.equal('-f - reads a dump from stdin, but stdin is a terminal')
    expect(e.suggestions[0]).to.match(/^Pipe a dump in: curl .* \| meshscope proxy-config cluster -f -$/)
    expect(tty.readableEnded).to.equal(false)
  })
})

describe('-f - through the built CLI (stdin piped by runCli)', () => {
  it('reads the dump from stdin', async () => {
    const viaFile = await runCli(['proxy-config', 'cluster', '-f', DUMP])
    const viaStdin = await runCli(['proxy-config', 'cluster', '-f', '-'], {stdin: readFileSync(DUMP)})
    expect(viaStdin.stderr).to.equal('')
    expect(viaStdin.code).to.equal(0)
    expect(viaStdin.stdout).to.equal(viaFile.stdout)
    expect(viaStdin.stdout).to.include('httpbin.default.svc.cluster.local')
  })

  it('reads a gzip dump from stdin', async () => {
    const viaStdin = await runCli(['proxy-config', 'cluster', '-f', '-', '-o', 'json'], {stdin: gzipSync(readFileSync(DUMP))})
    expect(viaStdin.code).to.equal(0)
    expect(JSON.parse(viaStdin.stdout)).to.have.length(3)
  })
})
