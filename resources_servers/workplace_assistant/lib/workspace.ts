// One tool environment (a session, or a replay): the five mutable tables over the shared base data.
import { EMPTY_PLOTS, type BaseData } from './base-data.ts';
import type { Cell } from './python-semantics.ts';
import { Table } from './table.ts';

/** `str(HARDCODED_CURRENT_TIME)`: the sent time of every email a tool sends. */
export const NOW_TEXT = '2023-11-30 23:59:00';

export interface Workspace {
  readonly emails: Table;
  readonly calendarEvents: Table;
  readonly analytics: Table;
  readonly plots: Table;
  readonly projectTasks: Table;
  readonly customers: Table;
  readonly directory: readonly Cell[];
}

/** A fresh environment: O(1), nothing is copied until a table is written. */
export function createWorkspace(base: BaseData): Workspace {
  return {
    emails: new Table(base.emails),
    calendarEvents: new Table(base.calendarEvents),
    analytics: new Table(base.analytics),
    plots: new Table(EMPTY_PLOTS),
    projectTasks: new Table(base.projectTasks),
    customers: new Table(base.customers),
    directory: base.directory,
  };
}
