// Test page: runs every task API on an in-browser engine (in its Worker) and renders model-like
// Markdown into the live page, for tests/browser/tasks-browser.test.ts. Everything crosses to
// Playwright as JSON text.
import { HearthError } from '@hearth/sdk';
import { renderMarkdownFragment, renderMarkdownSafely } from '@hearth/ui/render';
import { type WorkerEngine } from '@hearth/sdk/engines';
import { modelHintsFromGguf } from '@hearth/sdk/tasks';
import { ggufRangeReaderFromUrl, readGgufHeader } from '@hearth/sdk/gguf';
import type { LoadRequest } from '@hearth/spec';
import { deviceWorkerEngine } from '../../support/device-route.ts';
import { runEveryTask, type EveryTaskOptions } from './run-every-task.ts';

/** The engines this page can run the tasks on (llama-wasm needs the page cross-origin isolated, as the gateway serves it). */
export type TasksEngine = 'wllama' | 'llama-wasm';

let engine: WorkerEngine | undefined;

/** What a rendering did to the live page. */
export interface RenderReport {
  /** Calls to alert/confirm/prompt and to `window.pwned()`: any is script that ran. */
  scriptRuns: string[];
  tags: string[];
  attributes: string[];
  hrefs: string[];
  html: string;
}

const scriptRuns: string[] = [];
for (const name of ['alert', 'confirm', 'prompt', 'pwned'] as const) {
  Object.defineProperty(window, name, { configurable: true, value: (...args: unknown[]) => void scriptRuns.push(`${name}(${args.map(String).join(',')})`) });
}

function describeTree(root: ParentNode): Omit<RenderReport, 'scriptRuns' | 'html'> {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  const hrefs: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    tags.add(el.localName);
    for (const attribute of el.attributes) attributes.add(attribute.name);
    if (el instanceof HTMLAnchorElement) hrefs.push(el.href);
  }
  return { tags: [...tags].sort(), attributes: [...attributes].sort(), hrefs };
}

/** Lets anything the inserted nodes could start (an onerror, a load, a meta refresh) happen first. */
const settleTasks = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

const tasksHarness = {
  /** Creates the engine of this kind (replacing another kind) and loads the model into it. */
  load: async (requestJson: string, kind: TasksEngine = 'wllama'): Promise<string> => {
    try {
      if (engine && engine.engineId !== kind) {
        engine.terminate();
        engine = undefined;
      }
      engine ??= deviceWorkerEngine(kind);
      return JSON.stringify({ ok: true, value: await engine.load(JSON.parse(requestJson) as Omit<LoadRequest, 'signal'>) });
    } catch (error) {
      return JSON.stringify({ ok: false, error: HearthError.from(error).toJSON() });
    }
  },
  /** Reads the model's GGUF header over HTTP Range (as an app would) and runs every task with the family it names. */
  runEveryTask: async (optionsJson: string, modelUrl: string): Promise<string> => {
    if (!engine) throw new Error('load a model first');
    const model = modelHintsFromGguf((await readGgufHeader(ggufRangeReaderFromUrl(modelUrl))).metadata);
    return JSON.stringify({ model, report: await runEveryTask(engine, { ...(JSON.parse(optionsJson) as EveryTaskOptions), model }) });
  },
  /** Renders Markdown into the live document both ways (DOM nodes, and the HTML string through innerHTML), or not at all (`raw`). */
  render: async (markdown: string, how: 'fragment' | 'html' | 'raw'): Promise<string> => {
    const container = document.createElement('section');
    document.getElementById('rendered')?.append(container);
    if (how === 'fragment') container.replaceChildren(renderMarkdownFragment(markdown));
    else if (how === 'html') container.innerHTML = renderMarkdownSafely(markdown);
    // The control: the same text put in the page as HTML, unrendered, to prove the payloads bite.
    else container.innerHTML = markdown;
    await settleTasks();
    const report: RenderReport = { scriptRuns: [...scriptRuns], html: container.innerHTML, ...describeTree(container) };
    return JSON.stringify(report);
  },
};

declare global {
  interface Window {
    tasksHarness: typeof tasksHarness;
  }
}
window.tasksHarness = tasksHarness;
