// The public contact form on a phone (360 px wide), signed out: from the sign-in page's link,
// a mistake shown beside its field, then the thank-you page with the enquiry's reference.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  VIEWPORTS,
  assertNoHorizontalScroll,
  blockingViolations,
  describeViolations,
  launchBrowser,
  newContext,
  pathOf,
  runAxe,
  waitUntilFormMayBeSent,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const phone = VIEWPORTS.find((viewport) => viewport.name === 'phone');

describe('contact form on a phone (360 px)', () => {
  let context;
  let page;

  before(async () => {
    context = await newContext(browser, phone);
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
  });

  test('a visitor finds the form from the sign-in page', async () => {
    await page.goto('/login');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/contact'),
      page.getByRole('link', { name: 'Ask the union a question' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: 'Ask the union a question' }).waitFor();
    assert.equal(await page.locator('#website').isVisible(), false, 'the honeypot is hidden from people');
    await assertNoHorizontalScroll(page, 'the contact form on a phone');
  });

  test('a wrong email is shown beside its field and kept; corrected, the enquiry is sent', async () => {
    const loadedAt = Date.now();
    await page.getByLabel('Your name').fill('Imogen Browser');
    await page.getByLabel('Email address').fill('imogen.browser-at-example.org');
    await page.getByLabel('Workplace or employer (optional)').fill('Riverside Depot');
    await page.getByLabel('What is it about?').fill('Shift pattern change');
    await page.getByLabel('Your message').fill('My shifts are changing next month without any consultation.');
    await waitUntilFormMayBeSent(page, loadedAt);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send your question' }).click()]);
    await page.locator('#email-error').waitFor();
    assert.equal(await page.getByLabel('Email address').inputValue(), 'imogen.browser-at-example.org');
    assert.equal(await page.getByLabel('Your name').inputValue(), 'Imogen Browser');
    await assertNoHorizontalScroll(page, 'the contact form with an error on a phone');

    await page.getByLabel('Email address').fill('imogen.browser@example.org');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send your question' }).click()]);
    await page.getByRole('heading', { level: 1, name: 'Thank you, we have your message' }).waitFor();
    assert.equal(pathOf(page), '/contact');
    const reference = await page.locator('#enquiry-reference').textContent();
    assert.match(reference ?? '', /^ENQ-\d{4}-\d{6}$/);
    await assertNoHorizontalScroll(page, 'the thank-you page on a phone');
  });

  test('the thank-you page passes axe', async (t) => {
    const results = await runAxe(page);
    const blocking = blockingViolations(results);
    const minor = results.violations.filter((v) => !blocking.includes(v));
    if (minor.length > 0) {
      t.diagnostic(`minor axe findings (not failing):\n${describeViolations('thank-you page', minor)}`);
    }
    assert.equal(blocking.length, 0, describeViolations('thank-you page', blocking));
  });
});
