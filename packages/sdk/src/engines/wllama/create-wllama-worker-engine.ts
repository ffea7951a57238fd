import { WorkerEngine } from '../../worker/worker-engine.ts';

/** wllama in its own Worker, so a long generation or a crash never freezes the page. */
export function createWllamaWorkerEngine(): WorkerEngine {
  const worker = new Worker(new URL('./wllama-worker.ts', import.meta.url), { type: 'module', name: 'hearth-wllama' });
  return new WorkerEngine('wllama', worker);
}
