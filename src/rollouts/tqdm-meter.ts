// The progress line in tqdm's shape, the one NeMo Gym users know from its docs:
// `Collecting rollouts: 100%|████████████████| 5/5 [00:08<00:00,  1.67s/it]`.

/** tqdm's Unicode bar symbols: empty, seven eighths, full block. */
const BAR_SYMBOLS = ' ▏▎▍▌▋▊▉█';

/** tqdm's `format_interval`: `MM:SS`, or `H:MM:SS` from an hour on. */
export function formatInterval(seconds: number): string {
  const total = Math.max(0, Math.trunc(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** tqdm's rate: `12.34it/s`, or `1.67s/it` once an item takes more than a second; `?it/s` before the first. */
export function formatRate(perSecond: number | undefined): string {
  if (perSecond === undefined || !(perSecond > 0)) return '?it/s';
  return perSecond < 1 ? `${(1 / perSecond).toFixed(2).padStart(5)}s/it` : `${perSecond.toFixed(2).padStart(5)}it/s`;
}

/** A bar of `width` cells filled to `fraction`, with tqdm's eighth-block resolution. */
export function formatBar(fraction: number, width: number): string {
  const eighths = Math.floor(Math.min(1, Math.max(0, fraction)) * width * 8);
  const full = Math.floor(eighths / 8);
  if (full >= width) return BAR_SYMBOLS.at(-1)!.repeat(width);
  return BAR_SYMBOLS.at(-1)!.repeat(full) + BAR_SYMBOLS[eighths % 8] + ' '.repeat(width - full - 1);
}

export interface MeterState {
  description: string;
  done: number;
  total: number;
  elapsedS: number;
  /** Items per second counted in this process (resumed items excluded); undefined before the first. */
  rate: number | undefined;
  barWidth: number;
}

/** `desc:  40%|██████▍         | 6/15 [00:01<00:02,  3.40it/s]` (tqdm's `format_meter` with a known total). */
export function formatMeter({ description, done, total, elapsedS, rate, barWidth }: MeterState): string {
  const fraction = total > 0 ? done / total : 1;
  // Rounded down, so 100% means every item is done.
  const percent = `${Math.floor(fraction * 100)}`.padStart(3);
  const remaining = rate !== undefined && rate > 0 ? formatInterval((total - done) / rate) : '?';
  return `${description}: ${percent}%|${formatBar(fraction, barWidth)}| ${done}/${total} [${formatInterval(elapsedS)}<${remaining}, ${formatRate(rate)}]`;
}
