import {PassThrough} from 'node:stream'
import type {KubeApi} from './api.js'

type Handler = InstanceType<KubeApi['k8s']['WebSocketHandler']>

/**
 * A client-node WebSocket handler whose sockets meshscope can kill: client-node offers no way to abort a
 * port-forward or exec handshake, so a slow API server would keep the process alive past --timeout.
 * `close()` terminates every socket it opened, connected or not.
 */
export function ownedSockets(api: KubeApi): {handler: Handler; close: () => void} {
  const {WebSocket, WebSocketHandler} = api.k8s
  const opened: InstanceType<typeof WebSocket>[] = []
  // client-node would otherwise wire server "close stream" frames to process.stdout/stderr
  const streams = {stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough()}
  const handler = new WebSocketHandler(
    api.ctx.kc,
    (uri, protocols, opts) => {
      const ws = new WebSocket(uri, protocols, opts)
      opened.push(ws)
      return ws
    },
    streams,
  )
  return {
    handler,
    close: () => {
      for (const ws of opened) ws.terminate()
    },
  }
}
