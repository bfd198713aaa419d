import type { Page } from '@playwright/test';

/**
 * Collects console errors and uncaught page errors, so a test can assert there were none.
 * Chromium's own warnings about the software adapter are not the page's errors.
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}
