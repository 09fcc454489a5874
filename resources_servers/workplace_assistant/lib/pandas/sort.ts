// `df.sort_values(datetime_column, ascending=False)` exactly, ties included: pandas reverses the values, argsorts
// them with numpy's (unstable) introsort for datetime64, and reverses the result; NaT rows go last in table order.

const SMALL_QUICKSORT = 15;

/** numpy's generic `aheapsort_` on `order[start..start+n)`, the introsort's fallback (1-based heap indices). */
function heapsort(keys: readonly bigint[], order: number[], start: number, n: number): void {
  const at = (i: number) => order[start + i - 1]!;
  const put = (i: number, value: number) => (order[start + i - 1] = value);
  const siftDown = (top: number, value: number, size: number) => {
    let i = top;
    for (let j = top << 1; j <= size;) {
      if (j < size && keys[at(j)]! < keys[at(j + 1)]!) j += 1;
      if (!(keys[value]! < keys[at(j)]!)) break;
      put(i, at(j));
      i = j;
      j += j;
    }
    put(i, value);
  };
  for (let l = n >> 1; l > 0; l -= 1) siftDown(l, at(l), n);
  for (let size = n; size > 1;) {
    const value = at(size);
    put(size, at(1));
    size -= 1;
    siftDown(1, value, size);
  }
}

/** numpy's generic `aquicksort_` (npysort/quicksort.cpp): the argsort of `keys`, ties in numpy's order. */
export function numpyArgsort(keys: readonly bigint[]): number[] {
  const order = keys.map((_, index) => index);
  const num = order.length;
  if (num < 2) return order;
  const swap = (a: number, b: number) => ([order[a], order[b]] = [order[b]!, order[a]!]);
  const less = (a: number, b: number) => keys[a]! < keys[b]!;
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = num - 1;
  let cdepth = Math.floor(Math.log2(num)) * 2;
  for (;;) {
    if (cdepth < 0) heapsort(keys, order, pl, pr - pl + 1);
    else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(order[pm]!, order[pl]!)) swap(pm, pl);
        if (less(order[pr]!, order[pm]!)) swap(pr, pm);
        if (less(order[pm]!, order[pl]!)) swap(pm, pl);
        const pivot = order[pm]!;
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do pi += 1;
          while (less(order[pi]!, pivot));
          do pj -= 1;
          while (less(pivot, order[pj]!));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; pi += 1) {
        const vi = order[pi]!;
        let pj = pi;
        while (pj > pl && less(vi, order[pj - 1]!)) {
          order[pj] = order[pj - 1]!;
          pj -= 1;
        }
        order[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depths.pop()!;
  }
  return order;
}

/** The row order of `sort_values(ascending=False)` over datetime keys (null is NaT). */
export function sortDescendingOrder(keys: readonly (bigint | null)[]): number[] {
  const present = keys.map((key, index) => ({ key, index })).filter((entry) => entry.key !== null).reverse();
  const argsort = numpyArgsort(present.map((entry) => entry.key!));
  const indexer = argsort.map((position) => present[position]!.index).reverse();
  return [...indexer, ...keys.flatMap((key, index) => (key === null ? [index] : []))];
}
