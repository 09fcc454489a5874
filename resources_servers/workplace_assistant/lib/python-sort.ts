// CPython 3.11's list.sort (timsort with powersort merging, galloping, `<` only): with a consistent `<` any
// stable sort agrees with it, but keys that compare false both ways (pandas' NaT) land where CPython puts them
// only if every comparison is the one CPython makes. A reimplementation of Objects/listobject.c's algorithm.

type LessThan<T> = (a: T, b: T) => boolean;

const MIN_GALLOP = 7;

function computeMinrun(length: number): number {
  let n = length;
  let r = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

/** Length of the run at [lo, hi) and whether it is strictly descending. */
function countRun<T>(a: T[], lo: number, hi: number, lt: LessThan<T>): [number, boolean] {
  if (lo + 1 === hi) return [1, false];
  let n = 2;
  if (lt(a[lo + 1]!, a[lo]!)) {
    for (let i = lo + 2; i < hi && lt(a[i]!, a[i - 1]!); i += 1) n += 1;
    return [n, true];
  }
  for (let i = lo + 2; i < hi && !lt(a[i]!, a[i - 1]!); i += 1) n += 1;
  return [n, false];
}

function binarysort<T>(a: T[], lo: number, hi: number, start: number, lt: LessThan<T>): void {
  for (let i = start === lo ? start + 1 : start; i < hi; i += 1) {
    const pivot = a[i]!;
    let l = lo;
    let r = i;
    do {
      const p = l + ((r - l) >> 1);
      if (lt(pivot, a[p]!)) r = p;
      else l = p + 1;
    } while (l < r);
    a.copyWithin(l + 1, l, i);
    a[l] = pivot;
  }
}

/** k in 0..n with a[k-1] < key <= a[k] (leftmost position of key), searching from `hint`. */
function gallopLeft<T>(key: T, a: T[], base: number, n: number, hint: number, lt: LessThan<T>): number {
  let lastofs = 0;
  let ofs = 1;
  if (lt(a[base + hint]!, key)) {
    const maxofs = n - hint;
    while (ofs < maxofs && lt(a[base + hint + ofs]!, key)) {
      lastofs = ofs;
      ofs = (ofs << 1) + 1;
    }
    if (ofs > maxofs) ofs = maxofs;
    lastofs += hint;
    ofs += hint;
  } else {
    const maxofs = hint + 1;
    while (ofs < maxofs && !lt(a[base + hint - ofs]!, key)) {
      lastofs = ofs;
      ofs = (ofs << 1) + 1;
    }
    if (ofs > maxofs) ofs = maxofs;
    const k = lastofs;
    lastofs = hint - ofs;
    ofs = hint - k;
  }
  lastofs += 1;
  while (lastofs < ofs) {
    const m = lastofs + ((ofs - lastofs) >> 1);
    if (lt(a[base + m]!, key)) lastofs = m + 1;
    else ofs = m;
  }
  return ofs;
}

/** k in 0..n with a[k-1] <= key < a[k] (rightmost position of key), searching from `hint`. */
function gallopRight<T>(key: T, a: T[], base: number, n: number, hint: number, lt: LessThan<T>): number {
  let lastofs = 0;
  let ofs = 1;
  if (lt(key, a[base + hint]!)) {
    const maxofs = hint + 1;
    while (ofs < maxofs && lt(key, a[base + hint - ofs]!)) {
      lastofs = ofs;
      ofs = (ofs << 1) + 1;
    }
    if (ofs > maxofs) ofs = maxofs;
    const k = lastofs;
    lastofs = hint - ofs;
    ofs = hint - k;
  } else {
    const maxofs = n - hint;
    while (ofs < maxofs && !lt(key, a[base + hint + ofs]!)) {
      lastofs = ofs;
      ofs = (ofs << 1) + 1;
    }
    if (ofs > maxofs) ofs = maxofs;
    lastofs += hint;
    ofs += hint;
  }
  lastofs += 1;
  while (lastofs < ofs) {
    const m = lastofs + ((ofs - lastofs) >> 1);
    if (lt(key, a[base + m]!)) ofs = m;
    else lastofs = m + 1;
  }
  return ofs;
}

function powerloop(s1: number, n1: number, n2: number, n: number): number {
  let result = 0;
  let a = 2 * s1 + n1;
  let b = a + n1 + n2;
  for (;;) {
    result += 1;
    if (a >= n) {
      a -= n;
      b -= n;
    } else if (b >= n) break;
    a *= 2;
    b *= 2;
  }
  return result;
}

class MergeState<T> {
  readonly a: T[];
  readonly lt: LessThan<T>;
  minGallop = MIN_GALLOP;
  readonly pending: { base: number; len: number; power: number }[] = [];

  constructor(a: T[], lt: LessThan<T>) {
    this.a = a;
    this.lt = lt;
  }

  foundNewRun(n2: number): void {
    const top = this.pending.at(-1);
    if (!top) return;
    const power = powerloop(top.base, top.len, n2, this.a.length);
    while (this.pending.length > 1 && this.pending.at(-2)!.power > power) this.mergeAt(this.pending.length - 2);
    this.pending.at(-1)!.power = power;
  }

  forceCollapse(): void {
    while (this.pending.length > 1) {
      let n = this.pending.length - 2;
      if (n > 0 && this.pending[n - 1]!.len < this.pending[n + 1]!.len) n -= 1;
      this.mergeAt(n);
    }
  }

  mergeAt(i: number): void {
    const { a, lt, pending } = this;
    let ssa = pending[i]!.base;
    let na = pending[i]!.len;
    const ssb = pending[i + 1]!.base;
    let nb = pending[i + 1]!.len;
    pending[i]!.len = na + nb;
    if (i === pending.length - 3) pending[i + 1] = { ...pending[i + 2]! };
    pending.pop();
    const k = gallopRight(a[ssb]!, a, ssa, na, 0, lt);
    ssa += k;
    na -= k;
    if (na === 0) return;
    nb = gallopLeft(a[ssa + na - 1]!, a, ssb, nb, nb - 1, lt);
    if (nb <= 0) return;
    if (na <= nb) this.mergeLo(ssa, na, ssb, nb);
    else this.mergeHi(ssa, na, ssb, nb);
  }

  mergeLo(ssa: number, initialNa: number, ssb: number, initialNb: number): void {
    const { a, lt } = this;
    let na = initialNa;
    let nb = initialNb;
    const tmp = a.slice(ssa, ssa + na);
    let dest = ssa;
    let pa = 0;
    let pb = ssb;
    const copyB = () => {
      a.copyWithin(dest, pb, pb + nb);
      a[dest + nb] = tmp[pa]!;
    };
    const succeed = () => {
      for (let i = 0; i < na; i += 1) a[dest + i] = tmp[pa + i]!;
    };
    a[dest++] = a[pb++]!;
    if (--nb === 0) return succeed();
    if (na === 1) return copyB();
    let minGallop = this.minGallop;
    for (;;) {
      let acount = 0;
      let bcount = 0;
      for (;;) {
        if (lt(a[pb]!, tmp[pa]!)) {
          a[dest++] = a[pb++]!;
          bcount += 1;
          acount = 0;
          if (--nb === 0) return succeed();
          if (bcount >= minGallop) break;
        } else {
          a[dest++] = tmp[pa++]!;
          acount += 1;
          bcount = 0;
          if (--na === 1) return copyB();
          if (acount >= minGallop) break;
        }
      }
      minGallop += 1;
      do {
        minGallop -= minGallop > 1 ? 1 : 0;
        this.minGallop = minGallop;
        let k = gallopRight(a[pb]!, tmp, pa, na, 0, lt);
        acount = k;
        if (k) {
          for (let i = 0; i < k; i += 1) a[dest + i] = tmp[pa + i]!;
          dest += k;
          pa += k;
          na -= k;
          if (na === 1) return copyB();
          if (na === 0) return succeed();
        }
        a[dest++] = a[pb++]!;
        if (--nb === 0) return succeed();
        k = gallopLeft(tmp[pa]!, a, pb, nb, 0, lt);
        bcount = k;
        if (k) {
          a.copyWithin(dest, pb, pb + k);
          dest += k;
          pb += k;
          nb -= k;
          if (nb === 0) return succeed();
        }
        a[dest++] = tmp[pa++]!;
        if (--na === 1) return copyB();
      } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
      minGallop += 1;
      this.minGallop = minGallop;
    }
  }

  mergeHi(ssa: number, initialNa: number, ssb: number, initialNb: number): void {
    const { a, lt } = this;
    let na = initialNa;
    let nb = initialNb;
    const tmp = a.slice(ssb, ssb + nb);
    const basea = ssa;
    let dest = ssb + nb - 1;
    let pa = ssa + na - 1;
    let pb = nb - 1;
    const copyA = () => {
      a.copyWithin(dest + 1 - na, pa + 1 - na, pa + 1);
      dest -= na;
      pa -= na;
      a[dest] = tmp[pb]!;
    };
    const succeed = () => {
      for (let i = 0; i < nb; i += 1) a[dest - (nb - 1) + i] = tmp[i]!;
    };
    a[dest--] = a[pa--]!;
    if (--na === 0) return succeed();
    if (nb === 1) return copyA();
    let minGallop = this.minGallop;
    for (;;) {
      let acount = 0;
      let bcount = 0;
      for (;;) {
        if (lt(tmp[pb]!, a[pa]!)) {
          a[dest--] = a[pa--]!;
          acount += 1;
          bcount = 0;
          if (--na === 0) return succeed();
          if (acount >= minGallop) break;
        } else {
          a[dest--] = tmp[pb--]!;
          bcount += 1;
          acount = 0;
          if (--nb === 1) return copyA();
          if (bcount >= minGallop) break;
        }
      }
      minGallop += 1;
      do {
        minGallop -= minGallop > 1 ? 1 : 0;
        this.minGallop = minGallop;
        let k = na - gallopRight(tmp[pb]!, a, basea, na, na - 1, lt);
        acount = k;
        if (k) {
          dest -= k;
          pa -= k;
          a.copyWithin(dest + 1, pa + 1, pa + 1 + k);
          na -= k;
          if (na === 0) return succeed();
        }
        a[dest--] = tmp[pb--]!;
        if (--nb === 1) return copyA();
        k = nb - gallopLeft(a[pa]!, tmp, 0, nb, nb - 1, lt);
        bcount = k;
        if (k) {
          dest -= k;
          pb -= k;
          for (let i = 0; i < k; i += 1) a[dest + 1 + i] = tmp[pb + 1 + i]!;
          nb -= k;
          if (nb === 1) return copyA();
          if (nb === 0) return succeed();
        }
        a[dest--] = a[pa--]!;
        if (--na === 0) return succeed();
      } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
      minGallop += 1;
      this.minGallop = minGallop;
    }
  }
}

/** `items.sort(key=..., reverse=reverse)` given `<` on the items (which may raise, as a Python comparison does). */
export function pythonSort<T>(items: readonly T[], lt: LessThan<T>, reverse = false): T[] {
  const a = [...items];
  if (a.length < 2) return a;
  if (reverse) a.reverse();
  const state = new MergeState(a, lt);
  const minrun = computeMinrun(a.length);
  let lo = 0;
  let remaining = a.length;
  while (remaining > 0) {
    let [n, descending] = countRun(a, lo, lo + remaining, lt);
    if (descending) {
      const run = a.slice(lo, lo + n).reverse();
      a.splice(lo, n, ...run);
    }
    if (n < minrun) {
      const force = remaining <= minrun ? remaining : minrun;
      binarysort(a, lo, lo + force, lo + n, lt);
      n = force;
    }
    state.foundNewRun(n);
    state.pending.push({ base: lo, len: n, power: 0 });
    lo += n;
    remaining -= n;
  }
  state.forceCollapse();
  if (reverse) a.reverse();
  return a;
}
