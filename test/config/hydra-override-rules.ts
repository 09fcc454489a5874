// Hydra's override rules as NeMo Gym runs them, one row per rule, each naming Hydra's outcome.
// How NeMo Gym runs Hydra: `@hydra.main(config_path=None)` applies the overrides (config_loader_impl.py,
// _apply_overrides_to_config) to an empty struct config, then OmegaConf.merge(config files..., env.yaml, that config).
// `hydra` is that pipeline's outcome, taken from Hydra's source and its tests (tests/test_config_loader.py,
// test_apply_overrides_to_config) and checked by running Hydra 1.3.2 (what `pip install hydra-core` gives NeMo Gym
// users; tag v1.3.2 of facebookresearch/hydra) with OmegaConf 2.3.1. Hydra 1.4 (unreleased) differs only on `~k`
// of null, ??? and list elements.
// `ours` is given only where we differ: our one kindness (a plain `k=v` or `~k` may reach what a config file sets).

export type Outcome = { tree: Record<string, unknown> } | { error: string };

export interface OverrideRule {
  rule: string;
  /** The config files and env.yaml merged (what the overrides are merged over). */
  files?: Record<string, unknown>;
  argv: string[];
  hydra: Outcome;
  /** Our outcome where it differs from Hydra's; an error is matched as a regular expression. */
  ours?: Outcome;
}

export const OVERRIDE_RULES: OverrideRule[] = [
  // + adds: refused only when the key already holds a non-null value and the new value is not a mapping or list.
  { rule: 'add a scalar', argv: ['+x=10'], hydra: { tree: { x: 10 } } },
  { rule: 'add a list', argv: ['+x=[1,2,3]'], hydra: { tree: { x: [1, 2, 3] } } },
  { rule: 'add an empty mapping', argv: ['+x={}'], hydra: { tree: { x: {} } } },
  { rule: 'add a mapping', argv: ['+x={a:1,b:2}'], hydra: { tree: { x: { a: 1, b: 2 } } } },
  { rule: 'add a nested key creates the maps on the way', argv: ['+a.b.c=1'], hydra: { tree: { a: { b: { c: 1 } } } } },
  {
    rule: 'add a scalar where the command line already set one',
    argv: ['+x=10', '+x=20'],
    hydra: { error: "Could not append to config. An item is already at 'x'." },
  },
  { rule: 'add over null', argv: ['+x=null', '+x=5'], hydra: { tree: { x: 5 } } },
  { rule: 'add over ??? (unset)', argv: ['+x=???', '+x=5'], hydra: { tree: { x: 5 } } },
  {
    rule: 'issue 11: add a mapping, then add a key inside it',
    argv: ['+responses_create_params={temperature: 0.7, max_tokens: 2048}', '+responses_create_params.top_p=0.9'],
    hydra: { tree: { responses_create_params: { temperature: 0.7, max_tokens: 2048, top_p: 0.9 } } },
  },
  { rule: 'add a mapping twice merges them', argv: ['+x={a:1}', '+x={b:2}'], hydra: { tree: { x: { a: 1, b: 2 } } } },
  { rule: 'add a list over a list replaces it', argv: ['+x=[1]', '+x=[2,3]'], hydra: { tree: { x: [2, 3] } } },
  { rule: 'add a mapping over a scalar replaces it', argv: ['+x=5', '+x={a:1}'], hydra: { tree: { x: { a: 1 } } } },
  { rule: 'add a list into a mapping', argv: ['+x={a:1}', '+x=[1]'], hydra: { error: 'Error merging override +x=[1]' } },
  { rule: 'add a key that is already inside an added mapping', argv: ['+x={a:1}', '+x.a=2'], hydra: { error: "Could not append to config. An item is already at 'x.a'." } },
  { rule: 'add below a scalar replaces the scalar by a mapping', argv: ['+x=5', '+x.a=1'], hydra: { tree: { x: { a: 1 } } } },
  { rule: 'add a list element where one is set', argv: ['+x=[1,2]', '+x.0=5'], hydra: { error: "Could not append to config. An item is already at 'x.0'." } },
  { rule: 'add a list element where it is null', argv: ['+x=[null,2]', '+x.0=5'], hydra: { tree: { x: [5, 2] } } },
  // + and config files: Hydra never sees NeMo Gym's files, so + sets what a file set (the command line wins the merge).
  { rule: 'add a key a config file sets', files: { limit: 5 }, argv: ['+limit=7'], hydra: { tree: { limit: 7 } } },
  {
    rule: 'add a key inside a mapping a config file sets',
    files: { responses_create_params: { max_output_tokens: 100 } },
    argv: ['+responses_create_params.temperature=0.7'],
    hydra: { tree: { responses_create_params: { max_output_tokens: 100, temperature: 0.7 } } },
  },
  { rule: 'add a mapping merges into a file mapping', files: { x: { a: 1, b: 2 } }, argv: ['+x={c:3}'], hydra: { tree: { x: { a: 1, b: 2, c: 3 } } } },
  { rule: 'add ??? keeps the file value', files: { x: 5 }, argv: ['+x=???'], hydra: { tree: { x: 5 } } },
  { rule: 'add a mapping where a file has a list', files: { x: [1, 2] }, argv: ['+x={a: 1}'], hydra: { error: 'Cannot merge DictConfig with ListConfig' } },

  // ++ adds or overrides, whatever is there.
  { rule: 'force-add a new key', argv: ['++x=10'], hydra: { tree: { x: 10 } } },
  { rule: 'force-add over a key the command line set', argv: ['+x=10', '++x=20'], hydra: { tree: { x: 20 } } },
  { rule: 'force-add mappings merge deeply', argv: ['++x={a:{b:1}}', '++x={a:{c:2}}'], hydra: { tree: { x: { a: { b: 1, c: 2 } } } } },
  { rule: 'force-add a mapping into a list', argv: ['++x=[1]', '++x={a:1}'], hydra: { error: 'Error merging override ++x={a:1}' } },
  { rule: 'force-add over a file value', files: { limit: 5 }, argv: ['++limit=7'], hydra: { tree: { limit: 7 } } },

  // k=v sets a key that exists (Hydra's config is struct).
  { rule: 'set a key nothing sets', argv: ['x=10'], hydra: { error: "Could not override 'x'.\nTo append to your config use +x=10" } },
  { rule: 'set a key the command line added', argv: ['+x=20', 'x=10'], hydra: { tree: { x: 10 } } },
  { rule: 'set to null', argv: ['+x=20', 'x=null'], hydra: { tree: { x: null } } },
  { rule: 'set a list over null', argv: ['+x=null', 'x=[1,2,3]'], hydra: { tree: { x: [1, 2, 3] } } },
  { rule: 'set a mapping merges into the mapping', argv: ['+x={a:10}', 'x={a:20}'], hydra: { tree: { x: { a: 20 } } } },
  { rule: 'set a mapping fills a null key', argv: ['+x={a:10,b:null}', 'x={b:20}'], hydra: { tree: { x: { a: 10, b: 20 } } } },
  { rule: 'set a mapping with a key the mapping lacks', argv: ['+x={a:10}', 'x={b:20}'], hydra: { error: "Could not override 'x'.\nTo append to your config use +x={b:20}" } },
  { rule: 'set a key inside a mapping that lacks it', argv: ['+x={a:10}', 'x.b=1'], hydra: { error: "Could not override 'x.b'.\nTo append to your config use +x.b=1" } },
  { rule: 'set a key inside a mapping', argv: ['+x={a:10}', 'x.a=1'], hydra: { tree: { x: { a: 1 } } } },
  { rule: 'set a list element', argv: ['+x=[1,2,3]', 'x.1=9'], hydra: { tree: { x: [1, 9, 3] } } },
  { rule: 'set a list element out of range', argv: ['+x=[1,2,3]', 'x.5=9'], hydra: { error: 'Error merging override x.5=9' } },
  // k=v and config files: our kindness.
  {
    rule: 'set a key a config file sets (kindness)',
    files: { limit: 5 },
    argv: ['limit=7'],
    hydra: { error: "Could not override 'limit'.\nTo append to your config use +limit=7" },
    ours: { tree: { limit: 7 } },
  },
  {
    rule: 'set a key inside a file mapping (kindness)',
    files: { responses_create_params: { temperature: 0.5 } },
    argv: ['responses_create_params.temperature=0.7'],
    hydra: { error: "Could not override 'responses_create_params.temperature'.\nTo append to your config use +responses_create_params.temperature=0.7" },
    ours: { tree: { responses_create_params: { temperature: 0.7 } } },
  },
  {
    rule: 'set a mapping with a key the file mapping lacks',
    files: { responses_create_params: { temperature: 0.5 } },
    argv: ['responses_create_params={top_p: 0.9}'],
    hydra: { error: "Could not override 'responses_create_params'.\nTo append to your config use +responses_create_params={top_p: 0.9}" },
    ours: { error: "'responses_create_params.top_p' is not set by any config file, env.yaml or earlier override" },
  },
  {
    rule: 'set a file key, then add it: the command line now holds it',
    files: { limit: 5 },
    argv: ['limit=7', '+limit=8'],
    hydra: { error: "Could not override 'limit'.\nTo append to your config use +limit=7" },
    ours: { error: "'limit' already holds 7 \\(set by `limit=7`\\)" },
  },

  // ~k deletes; ~k=v only when the value is v (Python's ==).
  { rule: 'delete', argv: ['+x=20', '~x'], hydra: { tree: {} } },
  { rule: 'delete with the right value', argv: ['+x=20', '~x=20'], hydra: { tree: {} } },
  { rule: 'delete a nested key', argv: ['+x={y:10}', '~x.y'], hydra: { tree: { x: {} } } },
  { rule: 'delete a nested key with the right value', argv: ['+x={y:10}', '~x.y=10'], hydra: { tree: { x: {} } } },
  { rule: 'delete a mapping', argv: ['+x={y:10}', '~x'], hydra: { tree: {} } },
  {
    rule: 'delete a list element',
    argv: ['+x=[1,2,3]', '~x.0'],
    hydra: { error: 'list indices must be integers or slices, not str' },
    ours: { error: "'x.0' is a list element, and Hydra cannot delete list elements" },
  },
  { rule: 'delete a list with the right value', argv: ['+x=[1,2,3]', '~x=[1,2,3]'], hydra: { tree: {} } },
  { rule: 'delete a null', argv: ['+x=null', '~x'], hydra: { error: "Could not delete from config. 'x' does not exist." } },
  { rule: 'delete a null with the value null', argv: ['+x=null', '~x=null'], hydra: { error: "Could not delete from config. 'x' does not exist." } },
  { rule: 'delete a ???', argv: ['+x=???', '~x'], hydra: { error: "Could not delete from config. 'x' does not exist." } },
  { rule: 'delete a ??? with the value ???', argv: ['+x=???', '~x=???'], hydra: { error: "Could not delete from config. 'x' does not exist." } },
  { rule: 'delete with a value equal in Python (1 == True)', argv: ['+x=1', '~x=true'], hydra: { tree: {} } },
  { rule: 'delete a key nothing sets', argv: ['~z'], hydra: { error: "Could not delete from config. 'z' does not exist." } },
  { rule: 'delete below a ???', argv: ['+x=???', '~x.y'], hydra: { error: "Could not delete from config. 'x.y' does not exist." } },
  { rule: 'delete below a null', argv: ['+x=null', '~x.y'], hydra: { error: "Could not delete from config. 'x.y' does not exist." } },
  { rule: 'delete with another value', argv: ['+x=20', '~x=10'], hydra: { error: "Could not delete from config. The value of 'x' is 20 and not 10." } },
  { rule: 'delete with the value null deletes whatever the value', argv: ['+x=20', '~x=null'], hydra: { tree: {} } },
  // ~k and config files: our kindness.
  {
    rule: 'delete keys a config file sets (kindness)',
    files: { a: 1, b: { c: 2, d: 3 } },
    argv: ['~a', '~b.c'],
    hydra: { error: "Could not delete from config. 'a' does not exist." },
    ours: { tree: { b: { d: 3 } } },
  },
  {
    rule: 'delete a list element a config file sets (kindness)',
    files: { x: [1, 2, 3] },
    argv: ['~x.1'],
    hydra: { error: "Could not delete from config. 'x.1' does not exist." },
    ours: { tree: { x: [1, 3] } },
  },
  {
    rule: 'delete a file key with another value',
    files: { limit: 5 },
    argv: ['~limit=6'],
    hydra: { error: "Could not delete from config. 'limit' does not exist." },
    ours: { error: "The value of 'limit' is 5 and not 6" },
  },
  { rule: 'delete what the command line set: the file value stays', files: { limit: 5 }, argv: ['++limit=7', '~limit'], hydra: { tree: { limit: 5 } } },

  // In order.
  { rule: 'add, delete, add again', argv: ['+x=1', '~x', '+x=2'], hydra: { tree: { x: 2 } } },
  { rule: 'set after force-add', argv: ['++x={a:1}', 'x.a=2', '++x.b=3'], hydra: { tree: { x: { a: 2, b: 3 } } } },
  {
    rule: 'delete a file key, then add it (kindness)',
    files: { x: 0 },
    argv: ['~x', '+x=1'],
    hydra: { error: "Could not delete from config. 'x' does not exist." },
    ours: { tree: { x: 1 } },
  },

  // What is not an override for a single run.
  {
    rule: 'a comma outside brackets is a sweep',
    argv: ['+x=a,b'],
    hydra: { error: "Ambiguous value for argument '+x=a,b'" },
    ours: { error: 'a comma outside \\[ \\] or quotes makes a sweep' },
  },
  { rule: 'a sweep function', argv: ['+x=choice(1,2)'], hydra: { error: "Sweep parameters '+x=choice(1,2)' requires --multirun" }, ours: { error: 'choice\\(\\.\\.\\.\\) is a sweep' } },
  {
    rule: 'a config group override',
    argv: ['foo@bar=10'],
    hydra: { error: "Override foo@bar=10 looks like a config group override, but config group 'foo' does not exist." },
    ours: { error: 'looks like a Hydra config group override' },
  },
];
