import {spawnSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {expect} from 'chai'
import {COMMANDS} from '../../src/main.js'
import {ROOT} from '../helpers/cli.js'

/** What `npm run build` makes: one bundle that oclif finds every command in, and a code cache V8 accepts. */
describe('the built CLI (dist/meshscope.cjs)', () => {
  it('src/main.ts registers every file in src/commands under its oclif id', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
    const commandsDir = join(ROOT, 'src', 'commands')
    const ids = walk(commandsDir).map((f) => relative(commandsDir, f).replace(/\.ts$/, '').split('/').join(':'))
    expect(Object.keys(COMMANDS).sort()).to.deep.equal(ids.sort())
  })

  it('leaves client-node out: only dist/k8s.bundle.cjs holds it, loaded by live commands alone', () => {
    // client-node's port-forward offers this subprotocol; no meshscope source names it
    const marker = 'v4.channel.k8s.io'
    expect(readFileSync(join(ROOT, 'dist', 'k8s.bundle.cjs'), 'utf8')).to.include(marker)
    expect(readFileSync(join(ROOT, 'dist', 'meshscope.cjs'), 'utf8')).to.not.include(marker)
  })

  for (const bundle of ['meshscope.cjs', 'k8s.bundle.cjs']) {
    it(`loads dist/${bundle} with its code cache accepted by this Node`, () => {
      const script = `const c = require('./bin/code-cache.cjs'); c.loadBundle(require('node:path').resolve('dist/${bundle}')); console.log(c.cacheState())`
      const r = spawnSync(process.execPath, ['-e', script], {cwd: ROOT, encoding: 'utf8'})
      expect(r.stderr).to.equal('')
      expect(r.stdout).to.equal('accepted\n')
    })
  }

  it('a cache made from other bytes of the same length is not used (V8 would run the old code)', () => {
    const script = `
      const fs = require('node:fs'), path = require('node:path'), os = require('node:os')
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshscope-cache-'))
      const file = path.join(dir, 'm.cjs')
      fs.writeFileSync(file, 'module.exports = 1')
      process.env.MESHSCOPE_WRITE_CODE_CACHE = '1'
      require('./bin/code-cache.cjs').loadBundle(file)
      process.on('exit', () => {
        fs.writeFileSync(file, 'module.exports = 2') // same length, other bytes
        const {execFileSync} = require('node:child_process')
        const probe = "const c = require('./bin/code-cache.cjs'); const v = c.loadBundle(process.argv[1]); console.log(v, c.cacheState())"
        process.stdout.write(execFileSync(process.execPath, ['-e', probe, file], {encoding: 'utf8'}))
        fs.rmSync(dir, {recursive: true})
      })`
    const r = spawnSync(process.execPath, ['-e', script], {cwd: ROOT, encoding: 'utf8', env: {...process.env, MESHSCOPE_WRITE_CODE_CACHE: undefined}})
    expect(r.stderr).to.equal('')
    expect(r.stdout).to.equal('2 stale\n')
  })
})
