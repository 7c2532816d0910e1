import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'
import {expect} from 'chai'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {loadKubeContext} from '../../../src/lib/kube/kubeconfig.js'
import {loadK8s} from '../../../src/lib/kube/load-k8s.js'

const config = (current: string, contexts: {name: string; cluster: string; namespace?: string}[], clusters: string[]) => `apiVersion: v1
kind: Config
current-context: ${current}
clusters:
${clusters.map((c) => `- name: ${c}\n  cluster:\n    server: https://${c}.example:6443`).join('\n')}
users:
- name: u
  user:
    token: t
contexts:
${contexts.map((c) => `- name: ${c.name}\n  context:\n    cluster: ${c.cluster}\n    user: u${c.namespace ? `\n    namespace: ${c.namespace}` : ''}`).join('\n')}
`

describe('kube/kubeconfig: loading as kubectl does', () => {
  let dir: string
  let a: string
  let b: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshscope-kc-'))
    a = join(dir, 'a')
    b = join(dir, 'b')
    writeFileSync(a, config('one', [{name: 'one', cluster: 'alpha', namespace: 'shop'}], ['alpha']))
    // b redefines cluster alpha (ignored: the first file wins) and adds context two
    writeFileSync(b, config('two', [{name: 'two', cluster: 'alpha'}], ['alpha', 'beta']).replace('https://alpha.example', 'https://other.example'))
  })
  after(() => rmSync(dir, {recursive: true, force: true}))

  const code = (fn: () => unknown) => {
    try {
      fn()
    } catch (err) {
      return err instanceof MeshscopeError ? `${err.code}: ${err.message}` : String(err)
    }
    return 'no error'
  }

  it('merges a KUBECONFIG list with the first file winning, skipping missing files', async () => {
    const k8s = await loadK8s()
    const ctx = loadKubeContext(k8s, {}, {KUBECONFIG: [join(dir, 'missing'), a, b].join(delimiter)})
    expect(ctx.context).to.equal('one')
    expect(ctx.namespace).to.equal('shop')
    expect(ctx.server).to.equal('https://alpha.example:6443')
    const two = loadKubeContext(k8s, {context: 'two'}, {KUBECONFIG: [a, b].join(delimiter)})
    expect(two.namespace).to.equal('default')
  })

  it('--kubeconfig wins over KUBECONFIG', async () => {
    const k8s = await loadK8s()
    expect(loadKubeContext(k8s, {kubeconfig: b}, {KUBECONFIG: a}).context).to.equal('two')
  })

  it('an unknown --context is an error that lists the known ones, not a silent fallback', async () => {
    const k8s = await loadK8s()
    expect(code(() => loadKubeContext(k8s, {context: 'prod'}, {KUBECONFIG: a}))).to.equal(`KUBECONFIG: context "prod" is not in ${a}`)
  })

  it('no kubeconfig anywhere is an error that says how to point at a cluster', async () => {
    const k8s = await loadK8s()
    expect(code(() => loadKubeContext(k8s, {}, {HOME: dir}))).to.equal(`KUBECONFIG: no kubeconfig: KUBECONFIG is not set and ${join(dir, '.kube', 'config')} does not exist`)
    expect(code(() => loadKubeContext(k8s, {kubeconfig: join(dir, 'nope')}, {}))).to.match(/^KUBECONFIG: --kubeconfig .*nope does not exist$/)
    expect(code(() => loadKubeContext(k8s, {}, {KUBECONFIG: join(dir, 'nope')}))).to.match(/^KUBECONFIG: none of the files in KUBECONFIG exists/)
  })

  it('a kubeconfig that is not YAML is a KUBECONFIG error', async () => {
    const k8s = await loadK8s()
    const bad = join(dir, 'bad')
    writeFileSync(bad, 'clusters: [unclosed')
    expect(code(() => loadKubeContext(k8s, {kubeconfig: bad}, {}))).to.match(/^KUBECONFIG: cannot load kubeconfig /)
  })
})
