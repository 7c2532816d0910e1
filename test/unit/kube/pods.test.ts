import type {V1Pod} from '@kubernetes/client-node'
import {expect} from 'chai'
import {parseTimeout} from '../../../src/lib/kube/deadline.js'
import {checkPod, choosePod, selectorString} from '../../../src/lib/kube/pods.js'

const pod = (name: string, phase: string, ready: boolean, created = '2026-11-25T10:00:00Z', containers = ['app', 'istio-proxy']): V1Pod => ({
  metadata: {name, namespace: 'default', creationTimestamp: created as unknown as Date},
  spec: {containers: containers.map((n) => ({name: n}))},
  status: {phase, conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}]},
})

describe('kube/pods: which pod, and can it answer', () => {
  it('picks a running ready pod of a workload, the newest first', () => {
    const chosen = choosePod(
      [pod('a', 'Running', true, '2026-11-25T09:00:00Z'), pod('b', 'Failed', false, '2026-11-25T11:00:00Z'), pod('c', 'Running', true, '2026-11-25T10:00:00Z')],
      {kind: 'deployment', name: 'web'},
      'default',
    )
    expect(chosen.metadata?.name).to.equal('c')
  })

  it('says why when a workload has no usable pod', () => {
    expect(() => choosePod([], {kind: 'deployment', name: 'web'}, 'default')).to.throw(/deployment\/web in namespace default has no pods/)
    expect(() => choosePod([pod('a', 'Pending', false)], {kind: 'statefulset', name: 'db'}, 'ns')).to.throw(/no running, ready pod: a \(Pending, not ready\)/)
  })

  it('refuses a pod that is not running, or has no proxy container', () => {
    expect(() => checkPod(pod('a', 'Pending', false), 'istio-proxy', false)).to.throw(/not running \(phase Pending\)/)
    expect(() => checkPod(pod('a', 'Running', true, undefined, ['app']), 'istio-proxy', false)).to.throw(/has no istio-proxy container \(it has: app\)/)
    expect(checkPod(pod('a', 'Running', true), 'istio-proxy', false)).to.deep.equal({name: 'a', namespace: 'default', container: 'istio-proxy'})
  })

  it('finds istio-proxy as a native sidecar (init container with restartPolicy Always)', () => {
    const p = pod('w', 'Running', true, undefined, ['app'])
    p.spec!.initContainers = [{name: 'istio-init'}, {name: 'istio-proxy', restartPolicy: 'Always'}]
    expect(checkPod(p, 'istio-proxy', false).container).to.equal('istio-proxy')
    expect(() => checkPod(p, 'istio-init', true)).to.throw(/has no istio-init container/)
  })

  it('turns a workload selector into a label-selector query', () => {
    expect(
      selectorString({
        matchLabels: {app: 'web', version: 'v1'},
        matchExpressions: [
          {key: 'tier', operator: 'In', values: ['a', 'b']},
          {key: 'canary', operator: 'DoesNotExist'},
        ],
      }),
    ).to.equal('app=web,version=v1,tier in (a,b),!canary')
  })

  it('parses --timeout as a Go duration or seconds', () => {
    expect(parseTimeout('30s')).to.equal(30_000)
    expect(parseTimeout('1m30s')).to.equal(90_000)
    expect(parseTimeout('500ms')).to.equal(500)
    expect(parseTimeout('2')).to.equal(2000)
    expect(() => parseTimeout('soon')).to.throw(/not a duration/)
    expect(() => parseTimeout('0s')).to.throw(/more than zero/)
  })
})
