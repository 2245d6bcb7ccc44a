import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { wallTimeout } from './core/clock.js';

/** How often the health file is touched (wall time); a check calls it stale after a minute. */
const TOUCH_MS = 10_000;

/**
 * `--health-file` (the Docker image sets it): the file exists while the stand listens and is
 * touched every 10 s by the event loop that serves requests, so a container health check is
 * `find FILE -mmin -1` in the image's shell, not a second Node process started every second to
 * fetch /_stand/health (~40 MB and ~50 ms of CPU each time). A stand that hangs stops touching
 * it; one that closes removes it. Returns the function that removes it.
 */
export function keepHealthFile(file: string): () => void {
  writeFileSync(file, `${process.pid}\n`);
  let cancel = () => {};
  const touch = () => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      writeFileSync(file, `${process.pid}\n`);
    }
    cancel = wallTimeout(touch, TOUCH_MS);
  };
  cancel = wallTimeout(touch, TOUCH_MS);
  return () => {
    cancel();
    rmSync(file, { force: true });
  };
}
