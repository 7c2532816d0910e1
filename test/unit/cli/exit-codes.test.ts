import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {ExitCode, type ExitCodeName} from '../../../src/lib/cli/exit-codes.js'
import {ROOT} from '../../helpers/cli.js'
import {SCHEMAS} from '../../helpers/schema.js'

/** The `| code | name | meaning |` rows of docs/exit-codes.md, in order. */
function documentedCodes(): [string, number][] {
  const md = readFileSync(join(ROOT, 'docs', 'exit-codes.md'), 'utf8')
  const rows: [string, number][] = []
  for (const line of md.split('\n')) {
    const m = /^\|\s*(\d+)\s*\|\s*([A-Z_0-9]+)\s*\|\s*\S.*\|\s*$/.exec(line)
    if (m) rows.push([m[2], Number(m[1])])
  }
  return rows
}

describe('exit codes', () => {
  it('docs/exit-codes.md lists exactly the entries of ExitCode, with the same numbers, in the same order', () => {
    const documented = documentedCodes()
    expect(documented.length).to.be.greaterThan(10)
    expect(documented).to.deep.equal(Object.entries(ExitCode))
  })

  it('codes are unique and fit in a process exit status', () => {
    const values = Object.values(ExitCode)
    expect(new Set(values).size).to.equal(values.length)
    for (const v of values) expect(v).to.be.within(0, 125)
  })

  it('the error envelope schema allows exactly the non-zero codes', () => {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, 'envelope-error.json'), 'utf8'))
    const errors = Object.entries(ExitCode).filter(([, v]) => v !== 0)
    expect(schema.properties.error.properties.code.enum).to.deep.equal(errors.map(([k]) => k))
    expect(schema.properties.status.enum).to.deep.equal(errors.map(([, v]) => v))
  })

  it('MeshscopeError takes its exit code from the table', () => {
    for (const name of Object.keys(ExitCode) as ExitCodeName[]) {
      const e = new MeshscopeError(name, 'x')
      expect(e.exitCode, name).to.equal(ExitCode[name])
      expect(e.code).to.equal(name)
    }
  })
})
