// This site's own model store (OPFS through sync access handles), served to the page. A test may
// name a quota in the Worker's name: it becomes the store's explicit `estimate` dependency.
import { openBrowserModelStore, type StorageRoom } from '@hearth/sdk/store';
import { serveStore, type PortLike } from '@hearth/sdk/hub';

const quota = Number(/quota=(\d+)/.exec(self.name)?.[1] ?? NaN);
const estimate = async (): Promise<StorageRoom> => {
  const { usage = 0 } = await navigator.storage.estimate();
  return { free: quota - usage, quota, usage };
};
const store = openBrowserModelStore(Number.isFinite(quota) ? { estimate } : {});
store.catch(() => {});
serveStore(self as unknown as PortLike, () => store);
