// Filesystem failures (permission, read-only disk, a folder where a file goes, a full disk) as one clear error that
// names the path and the fix, instead of an errno stack or "this is a bug".
import { dirname } from 'node:path';
import { RolloutGymError } from './errors.ts';

export interface FileErrorContext {
  /** The file or folder concerned, when the error itself does not carry it (a write to a descriptor does not). */
  path?: string;
  /** What we were doing, e.g. "write rollouts to"; else derived from the failing system call. */
  action?: string;
  /** Appended to the fix: how to continue afterwards (e.g. resume). */
  then?: string;
}

const ACTION_OF_SYSCALL: Record<string, string> = {
  open: 'open',
  mkdir: 'create the folder',
  write: 'write to',
  rename: 'rename',
  unlink: 'delete',
  rmdir: 'delete',
  ftruncate: 'truncate',
  read: 'read',
  scandir: 'list',
  copyfile: 'copy',
  access: 'access',
  stat: 'read',
};

/** The errno codes this module explains; anything else stays an unexpected failure. */
const EXPLAINED = new Set(['EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'ENOSPC', 'EDQUOT', 'EFBIG', 'EEXIST', 'EMFILE', 'ENFILE', 'EIO', 'ENOENT', 'ENAMETOOLONG', 'ELOOP']);

/** True for a Node errno error of the filesystem (it has a `syscall`, and a path or a caller who knows it). */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const err = error as NodeJS.ErrnoException | null;
  return err !== null && typeof err === 'object' && typeof err.code === 'string' && typeof err.syscall === 'string' && EXPLAINED.has(err.code);
}

/** Turn a filesystem errno error into a RolloutGymError naming the path and what to do; other errors pass through. */
export function explainFileError(error: unknown, context: FileErrorContext = {}): unknown {
  if (error instanceof RolloutGymError || !isFileSystemError(error)) return error;
  const path = context.path ?? error.path;
  if (path === undefined) return error;
  const action = context.action ?? ACTION_OF_SYSCALL[error.syscall ?? ''] ?? error.syscall ?? 'use';
  return fileProblem(error.code!, path, { ...context, action }, error);
}

/** The error for errno `code` on `path`: what could not be done, why, and the fix. */
export function fileProblem(code: string, path: string, context: FileErrorContext & { action: string }, cause?: Error): RolloutGymError {
  const { action } = context;
  const folder = dirname(path);
  const then = context.then ? `; ${context.then}` : '';
  const make = (message: string, hint: string): RolloutGymError => new RolloutGymError(message, { code: 'RG_FILE', hint: `${hint}${then}`, cause });
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return make(`permission denied: cannot ${action} ${path} (${code})`, `give this user write access to ${folder} (\`ls -ld ${folder}\` shows who owns it), or choose a path in a folder you own`);
    case 'EROFS':
      return make(`cannot ${action} ${path}: it is on a read-only file system (EROFS)`, 'choose a path on a writable disk (e.g. under your home folder or /tmp)');
    case 'EISDIR':
      return make(`cannot ${action} ${path}: it is a folder, not a file (EISDIR)`, `name a file, e.g. ${path.replace(/\/+$/, '')}/rollouts.jsonl, or move that folder away`);
    case 'ENOTDIR':
    case 'EEXIST':
      return make(`cannot ${action} ${path}: a part of that path is a file where a folder is needed (${code})`, `check the path: every part before the file name must be a folder (\`ls -ld ${folder}\`)`);
    case 'ENOSPC':
    case 'EDQUOT':
      return make(`cannot ${action} ${path}: no space left on the device (${code})`, `free space on the disk of ${folder} (\`df -h ${folder}\`)`);
    case 'EFBIG':
      return make(`cannot ${action} ${path}: the file has reached the largest size this file system allows (EFBIG)`, 'choose a path on a file system that allows larger files');
    case 'EMFILE':
    case 'ENFILE':
      return make(`cannot ${action} ${path}: too many open files (${code})`, 'raise the limit (`ulimit -n`) or lower +num_samples_in_parallel');
    case 'EIO':
      return make(`cannot ${action} ${path}: the device reported an I/O error (EIO)`, 'check the disk (`dmesg`), or choose a path on another disk');
    case 'ENOENT':
      return make(`cannot ${action} ${path}: it does not exist (ENOENT)`, `check the path (\`ls -l ${folder}\`)`);
    default:
      return make(`cannot ${action} ${path}: ${cause?.message ?? code}`, 'check the path');
  }
}
