/** A small seeded generator (mulberry32): the demo is the same for the same seed. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    weighted<T>(items: readonly T[], weight: (item: T) => number): T {
      const total = items.reduce((s, i) => s + weight(i), 0);
      let r = next() * total;
      for (const item of items) {
        r -= weight(item);
        if (r < 0) return item;
      }
      return items[items.length - 1]!;
    },
    /** `n` distinct items, each draw in proportion to `weight` among those left. */
    sample<T>(items: readonly T[], n: number, weight: (item: T) => number = () => 1): T[] {
      const pool = [...items];
      const out: T[] = [];
      while (out.length < n && pool.length > 0) {
        let r = next() * pool.reduce((s, i) => s + weight(i), 0);
        let k = pool.length - 1;
        for (let j = 0; j < pool.length; j++) {
          r -= weight(pool[j]!);
          if (r < 0) {
            k = j;
            break;
          }
        }
        out.push(pool.splice(k, 1)[0]!);
      }
      return out;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const a = [...items];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a;
    },
  };
}
export type Random = ReturnType<typeof createRandom>;
