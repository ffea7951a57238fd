// `@hearth/sdk/hub`: one model store shared across origins through a hub page, and a store in
// another context (a Worker, the hub) used as if it were here.
export { connectHub, type ConnectHubOptions, type HubConnection } from '../hub/connect-hub.ts';
export { StoreClient, type ModelStoreLike, type RemoteEnsureOptions } from '../hub/store-client.ts';
export { serveStore } from '../hub/serve-store.ts';
export {
  HUB_CONNECT,
  type StoreRequest,
  type StoreReply,
  type HelloResult,
  type EnsureManifestResult,
  type RemoteDownloadSettings,
  type PortLike,
} from '../hub/store-protocol.ts';
