import {expect} from 'chai'
import {writeStdout} from '../../../src/lib/cli/stdout.js'

/** What writeStdout hands to process.stdout.write. */
function written(text: string): unknown[] {
  const chunks: unknown[] = []
  const write = process.stdout.write
  process.stdout.write = ((chunk: unknown) => chunks.push(chunk) > 0) as typeof process.stdout.write
  try {
    writeStdout(text)
  } finally {
    process.stdout.write = write
  }
  return chunks
}

describe('writeStdout (cli/stdout.ts)', () => {
  it('writes a large ASCII text as its latin1 bytes, which are its UTF-8 bytes', () => {
    const text = 'outbound|9080||reviews.default.svc.cluster.local\n'.repeat(2000)
    const [chunk] = written(text)
    expect(Buffer.isBuffer(chunk)).to.equal(true)
    expect((chunk as Buffer).equals(Buffer.from(text, 'utf8'))).to.equal(true)
  })

  it('writes any text with a character past ASCII, and a short text, as the string (Node encodes it as UTF-8)', () => {
    for (const text of [`${'a'.repeat(100_000)}é`, `☃${'a'.repeat(100_000)}`, `${'a'.repeat(100_000)}\u{1d11e}`, 'short\n']) {
      expect(written(text)).to.deep.equal([text])
    }
  })
})
