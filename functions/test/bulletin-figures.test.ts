/**
 * One figure, one rounding: the bulletin's PDF and sheet read the figures the same
 * as its screen (miniapp/test/bulletins.test.tsx renders the same bulletin and checks the same rows).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulletinFigureRows, formatPercent } from '@safegrid/shared';
import { ROUNDING_BULLETIN } from '../../shared/test/bulletin-fixture';
import { pdfOf } from '../src/usecases/bulletin-files';

it('the PDF shows every figure row of the screen, the rates rounded half up (54.2%, 15.4%, 100.0%)', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'safegrid-bulletin-')), 'bulletin.pdf');
  writeFileSync(file, await pdfOf(ROUNDING_BULLETIN));
  const lines = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '));
  // Each figure on its own line, label then value: the same strings the screen's rows read.
  for (const [label, value] of bulletinFigureRows(ROUNDING_BULLETIN.figures)) expect(lines).toContain(`${label} ${value}`);
  expect(lines).toContain('整改率 54.2%');
  expect(formatPercent(ROUNDING_BULLETIN.figures.rectificationRate)).toBe('54.2%');
  // The ranking: 东关 11/11, 西关 2/13.
  expect(lines.find((l) => l.startsWith('1 东关街道'))).toMatch(/ 100\.0% /);
  expect(lines.find((l) => l.startsWith('2 西关街道'))).toMatch(/ 15\.4% /);
});
