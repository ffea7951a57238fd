/**
 * Writes bench/report-gpu.{json,md} from what device-run.sh left in its output folder:
 * raw-<label>.json (gpu-bench measure), env-*.txt (nvidia-smi, nvcc, llama-server --version, ldd),
 * model-<label>.json (gpu-bench gguf), llama-bench-<label>.json and webgpu.json (when tried).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../bench-context.ts';
import type { RawRun } from './gpu-bench.ts';

const REQUIRED = [
  ['gateway_gpu_concurrency_8_vs_1_ratio', 3, '≥'],
  ['gateway_gpu_http_vs_direct_ratio', 0.97, '≥'],
] as const;

function text(dir: string, name: string): string | undefined {
  const p = join(dir, name);
  return existsSync(p) ? readFileSync(p, 'utf8').trim() : undefined;
}
function json<T>(dir: string, name: string): T | undefined {
  const t = text(dir, name);
  if (t === undefined || t === '') return undefined;
  try {
    return JSON.parse(t) as T;
  } catch {
    return undefined;
  }
}

interface Machine {
  gpu?: string | undefined;
  gpuMemory?: string | undefined;
  driver?: string | undefined;
  cudaDriverApi?: string | undefined;
  nvcc?: string | undefined;
  cpu?: string | undefined;
  cores?: string | undefined;
  kernel?: string | undefined;
  llamaServer?: string | undefined;
  llamaCppCommit?: string | undefined;
  libcuda?: string | undefined;
  node?: string | undefined;
}

function machineInfo(dir: string): Machine {
  const m: Machine = {};
  // nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  const smi = text(dir, 'env-gpu.csv')?.split('\n')[0]?.split(',').map((s) => s.trim());
  if (smi) [m.gpu, m.driver, m.gpuMemory] = smi;
  m.cudaDriverApi = text(dir, 'env-nvidia-smi.txt')?.match(/CUDA Version:\s*([\d.]+)/)?.[1];
  m.nvcc = text(dir, 'env-nvcc.txt')?.match(/release ([\d.]+), (V[\d.]+)/)?.slice(1).join(', ');
  m.cpu = text(dir, 'env-cpu.txt');
  m.cores = text(dir, 'env-cores.txt');
  m.kernel = text(dir, 'env-kernel.txt');
  m.llamaServer = text(dir, 'env-llama-version.txt')?.split('\n').filter((l) => /version|built with/i.test(l)).join('; ');
  m.llamaCppCommit = text(dir, 'env-llama-commit.txt');
  m.libcuda = text(dir, 'env-ldd.txt')?.split('\n').filter((l) => /libcuda\.so|libcudart|libcublas\.so/.test(l)).map((l) => l.trim()).join('; ');
  m.node = text(dir, 'env-node.txt');
  for (const k of Object.keys(m) as Array<keyof Machine>) if (m[k] === undefined || m[k] === '') delete m[k];
  return m;
}

interface LlamaBenchRow { n_prompt: number; n_gen: number; avg_ts: number; stddev_ts: number; backends?: string | undefined; n_gpu_layers?: number | undefined; type_k?: string | undefined; flash_attn?: number | boolean | undefined }

export interface WebGpuResult {
  /** Measured ratio, or null with the reason it could not be measured. */
  webgpu_vs_native_decode_ratio: number | null;
  reason?: string;
  details?: Record<string, unknown>;
}

function fmt(f: Figure | undefined): string {
  if (!f) return '—';
  return `${f.value} ${f.unit}${f.repeats > 1 ? ` (${f.min}–${f.max}, n=${f.repeats})` : ''}`;
}

export function writeGpuReport(rawDir: string, outDir: string, runs: RawRun[], primaryLabel?: string): void {
  if (runs.length === 0) throw new Error(`no raw-*.json in ${rawDir}`);
  const machine = machineInfo(rawDir);
  const models: Record<string, { spec?: unknown; fileBytes?: number; figures: Record<string, Figure>; llamaBench?: LlamaBenchRow[]; settings: RawRun['settings'] }> = {};
  for (const run of runs) {
    const model = json<{ spec: unknown; path: string; bytes?: number }>(rawDir, `model-${run.label}.json`);
    const bench = json<LlamaBenchRow[]>(rawDir, `llama-bench-${run.label}.json`);
    models[run.label] = {
      ...(model ? { spec: model.spec, ...(model.bytes ? { fileBytes: model.bytes } : {}) } : {}),
      figures: run.figures,
      settings: run.settings,
      ...(bench ? { llamaBench: bench.map((r) => ({ n_prompt: r.n_prompt, n_gen: r.n_gen, avg_ts: r.avg_ts, stddev_ts: r.stddev_ts, backends: r.backends, n_gpu_layers: r.n_gpu_layers, flash_attn: r.flash_attn })) } : {}),
    };
  }
  const primary = runs.find((r) => r.label === primaryLabel) ?? runs[0]!;
  const webgpu = json<WebGpuResult>(rawDir, 'webgpu.json') ?? {
    webgpu_vs_native_decode_ratio: null,
    reason: 'not run: the device session spent its time on the gateway measurement; no browser or Dawn runtime was started on the GPU machine',
  };
  const probes = Object.fromEntries(
    ['webgpu-probe.json', 'webgpu-probe-glvnd.json'].map((f) => [f, json<Record<string, unknown>>(rawDir, f)] as const).filter(([, v]) => v !== undefined),
  );
  if (Object.keys(probes).length > 0) webgpu.details = { ...(webgpu.details ?? {}), probes };
  const results: Record<string, Figure | { value: null; reason: string }> = {};
  for (const [key] of REQUIRED) {
    const f = primary.figures[key];
    if (f) results[key] = f;
  }
  results.webgpu_vs_native_decode_ratio = webgpu.webgpu_vs_native_decode_ratio === null ? { value: null, reason: webgpu.reason ?? 'not measured' } : { value: webgpu.webgpu_vs_native_decode_ratio, unit: 'ratio', min: webgpu.webgpu_vs_native_decode_ratio, max: webgpu.webgpu_vs_native_decode_ratio, repeats: 1, how: 'WebGPU decode tok/s ÷ llama.cpp CUDA decode tok/s on the same GGUF file' } as Figure;
  const goals = Object.fromEntries(REQUIRED.map(([k, v, op]) => [k, { goal: `${op} ${v}`, met: (primary.figures[k]?.value ?? -Infinity) >= v }]));
  const report = {
    generated: new Date().toISOString(),
    script: 'tools/src/bench/gpu/device-run.sh (gpu-bench.ts bundled by build-bundle.sh)',
    machine,
    primaryModel: primary.label,
    results,
    goals,
    models,
    webgpu,
  };
  writeFileSync(join(outDir, 'report-gpu.json'), `${JSON.stringify(report, null, 2)}\n`);

  const md: string[] = [];
  md.push('# Hearth on a GPU: the gateway in front of a CUDA llama-server', '');
  md.push(`Generated ${report.generated} by \`tools/src/bench/gpu/device-run.sh\` (numbers in [report-gpu.json](report-gpu.json)).`, '');
  md.push('| machine | |', '| --- | --- |');
  const rows: Array<[string, string | undefined]> = [
    ['GPU', machine.gpu && `${machine.gpu} (${machine.gpuMemory ?? '?'})`],
    ['driver', machine.driver],
    ['CUDA (driver API, nvidia-smi)', machine.cudaDriverApi],
    ['CUDA compiler (nvcc)', machine.nvcc],
    ['CPU', machine.cpu && `${machine.cpu}${machine.cores ? `, ${machine.cores} cores` : ''}`],
    ['kernel', machine.kernel],
    ['llama.cpp', [machine.llamaCppCommit && `commit ${machine.llamaCppCommit}`, machine.llamaServer].filter(Boolean).join('; ') || undefined],
    ['libcuda loaded', machine.libcuda],
    ['Node (gateway and client)', machine.node],
  ];
  for (const [k, v] of rows) if (v) md.push(`| ${k} | ${v.replace(/\|/g, '\\|')} |`);
  md.push('', `## Required (the report's value is the ${primary.label} model's)`, '', '| key | value (median, spread = range of pairs) | goal | met |', '| --- | --- | --- | --- |');
  for (const [k, v, op] of REQUIRED) {
    md.push(`| \`${k}\` (${primary.label}) | ${fmt(primary.figures[k])} | ${op} ${v} | ${goals[k]!.met ? 'yes' : 'no'} |`);
    for (const run of runs.filter((r) => r !== primary)) md.push(`| \`${k}\` (${run.label}) | ${fmt(run.figures[k])} | ${op} ${v} | ${(run.figures[k]?.value ?? -Infinity) >= v ? 'yes' : 'no'} |`);
  }
  md.push(`| \`webgpu_vs_native_decode_ratio\` | ${webgpu.webgpu_vs_native_decode_ratio ?? `not measured: ${webgpu.reason ?? ''}`} | measured | ${webgpu.webgpu_vs_native_decode_ratio === null ? 'no' : 'yes'} |`);
  for (const [label, m] of Object.entries(models)) {
    md.push('', `## Model \`${label}\``, '');
    if (m.spec) md.push(`Shape: \`${JSON.stringify(m.spec)}\`${m.fileBytes ? `, ${(m.fileBytes / 1e6).toFixed(0)} MB` : ''}. Random weights from the project's GGUF writer (tools/src/gguf/); llama-server runs with \`--ignore-eos\`, so every stream generates its full token count.`, '');
    md.push('| figure | value | how |', '| --- | --- | --- |');
    for (const [k, f] of Object.entries(m.figures)) md.push(`| \`${k}\` | ${fmt(f)} | ${f.how.replace(/\|/g, '\\|')} |`);
    if (m.llamaBench) {
      md.push('', 'llama-bench (native CUDA, no HTTP):', '', '| test | tok/s |', '| --- | --- |');
      for (const r of m.llamaBench) md.push(`| ${r.n_prompt > 0 ? `pp${r.n_prompt}` : `tg${r.n_gen}`} | ${r.avg_ts.toFixed(1)} ± ${r.stddev_ts.toFixed(1)} |`);
    }
  }
  md.push('', '## WebGPU in a browser on the GPU', '');
  if (webgpu.webgpu_vs_native_decode_ratio === null) md.push(`Not measured. ${webgpu.reason ?? ''}`);
  else md.push(`webgpu_vs_native_decode_ratio = ${webgpu.webgpu_vs_native_decode_ratio}`);
  for (const [name, probe] of Object.entries(probes)) {
    const p = probe as { ok?: boolean; adapter?: unknown; features?: string[]; copyBandwidthGBs?: number; error?: string };
    md.push('', `- \`${name}\`: ${p.ok ? `adapter ${JSON.stringify(p.adapter)}; shader-f16 ${p.features?.includes('shader-f16') ? 'yes' : '**no**'}; features ${p.features?.join(', ')}; WGSL copy kernel ${p.copyBandwidthGBs} GB/s (read + written)` : `failed: ${p.error?.split('\n')[0]}`}`);
  }
  const notes = text(rawDir, 'notes.md');
  if (notes) md.push('', '## Notes', '', notes);
  md.push('', '## How it was run', '', 'See `tools/src/bench/gpu/README.md`: pack-carry.sh here, one device call running device-run.sh (and one running device-webgpu.sh for the WebGPU probe), then `gpu-bench report` here over the returned raw files.', '');
  writeFileSync(join(outDir, 'report-gpu.md'), `${md.join('\n')}\n`);
}
