// The built workbook in Debian's Chromium against a real lab server: a student opens chapter 01, runs a cell,
// presses Check, reloads and finds their work where they left it; a visitor without the token is turned away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { join } from 'node:path';
import { ROOT_DIR, startLabServer, type TestLabServer } from '../support/lab-server.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let browser: Browser;
let lab: TestLabServer;

beforeAll(async () => {
  await build({ configFile: join(ROOT_DIR, 'web/vite.config.ts'), logLevel: 'warn' });
  lab = await startLabServer();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await lab?.close();
});

/** A fresh browser context (no cookie yet) on chapter 01, opened with the link `./kubelab up` prints. */
async function openChapterOne(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(lab.url);
  const first = page.getByTestId('sidebar-chapter').first();
  await expect.poll(() => first.getAttribute('data-chapter-id')).toMatch(/^01-/);
  await first.click();
  await page.locator('[data-testid=chapter][data-chapter-id^="01-"]').waitFor();
  return page;
}

/** The first shell cell of the chapter, once Monaco has replaced its plain text area. */
async function firstShellCell(page: Page): Promise<Locator> {
  const cell = page.locator('[data-testid=cell][data-language=sh]').first();
  await cell.getByTestId('cell-monaco').waitFor();
  return cell;
}

async function runAndWait(cell: Locator): Promise<void> {
  await cell.getByTestId('run-button').click();
  await cell.locator('[data-testid=exit-status][data-end]').waitFor({ timeout: 60_000 });
}

const text = (locator: Locator) => locator.innerText().then((value) => value.replace(/\u00a0/g, ' '));

describe('the workbook', () => {
  it('takes the token out of the address bar after the first visit', async () => {
    const page = await openChapterOne();
    expect(page.url()).not.toContain('token=');
    await page.context().close();
  });

  it('runs a cell of chapter 01 and shows its output and exit code 0', async () => {
    const page = await openChapterOne();
    const cell = await firstShellCell(page);
    await runAndWait(cell);
    await expect.poll(() => cell.getByTestId('exit-status').getAttribute('data-exit-code')).toBe('0');
    await expect.poll(() => cell.getByTestId('exit-status').getAttribute('data-end')).toBe('exited');
    await expect.poll(() => text(cell.getByTestId('cell-output'))).not.toBe('');
    await page.context().close();
  });

  it('fails a check, passes it once the container cell runs in the background, and fails it again after Stop', async () => {
    const page = await openChapterOne();
    const check = page.locator('[data-testid=check][data-check-id=pid-and-hostname]');
    const result = check.getByTestId('check-result');
    const pressCheck = async (passed: 'true' | 'false') => {
      await check.getByTestId('check-button').click();
      await expect.poll(() => check.getAttribute('data-checking')).toBeNull();
      await expect.poll(() => result.getAttribute('data-passed')).toBe(passed);
    };
    await pressCheck('false');
    expect(await result.locator('[data-testid=criterion][data-passed=false]').count()).toBeGreaterThan(0);

    const container = page.locator('[data-testid=cell][data-cell-id=container]');
    await container.getByTestId('run-button').click();
    await expect.poll(() => container.getAttribute('data-running')).toBe('true');
    await expect
      .poll(
        () =>
          pressCheck('true').then(
            () => true,
            () => false,
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
    await expect.poll(() => text(result)).toMatch(/Passed/);
    expect(await result.locator('[data-testid=criterion][data-passed=false]').count()).toBe(0);
    await expect.poll(() => text(page.getByTestId('sidebar-chapter').first())).toMatch(/[1-9]\d*\/\d+ checks/);

    await container.getByTestId('stop-button').click();
    const status = container.locator('[data-testid=exit-status]');
    await expect.poll(() => status.getAttribute('data-end')).toBe('stopped');
    // Stop is what the lesson asks for: a neutral "stopped", not a red exit 137.
    expect(await status.getAttribute('data-state')).toBe('stopped');
    expect(await text(status)).not.toMatch(/exit/);
    await pressCheck('false');
    await page.context().close();
  });

  it("renders inline code in a chapter's summary instead of showing backticks", async () => {
    const page = await openChapterOne();
    await page.locator('[data-testid=sidebar-chapter][data-chapter-id^="02-"]').click();
    const summary = page.locator('[data-testid=chapter][data-chapter-id^="02-"] .chapter-summary');
    await expect.poll(() => text(summary.locator('code').first())).toMatch(/docker run/);
    expect(await text(summary)).not.toContain('`');
    await page.context().close();
  });

  it('keeps the open Terminal button readable while hovered', async () => {
    const page = await openChapterOne();
    const toggle = page.getByTestId('terminal-toggle');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.hover();
    // Runs in the page; the tests compile without the DOM's types, hence the shape of getComputedStyle spelled out.
    type Styles = { getComputedStyle(el: unknown): { color: string; backgroundColor: string } };
    const colours = () =>
      toggle.evaluate((el) => {
        const style = (globalThis as unknown as Styles).getComputedStyle(el);
        return { color: style.color, background: style.backgroundColor };
      });
    await expect.poll(colours).toEqual({ color: 'rgb(255, 255, 255)', background: 'rgb(58, 64, 72)' });
    await page.context().close();
  });

  it('keeps an edited cell and its output across a reload', async () => {
    const page = await openChapterOne();
    const cell = await firstShellCell(page);
    const marker = `e2e-marker-${Date.now()}`;
    await cell.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('End');
    await page.keyboard.type(`\necho ${marker}`);
    await runAndWait(cell);
    await expect.poll(() => text(cell.getByTestId('cell-output'))).toContain(marker);
    await expect.poll(() => cell.getByTestId('exit-status').getAttribute('data-exit-code')).toBe('0');
    await expect.poll(() => cell.getByTestId('save-state').getAttribute('data-state')).toBe('saved');

    await page.reload();
    const reloaded = await firstShellCell(page);
    await expect.poll(() => text(reloaded.locator('.monaco-editor .view-lines'))).toContain(`echo ${marker}`);
    await expect.poll(() => reloaded.getAttribute('data-edited')).toBe('true');
    await expect.poll(() => text(reloaded.getByTestId('cell-output'))).toContain(marker);
    await expect.poll(() => reloaded.getByTestId('exit-status').getAttribute('data-exit-code')).toBe('0');

    await reloaded.getByTestId('reset-button').click();
    await expect.poll(() => reloaded.getAttribute('data-edited')).toBe('false');
    await page.context().close();
  });

  it('refuses a visitor without the token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(lab.baseUrl + '/');
    expect(response?.status()).toBe(401);
    await expect.poll(() => page.locator('body').innerText()).toMatch(/token/i);
    const api = await page.request.get(lab.baseUrl + '/api/chapters');
    expect(api.status()).toBe(401);
    await context.close();
  });
});
