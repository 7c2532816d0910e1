/**
 * The only module that imports @kubernetes/client-node at run time. It re-exports just the classes meshscope
 * uses, so that scripts/build.mjs can tree-shake client-node into one small chunk. Load it through
 * loadK8s() (load-k8s.ts), never statically: commands that do not touch Kubernetes must not pay for it.
 */
export {ApiException, AppsV1Api, CoreV1Api, Exec, KubeConfig, Observable, PortForward} from '@kubernetes/client-node'
// not in client-node's index: needed to own the WebSocket (and so abort a handshake that hangs)
export {WebSocketHandler} from '@kubernetes/client-node/dist/web-socket-handler.js'
export {WebSocket} from 'ws'
