import type { DeviceProfile, Plan, Rejection } from '@hearth/spec';
import { formatSize } from './format-size.ts';

/** A plan as lines a person reads in a terminal: the routes in order, then every rejection. */
export function describePlan(p: Plan): string[] {
  const lines = [`${p.task} (policy ${p.policy}${p.consent === 'not-asked' ? '' : `, consent ${p.consent}`}):`];
  if (p.routes.length === 0) lines.push('  no route');
  for (const [i, route] of p.routes.entries()) {
    const what = route.where === 'device' ? `${route.engine}/${route.backend}` : `${route.where} ${route.engine}`;
    const model = route.variantId ? `${route.modelId} ${route.variantId}` : route.modelId;
    const download = route.downloadBytes > 0 ? `, download ${formatSize(route.downloadBytes)}` : '';
    lines.push(`  ${i + 1}. ${what} — ${model}${download}${route.redact ? ', redacted' : ''}`, `     ${route.reason}`);
  }
  if (p.awaitingConsent) lines.push(`  waiting for consent: ${p.awaitingConsent.engine} ${p.awaitingConsent.modelId}`);
  for (const r of p.rejected) lines.push(`  ✗ ${rejectionSubject(r)}: ${r.reasons.map((x) => x.text).join('; ')}`);
  return lines;
}

export function rejectionSubject(r: Rejection): string {
  const engine = r.engine ? `${r.engine}${r.backend ? `/${r.backend}` : ''}` : r.where;
  const model = r.modelId ? ` ${r.modelId}${r.variantId ? ` ${r.variantId}` : ''}` : '';
  return `${engine}${model}`;
}

/** A device profile as `key: value` lines. */
export function describeProfile(profile: DeviceProfile): string[] {
  const w = profile.wasm;
  const flags = Object.entries(w)
    .map(([k, v]) => `${k} ${v ? 'yes' : 'no'}`)
    .join(', ');
  const lines = [
    `runtime: ${profile.runtime}${profile.node ? ` (Node ${profile.node.nodeVersion}, ${profile.node.platform}/${profile.node.arch})` : ''}`,
    `cpu: ${profile.hardwareConcurrency} threads${profile.node?.cpuModel ? `, ${profile.node.cpuModel}` : ''}`,
    `memory: ${profile.node ? `${formatSize(profile.node.totalMemoryBytes)} total, ${formatSize(profile.node.freeMemoryBytes)} free` : profile.deviceMemoryGiB === undefined ? 'not reported' : `${profile.deviceMemoryGiB} GiB`}`,
  ];
  if (profile.node) {
    const gpu = profile.node.gpu;
    lines.push(
      `gpu: ${gpu ? `${gpu.type} ${gpu.names.join(', ')} (${formatSize(gpu.vramBytes)})` : profile.node.gpuProbe === 'not-run' ? 'not probed (--native)' : profile.node.gpuProbe === 'failed' ? 'probe failed' : 'none found by node-llama-cpp'}`,
    );
  }
  if (profile.runtime === 'browser') {
    const g = profile.webgpu;
    lines.push(
      `webgpu: ${g.status === 'available' ? `${g.vendor} ${g.architecture}${g.isFallbackAdapter ? ' (fallback adapter)' : ''}, shader-f16 ${g.features.includes('shader-f16') ? 'yes' : 'no'}, maxBufferSize ${formatSize(g.limits.maxBufferSize)}, maxStorageBufferBindingSize ${formatSize(g.limits.maxStorageBufferBindingSize)}` : g.status}`,
      `cross-origin isolated: ${profile.crossOriginIsolated ? 'yes' : 'no'}`,
      `built-in model: ${profile.builtin}`,
    );
  }
  lines.push(`wasm: ${flags}`);
  if (profile.storage)
    lines.push(
      `storage: ${formatSize(profile.storage.usageBytes)} used of ${formatSize(profile.storage.quotaBytes)}${profile.storage.persisted ? ', persisted' : ''}`,
    );
  if (profile.battery) lines.push(`battery: ${Math.round(profile.battery.level * 100)}%${profile.battery.charging ? ', charging' : ''}`);
  if (profile.saveData !== undefined) lines.push(`save-data: ${profile.saveData ? 'on' : 'off'}`);
  for (const b of profile.benchmarks ?? [])
    lines.push(`benchmark ${b.engine}: ${b.weightGigabytesPerSecond.toFixed(2)} GB/s of weights, ${b.threads} threads (${b.ms} ms)`);
  lines.push(`probe: ${profile.probeMs} ms${profile.fromCache ? ' (hardware from cache)' : ''}`);
  return lines;
}
