import {expect} from 'chai'
import {parseListenersStatus} from '../../../src/lib/envoy/listeners-status.js'

// No real /listeners output is among the fixtures: these samples follow envoy-semantics.md §1.3, with
// listener names and addresses of the Istio 1.3 productpage dump.
describe('envoy/listeners-status', () => {
  it('text: one line per socket, additional addresses grouped under their listener', () => {
    const text = [
      'virtualOutbound::0.0.0.0:15001',
      'virtualInbound::0.0.0.0:15006',
      '0.0.0.0_9080::0.0.0.0:9080',
      'dual::0.0.0.0:8080',
      'dual::[::]:8080',
      'uds::/var/run/x.sock',
      '',
    ].join('\n')
    const l = parseListenersStatus(text, 'listeners.txt')
    expect(l.map((x) => x.name)).to.deep.equal(['virtualOutbound', 'virtualInbound', '0.0.0.0_9080', 'dual', 'uds'])
    expect(l[0].localAddress).to.deep.equal({socketAddress: {address: '0.0.0.0', portValue: 15001}})
    expect(l[3].additionalLocalAddresses).to.deep.equal([{socketAddress: {address: '::', portValue: 8080}}])
    expect(l[4].localAddress).to.deep.equal({pipe: {path: '/var/run/x.sock'}})
  })

  it('text: a listener whose name contains "::" keeps it', () => {
    expect(parseListenersStatus('[::]_15001::[::]:15001', 'x')[0]).to.deep.include({name: '[::]_15001', localAddress: {socketAddress: {address: '::', portValue: 15001}}})
  })

  it('json: snake_case as Envoy writes it, read into protojson form', () => {
    const json = JSON.stringify({
      listener_statuses: [
        {name: 'virtualOutbound', local_address: {socket_address: {address: '0.0.0.0', port_value: 15001}}},
        {name: 'dual', local_address: {socket_address: {address: '0.0.0.0', port_value: 8080}}, additional_local_addresses: [{socket_address: {address: '::', port_value: 8080}}]},
      ],
    })
    const l = parseListenersStatus(json, 'listeners.json')
    expect(l).to.deep.equal([
      {name: 'virtualOutbound', localAddress: {socketAddress: {address: '0.0.0.0', portValue: 15001}}, additionalLocalAddresses: []},
      {name: 'dual', localAddress: {socketAddress: {address: '0.0.0.0', portValue: 8080}}, additionalLocalAddresses: [{socketAddress: {address: '::', portValue: 8080}}]},
    ])
  })

  for (const [what, text] of [
    ['a config dump', '{"configs": []}'],
    ['plain text', 'not listeners'],
    ['empty text', '\n'],
  ]) {
    it(`${what}: INPUT_INVALID`, () => {
      expect(() => parseListenersStatus(text, 'in')).to.throw().with.property('code', 'INPUT_INVALID')
    })
  }
})
