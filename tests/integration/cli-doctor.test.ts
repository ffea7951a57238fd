import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceProfile, Plan } from '@hearth/spec';
import { shippedCatalog } from '@hearth/sdk/planner';
import { repoRoot } from '../support/models.ts';

// `hearth doctor` and `hearth models` as a user runs them, in their own process.
function hearth(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'packages/cli/src/bin.ts', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hearth doctor', () => {
  it("prints this machine's profile and, per task, the routes with their reasons", () => {
    const r = hearth(['doctor', '--no-native', '--gateway', 'http://127.0.0.1:8787/v1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Device: this machine');
    expect(r.stdout).toMatch(/runtime: node \(Node 20\.\d+\.\d+/);
    expect(r.stdout).toMatch(/memory: [\d.]+ GiB total/);
    for (const task of ['chat', 'write', 'rewrite', 'summarize', 'proofread', 'extract']) expect(r.stdout).toContain(`${task} (policy device-or-self-hosted):`);
    expect(r.stdout).toMatch(/1\. node-llama-cpp\/cpu — \S+ \S+, download/);
    expect(r.stdout).toContain('self-hosted remote — hearth-demo-tiny');
    expect(r.stdout).toContain("the self-hosted gateway (http://127.0.0.1:8787/v1, model hearth-demo-tiny): run by the app's owner, keeps no prompts");
    expect(r.stdout).toContain('✗ node-llama-cpp/gpu: no GPU probe ran');
  });

  it('plans for a reference device, with the reasons a person reads', () => {
    const r = hearth(['doctor', '--device', 'swiftshader-this-machine', '--task', 'proofread']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('webgpu: google swiftshader (fallback adapter), shader-f16 no, maxBufferSize 1 GiB, maxStorageBufferBindingSize 1 GiB');
    expect(r.stdout).toMatch(/1\. llama-wasm\/cpu — qwen2\.5-0\.5b-instruct q8_0/);
    expect(r.stdout).toContain("wllama 3.8's WebGPU backend needs shader-f16, and google swiftshader lacks it");
  });

  it('says why when nothing fits under device-only, and exits 0 (a diagnosis, not a failure)', () => {
    const r = hearth(['doctor', '--device', 'old-chrome-no-simd', '--task', 'rewrite', '--policy', 'device-only']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('rewrite (policy device-only): no route.');
    expect(r.stdout).toContain('✗ llama-wasm/cpu: no WebAssembly SIMD');
  });

  it('prints JSON that round-trips, with app models merged from a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hearth-doctor-'));
    const file = join(dir, 'models.json');
    const base = JSON.parse(hearth(['models', '--json', '--no-native']).stdout) as { models: Array<{ id: string }> };
    expect(base.models.map((m) => m.id)).toContain('qwen2.5-0.5b-instruct');
    const { default: shipped } = await import('../../packages/sdk/src/catalog/models.json', { with: { type: 'json' } });
    await writeFile(file, JSON.stringify([{ ...shipped.models[0], id: 'acme-mail-tuned', name: 'Acme mail' }]));
    const r = hearth(['doctor', '--json', '--no-native', '--task', 'proofread', '--catalog', file, '--model', 'acme-mail-tuned']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { profile: DeviceProfile; plans: Plan[] };
    expect(out.profile.runtime).toBe('node');
    expect(out.plans[0]?.routes[0]).toMatchObject({ engine: 'node-llama-cpp', modelId: 'acme-mail-tuned' });
  });

  it('names a bad option', () => {
    const r = hearth(['doctor', '--policy', 'anywhere']);
    // Exit 2: a bad command or option (hearth --help lists the exit codes).
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--policy is "anywhere"; use one of device-only, device-or-self-hosted, any');
  });
});

describe('hearth models', () => {
  it('lists the catalog with a verdict for a device', () => {
    const r = hearth(['models', '--device', 'android-low-end-4gb-chrome']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Models for android-low-end-4gb-chrome (reference profile)');
    expect(r.stdout).toMatch(/\nfits +smollm2-360m-instruct/);
    expect(r.stdout).toMatch(/\ndoes not fit +mistral-7b-instruct-v0\.3/);
    expect(r.stdout).toContain('needs 5 GiB of WebAssembly memory (weights 4.07 GiB, KV cache 512 MiB');
    expect(r.stdout).toMatch(/\nfits +hearth-demo-tiny \(demo, random weights\)/);
  });

  it('gives this machine a verdict for every model', () => {
    const r = hearth(['models', '--no-native']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Models for this machine');
    expect(r.stdout.match(/\n(fits|fits, slow|does not fit) +\S+/g)?.length).toBe(shippedCatalog().models.length);
  });
});
