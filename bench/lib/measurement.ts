// The contract every measurement module fulfils, and what the run shares between them.
import type { Figure } from './report.ts';

export interface BenchContext {
  quick: boolean;
  /** A progress line on stderr (the table goes to stdout). */
  log: (line: string) => void;
}

export interface MeasurementOutcome {
  figures: Figure[];
  details: Record<string, unknown>;
}

export interface Measurement {
  /** Short id, used by `--only=<name,...>` and as the key in the results JSON. */
  name: string;
  title: string;
  run: (context: BenchContext) => Promise<MeasurementOutcome>;
}
