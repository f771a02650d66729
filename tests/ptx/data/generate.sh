#!/bin/sh
# Regenerates the checked-in PTX and fatbins from the .cu sources with nvcc 13 (run from this folder).
set -e
NVCC=${NVCC:-/usr/local/cuda/bin/nvcc}
for f in vecadd reduce warp atomics printf dmath; do $NVCC -O3 -ptx $f.cu -o $f.ptx; done
$NVCC -O3 -ptx -arch=sm_80 half.cu -o half_sm80.ptx
$NVCC -O3 -ptx -arch=sm_90 half.cu -o half_sm90.ptx
$NVCC -O3 -ptx warp.cu -arch=sm_80 -o warp_sm80.ptx
$NVCC -O3 -ptx thrust.cu -o thrust.ptx
$NVCC -O3 -ptx -rdc=true rdc_a.cu -o rdc_a.ptx
$NVCC -O3 -ptx -rdc=true rdc_b.cu -o rdc_b.ptx
$NVCC -O3 -ptx -arch=sm_90 features.cu -o features_sm90.ptx
$NVCC -O3 -ptx -lineinfo reduce.cu -o reduce_lineinfo.ptx
$NVCC -ptx -G printf.cu -o printf_debug.ptx
$NVCC -O3 -ptx virtual.cu -o virtual.ptx
# Fatbins (they start at the 16-byte fatbin header).
$NVCC -fatbin vecadd.cu -o vecadd_zstd.fatbin
$NVCC -fatbin --compress-mode=speed vecadd.cu -o vecadd_lz4.fatbin
$NVCC -fatbin --no-compress vecadd.cu -o vecadd_raw.fatbin
$NVCC -fatbin -gencode arch=compute_80,code=sm_80 vecadd.cu -o vecadd_elfonly.fatbin
$NVCC -fatbin -gencode arch=compute_75,code=compute_75 -gencode arch=compute_80,code=compute_80 \
  -gencode arch=compute_90a,code=compute_90a -gencode arch=compute_90,code=compute_90 \
  warp.cu -o warp_multi.fatbin
$NVCC -fatbin -rdc=true rdc_a.cu -o rdc_a.fatbin
$NVCC -fatbin -rdc=true rdc_b.cu -o rdc_b.fatbin
