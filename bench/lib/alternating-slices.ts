// Several settings measured in alternating slices of one run, so that every setting sees the same machine: each is
// warmed up with one long slice first, then the settings take turns, one short slice each per round.

export interface SliceSizes {
  /** Rounds of slices: every setting gets one per round. */
  rounds: number;
  sliceMs: number;
  /** The first slice of every setting, not kept. */
  warmupMs: number;
}

/** `slice(setting, ms)` for every setting in turn, `sizes.rounds` times after one warm-up each: samples[setting][round]. */
export async function alternateSlices<Setting, Sample>(settings: readonly Setting[], sizes: SliceSizes, slice: (setting: Setting, ms: number) => Promise<Sample>): Promise<Sample[][]> {
  for (const setting of settings) await slice(setting, sizes.warmupMs);
  const samples = settings.map(() => [] as Sample[]);
  for (let round = 0; round < sizes.rounds; round++) {
    for (const [i, setting] of settings.entries()) samples[i]!.push(await slice(setting, sizes.sliceMs));
  }
  return samples;
}
