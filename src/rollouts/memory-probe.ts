// +report_peak_rss=true: peak RSS, the peak live heap (sampled after a forced GC when node runs with --expose-gc)
// and the most bytes held in spill files at once (metrics and resume sort on disk past a memory limit).
import { peakSpillBytes } from '../metrics/spill-dir.ts';

let peakLiveHeap = 0;
let timer: NodeJS.Timeout | undefined;

/** Sample the live heap every 200 ms until stopped (only meaningful with --expose-gc). */
export function startMemoryProbe(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const sample = (): void => {
    gc?.();
    peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed);
  };
  timer = setInterval(sample, 200);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample();
  };
}

/** Lines for the summary: `peak_rss_bytes: N`, when sampled `peak_live_heap_bytes: N`, and `peak_spill_bytes: N`. */
export function memoryReport(): string[] {
  const lines = [`peak_rss_bytes: ${process.resourceUsage().maxRSS * 1024}`];
  if (peakLiveHeap > 0) lines.push(`peak_live_heap_bytes: ${peakLiveHeap}`);
  lines.push(`peak_spill_bytes: ${peakSpillBytes()}`);
  return lines;
}
