// Test page: runs every task API on wllama (in its Worker) and renders model-like Markdown into
// the live page, for tests/browser/tasks-wllama.test.ts. Everything crosses to Playwright as JSON text.
import { createWllamaWorkerEngine, ggufRangeReaderFromUrl, HearthError, modelHintsFromGguf, readGgufHeader, renderMarkdownFragment, renderMarkdownSafely, type WorkerEngine } from '@hearth/sdk';
import type { LoadRequest } from '@hearth/spec';
import { runEveryTask, type EveryTaskOptions } from './run-every-task.ts';

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
  load: async (requestJson: string): Promise<string> => {
    try {
      engine ??= createWllamaWorkerEngine();
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
