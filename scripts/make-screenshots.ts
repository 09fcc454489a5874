// Renders the README's screenshots: `npm start` in a real terminal (tmux, its screen drawn by Chromium), and
// ng_viewer on the quick start's rollouts.
// (needs tmux and /usr/bin/chromium). Writes docs/terminal.png and docs/viewer.png.
// Run from the repository root: node scripts/make-screenshots.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../test/helpers/cli.ts';
import { openTerminal } from '../test/helpers/terminal.ts';
import { startViewerProcess } from '../test/viewer/viewer-process.ts';

const COLUMNS = 100;
const PALETTE = ['#1d2330', '#e03131', '#2f9e44', '#f08c00', '#3b5bdb', '#ae3ec9', '#1098ad', '#ced4da'];
const BRIGHT = ['#868e96', '#ff6b6b', '#51cf66', '#fcc419', '#5c7cfa', '#da77f2', '#3bc9db', '#ffffff'];

/** tmux's screen with SGR colour codes as HTML spans (text escaped). */
function screenToHtml(screen: string): string {
  let style: { fg?: string; bold?: boolean; dim?: boolean } = {};
  let html = '';
  for (const part of screen.split(/(\x1b\[[\d;]*m)/)) {
    const sgr = /^\x1b\[([\d;]*)m$/.exec(part);
    if (!sgr) {
      const text = part.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
      const css = [style.fg ? `color:${style.fg}` : '', style.bold ? 'font-weight:700' : '', style.dim ? 'opacity:.65' : ''].filter(Boolean).join(';');
      html += css ? `<span style="${css}">${text}</span>` : text;
      continue;
    }
    const codes = (sgr[1] || '0').split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (code === 0) style = {};
      else if (code === 1) style.bold = true;
      else if (code === 2) style.dim = true;
      else if (code === 22) style = { ...style, bold: false, dim: false };
      else if (code >= 30 && code <= 37) style.fg = PALETTE[code - 30];
      else if (code >= 90 && code <= 97) style.fg = BRIGHT[code - 90];
      else if (code === 39) delete style.fg;
      else if (code === 38 && codes[i + 1] === 5) {
        const n = codes[i + 2]!;
        style.fg = n < 8 ? PALETTE[n] : n < 16 ? BRIGHT[n - 8] : undefined;
        i += 2;
      }
    }
  }
  return html;
}

async function main(): Promise<void> {
  const terminal = openTerminal(['npm', 'start'], { cwd: repoRoot, columns: COLUMNS, rows: 60, env: { PATH: `${join(repoRoot, 'node_modules/.bin')}:${process.env.PATH}` } });
  let screen: string;
  try {
    await terminal.exited(120_000);
    // As the terminal shows it (long lines wrapped), without tmux's note that the command ended.
    screen = terminal.screenWithEscapes().replace(/\n?Pane is dead.*\s*$/, '').replace(/\s+$/, '');
  } finally {
    terminal.close();
  }
  const page = `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#11151c"><pre style="margin:0;padding:18px 22px;color:#e9ecef;background:#11151c;font:13px/1.4 'DejaVu Sans Mono',monospace;width:${COLUMNS}ch">$ npm start\n${screenToHtml(screen)}</pre></body>`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const shot = await browser.newPage({ viewport: { width: 1000, height: 400 }, deviceScaleFactor: 1 });
    await shot.setContent(page);
    await shot.locator('pre').screenshot({ path: join(repoRoot, 'docs', 'terminal.png') });

    const viewer = await startViewerProcess([join(repoRoot, 'results', 'quickstart.jsonl')]);
    try {
      const ui = await browser.newPage({ viewport: { width: 1400, height: 820 } });
      await ui.goto(viewer.url);
      await ui.waitForSelector('#rows-body tr[data-id] .preview-answer');
      await ui.fill('#search', 'weather');
      await ui.waitForFunction(() => /page 1 of matches/.test(document.querySelector('#page-info')?.textContent ?? ''));
      await ui.click('#rows-body tr[data-id]');
      await ui.waitForSelector('.rollout .item.final');
      await ui.screenshot({ path: join(repoRoot, 'docs', 'viewer.png') });
    } finally {
      await viewer.stop();
    }
  } finally {
    await browser.close();
  }
  writeFileSync(join(repoRoot, 'test-artifacts', 'terminal-screen.txt'), screen);
}

await main();
