// Every row of hydra-override-rules.ts: our outcome is Hydra's, except where the row names our kindness.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyCliOverrides } from '../../src/config/apply-cli-overrides.ts';
import { parseCliOverrides } from '../../src/config/parse-cli-overrides.ts';
import { ConfigError } from '../../src/errors.ts';
import { OVERRIDE_RULES, type Outcome } from './hydra-override-rules.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function apply(files: Record<string, unknown>, argv: string[]): Record<string, unknown> {
  return applyCliOverrides({ tree: structuredClone(files), origins: new Map() }, parseCliOverrides(argv)).tree;
}

for (const { rule, files = {}, argv, hydra, ours } of OVERRIDE_RULES) {
  const expected: Outcome = ours ?? hydra;
  const hydraSays = 'tree' in hydra ? `Hydra: ${JSON.stringify(hydra.tree)}` : `Hydra: ${hydra.error.split('\n')[0]}`;
  test(`${rule}: ${argv.join(' ')} (${hydraSays}${ours ? '; ours differs' : ''})`, () => {
    if ('tree' in expected) {
      assert.deepEqual(apply(files, argv), expected.tree);
      return;
    }
    // Where Hydra refuses and we do too, our message quotes Hydra's (first line) or names the same cause.
    const pattern = ours ? new RegExp(expected.error) : new RegExp(escapeRegExp(expected.error.split('\n')[0]!).replace(/^Error merging override .*/, '(Cannot merge DictConfig with ListConfig|not an element of a list)'));
    assert.throws(() => apply(files, argv), (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.match(error.message, pattern);
      assert.equal(error.code, 'RG_CONFIG_OVERRIDE');
      assert.ok(error.hint && error.hint.length > 10, 'the error says what to do');
      return true;
    });
  });
}
