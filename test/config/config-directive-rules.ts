// NeMo Gym's config directives, one row per rule. `nemoGym` is the outcome of NeMo Gym's own pass
// (nemo_gym/global_config.py, GlobalConfigDictParser._recursively_swap_keys at commit 07d6b0d, run with OmegaConf
// 2.3.1 on the row's config); `ours` is given only where we differ, and says why in the rule.

export type DirectiveOutcome = { tree: Record<string, unknown> } | { error: string };

export interface DirectiveRule {
  rule: string;
  config: Record<string, unknown>;
  /** NeMo Gym's result, or the text of the exception it raises (its opaque crashes included). */
  nemoGym: DirectiveOutcome;
  /** Our outcome where it differs; an error is a regular expression for our message. */
  ours?: DirectiveOutcome;
}

const model = (entrypoint: string, extra: Record<string, unknown> = {}) => ({ responses_api_models: { test_model: { entrypoint, ...extra } } });

export const DIRECTIVE_RULES: DirectiveRule[] = [
  {
    rule: '${inherit_from:x} takes x and removes it',
    config: { policy_model: '${inherit_from:test_resource}', test_resource: model('app.py') },
    nemoGym: { tree: { policy_model: model('app.py') } },
  },
  {
    rule: '_inherit_from merges the own keys over x (own keys win) and removes x',
    config: { policy_model_2: { _inherit_from: 'base', ...model('app2.py') }, base: model('app.py', { timeout: 5 }) },
    nemoGym: { tree: { policy_model_2: model('app2.py', { timeout: 5 }) } },
  },
  {
    rule: 'inheriting a nested scalar removes it from its mapping',
    config: { a: { b: { c: 3 } }, a_prime: { b_prime: '${inherit_from:a.b.c}' } },
    nemoGym: { tree: { a: { b: {} }, a_prime: { b_prime: 3 } } },
  },
  {
    rule: '${copy:x} takes a copy and keeps x',
    config: { copy1: '${copy:original}', original: model('app.py') },
    nemoGym: { tree: { copy1: model('app.py'), original: model('app.py') } },
  },
  {
    rule: '_copy merges the own keys over the copy',
    config: { copy2: { _copy: 'original', ...model('app2.py') }, original: model('app.py') },
    nemoGym: { tree: { copy2: model('app2.py'), original: model('app.py') } },
  },
  {
    rule: '_delete_key drops a key only the copied value has (after the merge)',
    config: { copy3: { _copy: 'original', _delete_key: 'responses_api_models', other: 1 }, original: model('app.py') },
    nemoGym: { tree: { copy3: { other: 1 }, original: model('app.py') } },
  },
  {
    rule: "_delete_key drops an own key before the merge, so the copied value's key of that name stays",
    config: { t: { _copy: 's', _delete_key: 'x', x: 1 }, s: { x: 2, y: 3 } },
    nemoGym: { tree: { t: { x: 2, y: 3 }, s: { x: 2, y: 3 } } },
  },
  {
    rule: '_delete_key without a directive drops the keys it finds (a comma-separated list)',
    config: { judge: { responses_api_models: { _delete_key: 'local_vllm_model, other', local_vllm_model: { entrypoint: 'app.py' }, vllm_model: { entrypoint: 'app.py' } } } },
    nemoGym: { tree: { judge: { responses_api_models: { vllm_model: { entrypoint: 'app.py' } } } } },
  },
  {
    rule: '_delete_key without a directive ignores a key that is not there',
    config: { judge: { _delete_key: 'gone', keep: 1 } },
    nemoGym: { tree: { judge: { keep: 1 } } },
  },
  {
    rule: 'two targets may inherit the same source; both get it',
    config: { one: '${inherit_from:base}', two: { _inherit_from: 'base', extra: 1 }, base: { a: 1 } },
    nemoGym: { tree: { one: { a: 1 }, two: { a: 1, extra: 1 } } },
  },
  {
    rule: 'inheriting an unset (???) value leaves the target unset, to be reported as missing',
    config: { target: { _inherit_from: 'source.model' }, source: { model: '???' } },
    nemoGym: { tree: { target: '???', source: {} } },
  },
  {
    rule: 'copying below an unset (???) value leaves the target unset',
    config: { target: '${copy:source.model.name}', source: { model: '???' } },
    nemoGym: { tree: { target: '???', source: { model: '???' } } },
  },
  {
    rule: 'directives inside mappings inside lists are applied',
    config: { l: [{ x: '${copy:s}' }, 'plain'], s: 1 },
    nemoGym: { tree: { l: [{ x: 1 }, 'plain'], s: 1 } },
  },
  {
    rule: 'a chain (c inherits a, which inherits b) resolves fully (NeMo Gym leaves the inner _inherit_from in c and puts a back)',
    config: { c: { _inherit_from: 'a' }, a: { _inherit_from: 'b', x: 1 }, b: { y: 2 } },
    nemoGym: { tree: { c: { _inherit_from: 'b', x: 1 }, a: { y: 2, x: 1 } } },
    ours: { tree: { c: { x: 1, y: 2 } } },
  },
  {
    rule: 'a directive inside a copied value is applied (NeMo Gym copies it unresolved)',
    config: { t: { _copy: 's' }, s: { inner: '${copy:v}' }, v: 5 },
    nemoGym: { tree: { t: { inner: '${copy:v}' }, s: { inner: 5 }, v: 5 } },
    ours: { tree: { t: { inner: 5 }, s: { inner: 5 }, v: 5 } },
  },
  {
    rule: 'a source that is not in the config',
    config: { t: { _inherit_from: 'mising' }, missing: 1 },
    nemoGym: { error: "Path specified does not exist in config: ['mising']" },
    ours: { error: "'t' inherits from 'mising' \\(_inherit_from\\), which is not in the merged config" },
  },
  {
    rule: 'a source inside a list is not reachable',
    config: { t: '${copy:l.0}', l: [1] },
    nemoGym: { error: "Path specified does not exist in config: ['l', '0']" },
    ours: { error: "'t' copies 'l.0' .*: 'l' has no key '0'" },
  },
  {
    rule: 'a value copying itself (NeMo Gym keeps the directive as data)',
    config: { a: { _copy: 'a' } },
    nemoGym: { tree: { a: { _copy: 'a' } } },
    ours: { error: "_copy cycle: 'a' -> 'a'" },
  },
  {
    rule: 'a mapping directive whose source is a scalar',
    config: { t: { _copy: 's' }, s: 3 },
    nemoGym: { error: 'Invalid input. Supports one of [dict,list,DictConfig' },
    ours: { error: "'t' takes 's' with _copy, but 's' is 3, not a mapping" },
  },
  {
    rule: '_delete_key naming a key that neither the target nor the copied value has',
    config: { t: { _copy: 's', _delete_key: 'zz' }, s: { a: 1 } },
    nemoGym: { error: "Key not found: 'zz' (path: 't.zz')" },
    ours: { error: "'t' deletes 'zz' with _delete_key, but neither 't' nor 's' \\(_copy\\) has it" },
  },
  {
    rule: '_delete_key that is not a string',
    config: { m: { _delete_key: ['a'], a: 1 } },
    nemoGym: { error: 'ListConfig does not support attribute access' },
    ours: { error: "'m._delete_key' must be a comma-separated string of keys" },
  },
  {
    rule: '_inherit_from that is not a key name',
    config: { m: { _inherit_from: ['a'] }, a: {} },
    nemoGym: { error: 'ListConfig does not support attribute access' },
    ours: { error: "'m._inherit_from' must name a config key" },
  },
  {
    rule: 'both _inherit_from and _copy in one mapping (NeMo Gym copies but removes the source)',
    config: { m: { _inherit_from: 'a', _copy: 'b' }, a: { x: 1 }, b: { y: 1 } },
    nemoGym: { tree: { m: { y: 1 }, a: { x: 1 } } },
    ours: { error: "'m' has both _inherit_from and _copy" },
  },
];
