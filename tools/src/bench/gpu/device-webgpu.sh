#!/usr/bin/env bash
# WebGPU on the accelerator machine through Dawn's Node bindings, in one device call:
#   tools/src/bench/gpu/device-webgpu.sh .cache/gpu-send-gl
# The carry folder holds node.xz, webgpu-dawn.tar.xz and Debian's libvulkan1 libegl1 libglvnd0
# libopengl0 libgl1 libglx0 libgles2 (.deb). The first run (device-run.sh) found that Debian's
# Vulkan loader alone fails there: NVIDIA's ICD (libGLX_nvidia.so.0) needs glvnd, so the debs are
# unpacked into / as the device README prescribes, and each NVIDIA ICD file is tried in turn.
set -uo pipefail
C=$(realpath "${1:-.cache/gpu-send-gl}")
OUT=${OUT:-/tmp/hearth-gpu-out}
W=/tmp/hearth-webgpu
rm -rf "$W" && mkdir -p "$W/dawn" "$OUT"
xz -dc "$C/node.xz" >"$W/node" && chmod +x "$W/node"
tar -xJf "$C/webgpu-dawn.tar.xz" -C "$W/dawn"
for f in "$C"/*.deb; do dpkg -x "$f" /; done
ldconfig
ldconfig -p | grep -E 'libvulkan|libGLX_nvidia|libGLdispatch' | tee "$OUT/ldconfig.txt"
n=0
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json; do
  [ -f "$icd" ] || continue
  n=$((n + 1))
  echo "== ICD $icd: $(tr -d '\n ' <"$icd")"
  VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json \
    timeout 120 "$W/node" tools/src/bench/gpu/webgpu-probe.mjs "$W/dawn/webgpu/index.js" "$OUT/webgpu-probe-$n.json" 2>&1 | tee -a "$OUT/webgpu-probe.log"
  grep -q '"ok": true' "$OUT/webgpu-probe-$n.json" && break
done
