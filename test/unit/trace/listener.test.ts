import {expect} from 'chai'
import {ConfigDump} from '../../../src/lib/envoy/config-dump.js'
import {listenerViews, selectListeners} from '../../../src/lib/trace/listener.js'

/** A v3 ListenersConfigDump built from listener resources (snake_case, as Envoy writes them). */
function dumpOf(...listeners: Record<string, unknown>[]): ConfigDump {
  return new ConfigDump([
    {
      '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
      dynamic_listeners: listeners.map((l) => ({name: l.name, active_state: {listener: {'@type': 'type.googleapis.com/envoy.config.listener.v3.Listener', ...l}}})),
    },
  ])
}
const at = (address: string, port: number, protocol?: string) => ({socket_address: {address, port_value: port, ...(protocol ? {protocol} : {})}})

const capture = {name: 'virtualOutbound', address: at('0.0.0.0', 15001), use_original_dst: true}
const exact = {name: '10.96.0.10_53', address: at('10.96.0.10', 53), bind_to_port: false}
const wildcard = {name: '0.0.0.0_9080', address: at('0.0.0.0', 9080), bind_to_port: false}
const exact9080 = {name: '10.96.1.1_9080', address: at('10.96.1.1', 9080), bind_to_port: false}
const udp = {name: 'udp_9080', address: at('10.96.2.2', 9080, 'UDP')}
const inbound = {name: 'virtualInbound', address: at('0.0.0.0', 15006), listener_filters: [{name: 'envoy.filters.listener.original_dst'}]}

describe('listener selection: capture and original-destination hand-off (§3.1)', () => {
  const views = listenerViews(dumpOf(capture, exact, wildcard, exact9080, udp, inbound))
  const names = (destIp: string | undefined, destPort: number, direction: 'outbound' | 'inbound' = 'outbound') =>
    selectListeners(views, {destIp, destPort, direction}).steps.map((s) => `${s.how}:${s.view.name}`)

  it('UDP listeners cannot take a TCP connection', () => {
    expect(views.map((v) => v.name)).to.not.include('udp_9080')
  })
  it('hand-off to the listener at exactly ip:port first', () => {
    expect(names('10.96.1.1', 9080)).to.deep.equal(['capture:virtualOutbound', 'hand-off:10.96.1.1_9080'])
    expect(names('10.96.0.10', 53)).to.deep.equal(['capture:virtualOutbound', 'hand-off:10.96.0.10_53'])
  })
  it('then the wildcard 0.0.0.0:port', () => {
    const s = selectListeners(views, {destIp: '10.9.9.9', destPort: 9080, direction: 'outbound'})
    expect(s.steps.map((x) => x.view.name)).to.deep.equal(['virtualOutbound', '0.0.0.0_9080'])
    expect(s.steps[1].nearMisses.map((m) => m.resource)).to.deep.equal(['10.96.1.1_9080'])
  })
  it('else the connection stays on the capture listener', () => {
    expect(names('10.9.9.9', 5432)).to.deep.equal(['capture:virtualOutbound', 'stay:virtualOutbound'])
  })
  it('an IPv6 destination does not take the IPv4 wildcard listener', () => {
    expect(names('fd00::1', 9080)).to.deep.equal(['capture:virtualOutbound', 'stay:virtualOutbound'])
  })
  it('inbound goes to 15006, whose original_dst filter restores the destination without a hand-off', () => {
    const s = selectListeners(views, {destIp: '10.96.1.1', destPort: 9080, direction: 'inbound'})
    expect(s.steps.map((x) => `${x.how}:${x.view.name}`)).to.deep.equal(['capture:virtualInbound'])
    expect(s.steps[0].caveats.join()).to.contain('not handed off')
  })
  it('inbound without 15006 (Istio < 1.3) is captured by 15001', () => {
    const old = listenerViews(dumpOf(capture, exact9080))
    expect(selectListeners(old, {destIp: '10.96.1.1', destPort: 9080, direction: 'inbound'}).steps.map((x) => x.view.name)).to.deep.equal(['virtualOutbound', '10.96.1.1_9080'])
  })

  describe('without a capture listener (gateways, plain Envoy)', () => {
    it('the bound listener at ip:port, else 0.0.0.0:port', () => {
      const v = listenerViews(dumpOf({name: 'any_80', address: at('0.0.0.0', 80)}, {name: 'vip_80', address: at('10.0.0.1', 80)}))
      expect(selectListeners(v, {destIp: '10.0.0.1', destPort: 80, direction: 'outbound'}).steps[0].view.name).to.equal('vip_80')
      expect(selectListeners(v, {destIp: '10.0.0.2', destPort: 80, direction: 'outbound'}).steps[0].view.name).to.equal('any_80')
    })
    it('bind_to_port: false listeners never accept directly (v3 field and v2 deprecated_v1)', () => {
      const v = listenerViews(dumpOf({name: 'unbound', address: at('0.0.0.0', 80), bind_to_port: false}, {name: 'v1', address: at('0.0.0.0', 81), deprecated_v1: {bind_to_port: false}}))
      for (const port of [80, 81]) {
        const s = selectListeners(v, {destIp: '10.0.0.1', destPort: port, direction: 'outbound'})
        expect(s.steps).to.deep.equal([])
        expect(s.failure?.nearMisses[0].why).to.contain('bind_to_port: false')
      }
    })
  })
})
