import type { BrowserFamily, DeviceClass, DeviceProfile, MemoryClass } from '@hearth/spec';

/**
 * The coarse class a report carries instead of the profile: compute kind, a memory class and the
 * browser family. No version, vendor, core count or screen: each would narrow the crowd a report
 * hides in, and together they fingerprint.
 */
export function deviceClassOf(profile: DeviceProfile): DeviceClass {
  const gpu = profile.webgpu.status === 'available' && !profile.webgpu.isFallbackAdapter;
  return { compute: gpu ? 'gpu' : 'cpu', memory: memoryClass(profile), browser: browserFamily(profile) };
}

function memoryClass(profile: DeviceProfile): MemoryClass {
  const gib = profile.deviceMemoryGiB ?? (profile.node ? profile.node.totalMemoryBytes / 2 ** 30 : undefined);
  if (gib === undefined) return 'unknown';
  if (gib < 4) return 'lt4';
  if (gib < 8) return '4-8';
  // Chromium caps navigator.deviceMemory at 8, so "8" there means 8 or more.
  if (gib < 16) return '8-16';
  return 'ge16';
}

function browserFamily(profile: DeviceProfile): BrowserFamily {
  if (profile.runtime === 'node') return 'node';
  const ua = profile.userAgent ?? '';
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Chrom(e|ium)\/|Edg\//.test(ua)) return 'chromium';
  if (/Safari\//.test(ua)) return 'safari';
  return 'other';
}
