import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { keepHealthFile } from '../../src/cli-health.js';

test('--health-file: the file is there while the stand listens, and gone once it closes', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'stand-health-')), 'health');
  const remove = keepHealthFile(file);
  expect(existsSync(file)).toBe(true);
  remove();
  expect(existsSync(file)).toBe(false);
});
