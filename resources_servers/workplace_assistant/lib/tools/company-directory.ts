// CompanyDirectoryTool over raw/email_addresses.csv.
import { containsMask, requireBooleanMask } from '../pandas/column.ts';
import { lower, pyEquals, type PyValue } from '../python-semantics.ts';
import { argument, type WorkplaceTool } from './tool.ts';

export const companyDirectoryTools: WorkplaceTool[] = [
  {
    name: 'company_directory_find_email_address',
    qualifiedName: 'CompanyDirectoryTool.find_email_address',
    parameters: ['name'],
    run: (workspace, args) => {
      const name = argument(args, 'name', '');
      if (pyEquals(name, '')) return 'Name not provided.';
      const mask = requireBooleanMask(containsMask(workspace.directory, 'str', lower(name)));
      return workspace.directory.filter((_, index) => mask[index]) as PyValue[];
    },
  },
];
