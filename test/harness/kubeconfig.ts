import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** A throwaway kubeconfig file pointing at a fake API server (plus a second, unreachable context). */
export function writeKubeconfig(server: string, token: string, opts: {namespace?: string; dir?: string} = {}): {path: string; dir: string; cleanup: () => void} {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'meshscope-kube-'))
  const path = join(dir, 'config')
  const yaml = `apiVersion: v1
kind: Config
current-context: fake
clusters:
- name: fake
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
- name: nowhere
  cluster:
    server: http://127.0.0.1:9
    insecure-skip-tls-verify: true
users:
- name: tester
  user:
    token: ${token}
- name: stranger
  user:
    token: wrong-token
contexts:
- name: fake
  context:
    cluster: fake
    user: tester
    namespace: ${opts.namespace ?? 'default'}
- name: fake-bad-token
  context:
    cluster: fake
    user: stranger
- name: unreachable
  context:
    cluster: nowhere
    user: tester
`
  writeFileSync(path, yaml)
  return {path, dir, cleanup: () => rmSync(dir, {recursive: true, force: true})}
}
