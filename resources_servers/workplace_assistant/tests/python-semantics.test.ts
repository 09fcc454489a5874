// How Python prints values, as the tools' outputs need it: repr()/str() (f-strings, error texts), pydantic's JSON
// (FastAPI's response bodies) and json.loads' reading of numbers. Expected texts are what CPython 3.11 and
// pydantic-core print for the same values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pythonJsonLoads } from '../lib/python-json.ts';
import { floatRepr, PyFloat, pydanticFloat, pydanticJson, pyRepr, pyStr, stringRepr } from '../lib/python-semantics.ts';

test('repr(float) and pydantic JSON of the same float: 20.0, 1e-05 / 0.00001, 1e+16, ...', () => {
  const table: [number, string, string][] = [
    [20.0, '20.0', '20.0'],
    [0.1, '0.1', '0.1'],
    [1e-5, '1e-05', '0.00001'],
    [1.5e-5, '1.5e-05', '0.000015'],
    [9.99e-6, '9.99e-06', '9.99e-6'],
    [0.0001, '0.0001', '0.0001'],
    [1e16, '1e+16', '1e+16'],
    [1.2345678901234568e16, '1.2345678901234568e+16', '1.2345678901234568e+16'],
    [9999000000000000.0, '9999000000000000.0', '9999000000000000.0'],
    [543.8571428571429, '543.8571428571429', '543.8571428571429'],
    [-0.0, '-0.0', '-0.0'],
    [5e-324, '5e-324', '5e-324'],
    [1.5e300, '1.5e+300', '1.5e+300'],
    [123456789.123, '123456789.123', '123456789.123'],
    [100.0, '100.0', '100.0'],
    [-1e-7, '-1e-07', '-1e-7'],
  ];
  for (const [value, repr, json] of table) {
    assert.equal(floatRepr(value), repr, `repr(${repr})`);
    assert.equal(pydanticFloat(value), json, `pydantic ${repr}`);
  }
  assert.deepEqual([floatRepr(Number.NaN), floatRepr(Infinity), pydanticFloat(Number.NaN), pydanticFloat(-Infinity)], ['nan', 'inf', 'null', 'null']);
});

test('repr(str) picks its quotes and escapes as Python does', () => {
  const table: [string, string][] = [
    ['plain', "'plain'"],
    ["it's", `"it's"`],
    ['say "hi"', `'say "hi"'`],
    [`both ' and "`, `'both \\' and "'`],
    ['tab\tnew\nline\r', "'tab\\tnew\\nline\\r'"],
    ['bell\x07 del\x7f', "'bell\\x07 del\\x7f'"],
    ['é ☕ 𝄞', "'é ☕ 𝄞'"],
    ['\u2028 \xa0 \u200b', "'\\u2028 \\xa0 \\u200b'"],
    ['back\\slash', "'back\\\\slash'"],
  ];
  for (const [text, repr] of table) assert.equal(stringRepr(text), repr, text);
});

test('containers print their items with repr(), as f-strings and error messages show them', () => {
  const value = pythonJsonLoads('[1, 2.0, true, null, "a", {"k": [1e-05]}]');
  assert.equal(pyRepr(value), "[1, 2.0, True, None, 'a', {'k': [1e-05]}]");
  assert.equal(pyStr(pythonJsonLoads('{}')), '{}');
  assert.equal(pydanticJson(value), '[1,2.0,true,null,"a",{"k":[0.00001]}]');
});

test('json.loads keeps ints and floats apart, big ints exact, dict order as sent, NaN as a float', () => {
  const value = pythonJsonLoads('{"b": 1, "1": 2.0, "big": 10000000000000000000000, "f": 1e16, "n": NaN, "b": 3}') as Map<string, unknown>;
  assert.deepEqual([...value.keys()], ['b', '1', 'big', 'f', 'n']);
  assert.equal(value.get('b'), 3);
  assert.ok(value.get('1') instanceof PyFloat);
  assert.equal(value.get('big'), 10000000000000000000000n);
  assert.equal(pydanticJson(value as never), '{"b":3,"1":2.0,"big":10000000000000000000000,"f":1e+16,"n":null}');
});
