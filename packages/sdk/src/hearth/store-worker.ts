// The page's model store for createHearth: OPFS through sync access handles, which exist only in a
// dedicated Worker. The device engines' Workers open the same store, so what this one downloads
// they load without fetching a byte.
import { serveStore } from '../hub/serve-store.ts';
import type { PortLike } from '../hub/store-protocol.ts';
import { openBrowserModelStore } from '../store/open-browser-model-store.ts';

const store = openBrowserModelStore();
// Opening can fail (storage denied): each request then reports it with its code.
store.catch(() => {});
serveStore(self as unknown as PortLike, () => store);
