/* global process, console, performance, GPUBufferUsage, GPUMapMode */
// What WebGPU sees on the accelerator machine, through Dawn's Node bindings (the `webgpu` npm
// package, carried there by device-run.sh): the adapter, its features (shader-f16 is what wllama's
// WebGPU backend needs), its limits, an f16 compute check and a copy kernel's bandwidth.
// Usage: node webgpu-probe.mjs <path to the webgpu package's index.js> <out.json>
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [, , pkg, out] = process.argv;
const result = { ok: false, steps: [] };
const step = (s) => {
  result.steps.push(s);
  console.log(`webgpu-probe: ${s}`);
};
const save = () => writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

try {
  const { create, globals } = await import(pathToFileURL(pkg).href);
  Object.assign(globalThis, globals);
  const gpu = create([]);
  step('dawn.node loaded');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('requestAdapter returned null (no Vulkan driver found by Dawn)');
  const info = adapter.info ?? {};
  result.adapter = { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: adapter.isFallbackAdapter ?? info.isFallbackAdapter };
  result.features = [...adapter.features].sort();
  result.limits = {};
  for (const k of ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX']) result.limits[k] = adapter.limits[k];
  step(`adapter: ${JSON.stringify(result.adapter)}; shader-f16 ${adapter.features.has('shader-f16') ? 'yes' : 'no'}`);
  const wanted = ['shader-f16', 'subgroups'].filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ requiredFeatures: wanted, requiredLimits: { maxBufferSize: adapter.limits.maxBufferSize, maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize } });
  step(`device with ${wanted.join(', ') || 'no optional features'}`);

  if (wanted.includes('shader-f16')) {
    // f16 arithmetic in a compute shader: out[i] = f32(f16(a[i]) * f16(2.5)).
    const n = 1024;
    const a = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    const o = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const r = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(a, 0, new Float32Array(Array.from({ length: n }, (_, i) => i / 8)));
    const module = device.createShaderModule({ code: `enable f16;
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> o: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) { o[g.x] = f32(f16(a[g.x]) * f16(2.5)); }` });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const bind = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: a } }, { binding: 1, resource: { buffer: o } }] });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(n / 64);
    pass.end();
    enc.copyBufferToBuffer(o, 0, r, 0, n * 4);
    device.queue.submit([enc.finish()]);
    await r.mapAsync(GPUMapMode.READ);
    const got = new Float32Array(r.getMappedRange().slice(0));
    r.unmap();
    let bad = 0;
    for (let i = 0; i < n; i++) if (Math.abs(got[i] - (i / 8) * 2.5) > Math.max(0.01, ((i / 8) * 2.5) / 512)) bad++;
    result.f16Check = { n, mismatches: bad };
    step(`f16 compute: ${bad} mismatches of ${n}`);
  }

  // Copy bandwidth: 256 MiB of vec4<f32> read and written per dispatch.
  const bytes = 256 * 1024 * 1024;
  const src = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE });
  const dst = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE });
  const copy = device.createShaderModule({ code: `
@group(0) @binding(0) var<storage, read> s: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> d: array<vec4f>;
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) w: vec3u) {
  let i = g.x + g.y * w.x * 256u;
  if (i < arrayLength(&s)) { d[i] = s[i]; }
}` });
  const cp = device.createComputePipeline({ layout: 'auto', compute: { module: copy, entryPoint: 'main' } });
  const cb = device.createBindGroup({ layout: cp.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: src } }, { binding: 1, resource: { buffer: dst } }] });
  const groups = bytes / 16 / 256;
  const x = Math.min(groups, 65535);
  const y = Math.ceil(groups / x);
  const run = async (iters) => {
    const enc = device.createCommandEncoder();
    for (let i = 0; i < iters; i++) {
      const p = enc.beginComputePass();
      p.setPipeline(cp);
      p.setBindGroup(0, cb);
      p.dispatchWorkgroups(x, y);
      p.end();
    }
    const t = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t;
  };
  await run(3);
  const ms = await run(20);
  result.copyBandwidthGBs = Math.round((2 * bytes * 20) / (ms / 1000) / 1e9);
  step(`copy kernel: ${result.copyBandwidthGBs} GB/s (bytes read + written)`);
  result.ok = true;
} catch (error) {
  result.error = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
  step(`failed: ${result.error.split('\n')[0]}`);
}
save();
process.exit(0);
