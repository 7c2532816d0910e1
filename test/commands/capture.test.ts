import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {expect} from 'chai'
import {DUMPS, type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {type Fleet, startFleet} from '../harness/fleet.js'
import {ROOT, runCli} from '../helpers/cli.js'

const POD = 'productpage-v1-7bbd79f8fd-k6j79'

describe('capture and --bundle (built CLI against the harness)', function () {
  this.timeout(120_000)
  let scratch: string
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'meshscope-capture-'))
  })
  afterEach(() => rmSync(scratch, {recursive: true, force: true}))

  describe('reading commands answer from a bundle as from the pod', () => {
    let cluster: LiveCluster
    let bundle: string
    before(async () => {
      cluster = await startLiveCluster()
      bundle = join(mkdtempSync(join(tmpdir(), 'meshscope-bundle-')), 'b')
      const r = await runCli(['capture', POD, 'waypoint-0.mesh', '--out', bundle, ...cluster.flags])
      expect(r.code, r.stderr).to.equal(0)
    })
    after(async () => {
      await cluster?.close()
      rmSync(join(bundle, '..'), {recursive: true, force: true})
    })

    for (const command of [['proxy-config', 'cluster'], ['proxy-config', 'listener'], ['proxy-config', 'route', '-o', 'json'], ['proxy-config', 'endpoint'], ['proxy-config', 'secret'], ['trace-route']]) {
      it(`${command.join(' ')}`, async () => {
        const pod = command[1] === 'secret' ? 'waypoint-0.mesh' : POD
        const after = command[0] === 'trace-route' ? ['http://reviews:9080/'] : []
        const liveRun = await runCli([...command, pod, ...after, ...cluster.flags])
        const offline = await runCli([...command, pod, ...after, '--bundle', bundle])
        expect(liveRun.code).to.equal(0)
        expect(offline.stderr).to.equal('')
        expect(offline.stdout).to.equal(liveRun.stdout)
        expect(offline.code).to.equal(liveRun.code)
      })
    }

    it('records why istiod was not captured, and names the pods of the bundle for an unknown pod', async () => {
      const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8'))
      expect(manifest.istiod.error).to.include('no running istiod pod')
      expect(manifest.pods.map((p: {proxy: string}) => p.proxy)).to.deep.equal([`${POD}.default`, 'waypoint-0.mesh'])
      const r = await runCli(['proxy-config', 'cluster', 'nope', '--bundle', bundle])
      expect(r.code).to.equal(34)
      expect(r.stderr).to.include('has no pod nope').and.include(`${POD}.default`)
    })

    it('refuses to overwrite an existing directory', async () => {
      const r = await runCli(['capture', POD, '--out', bundle, ...cluster.flags])
      expect(r.code).to.equal(2)
      expect(r.stderr).to.include('already exists')
    })

    it('diff: a pod against its own saved dump is the same (exit 0); against another proxy it differs (exit 1)', async () => {
      const same = await runCli(['diff', POD, DUMPS.productpage, ...cluster.flags])
      expect(same.code, same.stderr).to.equal(0)
      expect(same.stdout).to.match(/^No differences/)
      const other = await runCli(['diff', POD, 'waypoint-0.mesh', '--bundle', bundle, '--json'])
      expect(other.code).to.equal(1)
      expect(JSON.parse(other.stdout).result.same).to.equal(false)
    })
  })

  describe('an interrupted capture', () => {
    let fleet: Fleet
    before(async () => {
      fleet = await startFleet({healthy: 0, slow: 40, 'broken-routes': 0, 'broken-states': 0, 'old-root': 0, unreachable: 0, stuck: 0}, {slowMs: 300})
    })
    after(async () => fleet?.close())

    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`leaves nothing behind when killed with ${signal} half way`, async () => {
        const out = join(scratch, 'bundle')
        const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'capture', '-A', '-l', 'fleet=yes', '--concurrency', '2', '--out', out, ...fleet.flags], {cwd: ROOT, stdio: 'ignore'})
        const exited = new Promise<number | null>((resolve) => child.on('close', (code, sig) => resolve(code ?? (sig ? -1 : null))))
        // wait until some pods are written into the hidden work directory
        const partial = () => readdirSync(scratch).find((n) => n.startsWith('.bundle.partial-'))
        for (let i = 0; i < 600; i++) {
          const p = partial()
          if (p && existsSync(join(scratch, p, 'pods', 'fleet-a'))) break
          await sleep(50)
        }
        expect(partial(), 'capture started writing').to.be.a('string')
        child.kill(signal)
        await exited
        expect(existsSync(out)).to.equal(false)
        expect(readdirSync(scratch)).to.deep.equal([])
      })
    }
  })
})
