// A launcher's files beside the outputs: written fresh, except where the user edited them since we wrote them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<dir>/launch.json`: the sha256 of each file as we last wrote it, and every submission, newest last. */
export interface LaunchRecord {
  format: 'rollout-gym-launch/1';
  written: Record<string, string>;
  submissions: Record<string, unknown>[];
}

const RECORD = 'launch.json';

export function readLaunchRecord(dir: string): LaunchRecord {
  const path = join(dir, RECORD);
  if (!existsSync(path)) return { format: 'rollout-gym-launch/1', written: {}, submissions: [] };
  return JSON.parse(readFileSync(path, 'utf8')) as LaunchRecord;
}

export function saveLaunchRecord(dir: string, record: LaunchRecord): void {
  writeFileSync(join(dir, RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Write `name` in `dir` unless the file there was changed by hand since we wrote it: then it is kept (the point
 * of readable, editable scripts) and the returned note says so. Updates `record.written`.
 */
export function writeLaunchFile(dir: string, name: string, text: string, record: LaunchRecord, mode = 0o644): string | undefined {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  if (existsSync(path)) {
    const onDisk = sha256(readFileSync(path, 'utf8'));
    const ours = record.written[name];
    if (onDisk !== sha256(text) && ours !== undefined && onDisk !== ours) {
      return `${path} was edited since it was written: keeping your version (delete it to get a fresh one)`;
    }
  }
  writeFileSync(path, text, { mode });
  record.written[name] = sha256(text);
  return undefined;
}
