import { describe, expect, it } from 'vitest';
import { deviceFromLoadLog } from './wllama-engine.ts';

describe('deviceFromLoadLog', () => {
  it('reports WebGPU only when an adapter was used and layers were offloaded', () => {
    expect(
      deviceFromLoadLog([
        'ggml_webgpu: adapter_info: vendor_id: 0 | vendor: google | architecture: swiftshader | device_id: 0 | name:  | device_desc: ',
        'load_tensors: offloaded 3/3 layers to GPU',
      ]),
    ).toEqual({ device: 'webgpu', gpuLayers: 3 });
  });
  it('reports the CPU when the log shows no GPU device, whatever was asked', () => {
    expect(deviceFromLoadLog(['load_tensors:          CPU model buffer size =     0.14 MiB'])).toEqual({ device: 'cpu', gpuLayers: 0 });
    expect(deviceFromLoadLog(['ggml_webgpu: adapter_info: vendor: google', 'load_tensors: offloaded 0/3 layers to GPU'])).toEqual({
      device: 'cpu',
      gpuLayers: 0,
    });
  });
});
