/** The memory bench workers' reading (run with --expose-gc): after a turn and two full GCs, RSS and heap in MB. */
export const turn = () => new Promise((resolve) => setImmediate(resolve));

export async function reading() {
  await turn();
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { rssMb: m.rss / 1024 / 1024, heapMb: m.heapUsed / 1024 / 1024 };
}
