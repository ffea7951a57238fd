// The page's own model store in a dedicated Worker: OPFS sync access handles exist only there.
// Served over the SDK's store protocol, as an app (or the hub) serves it.
import { openBrowserModelStore } from '@hearth/sdk/store';
import { serveStore, type PortLike } from '@hearth/sdk/hub';

const store = openBrowserModelStore();
// A refusal is answered to each request by serveStore; an unobserved rejection would also be logged.
store.catch(() => {});
serveStore(self as unknown as PortLike, () => store);
