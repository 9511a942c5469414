// axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) on every page, on a desktop and on a phone.
// A violation of impact "serious" or "critical" fails the page's test; lesser ones are
// printed as diagnostics.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN,
  VIEWPORTS,
  blockingViolations,
  describeViolations,
  launchBrowser,
  login,
  newContext,
  pathOf,
  runAxe,
  submitMemberForm,
  waitUntilFormMayBeSent,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Run axe on the page as it is now; fail on serious or critical violations. */
async function checkPage(t, page, where) {
  const results = await runAxe(page);
  const blocking = blockingViolations(results);
  const minor = results.violations.filter((v) => !blocking.includes(v));
  if (minor.length > 0) {
    t.diagnostic(`minor axe findings (not failing):\n${describeViolations(where, minor)}`);
  }
  assert.equal(
    blocking.length,
    0,
    `axe found ${blocking.length} serious or critical violation(s) on ${where}:\n${describeViolations(where, blocking)}`,
  );
}

/** Open a path and make sure it is the page itself (not a redirect to sign-in, not an error). */
async function open(page, path) {
  const response = await page.goto(path);
  assert.ok(response, `no response for ${path}`);
  assert.equal(response.status(), 200, `${path} answered ${response.status()}`);
  assert.equal(pathOf(page), new URL(path, page.url()).pathname, `${path} redirected to ${page.url()}`);
  await page.locator('main h1').waitFor();
}

// Signed-in pages, as admin. A function gives the path once the run knows a member's id.
const SIGNED_IN_PAGES = [
  ['dashboard', () => '/'],
  ['members list', () => '/members'],
  ['member search results', () => '/members?q=a'],
  ['add member form', () => '/members/new'],
  ['member page', (ctx) => ctx.memberPath],
  ['member page just saved', (ctx) => `${ctx.memberPath}?saved=1`],
  ['edit member form', (ctx) => `${ctx.memberPath}/edit`],
  ['organisation', () => '/organisation'],
  ['users', () => '/admin/users'],
  ['audit log', () => '/admin/audit'],
  ['calculator', () => '/calculator'],
  ['calculator rule', (ctx) => ctx.rulePath],
  ['bank holidays', () => '/admin/holidays'],
  ['enquiry queue', () => '/enquiries'],
  ['enquiry page', (ctx) => ctx.enquiryPath],
  ['case list', () => '/cases'],
  ['closed cases', () => '/cases?status=closed'],
  ['open case form', () => '/cases/new'],
  ['case page', (ctx) => ctx.casePath],
  ['calculate a deadline for a case', (ctx) => `${ctx.casePath}/deadlines/calculate`],
  ['calculate a deadline: the rule\'s inputs', (ctx) => `${ctx.casePath}/deadlines/calculate?rule=appeal_window`],
  ['case rules', () => '/admin/case-settings'],
];

for (const viewport of VIEWPORTS) {
  describe(`axe on a ${viewport.name} (${viewport.options.viewport.width}x${viewport.options.viewport.height})`, () => {
    let context;
    let page;
    const ctx = { memberPath: null, rulePath: null, enquiryPath: null, casePath: null };

    before(async () => {
      context = await newContext(browser, viewport);
      page = await context.newPage();
    });
    after(async () => {
      await context?.close();
    });

    test('sign-in page, signed out', async (t) => {
      await open(page, '/login');
      await checkPage(t, page, `/login (${viewport.name})`);
    });

    test('sign-in page showing an error', async (t) => {
      await open(page, '/login');
      // An unknown account, so no real account's failure count moves.
      await page.getByLabel('Email address').fill('nobody@example.org');
      await page.getByLabel('Password').fill('not-the-password');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
      await page.locator('#login-error').waitFor();
      await checkPage(t, page, `/login with an error (${viewport.name})`);
    });

    test('contact form, signed out', async (t) => {
      await open(page, '/contact');
      await checkPage(t, page, `/contact (${viewport.name})`);
    });

    test('contact form showing errors', async (t) => {
      const loadedAt = Date.now();
      await open(page, '/contact');
      await page.locator('#email').fill('not-an-email');
      await waitUntilFormMayBeSent(page, loadedAt);
      await Promise.all([page.waitForEvent('load'), page.locator('main form button[type=submit]').click()]);
      await page.locator('#error-summary').waitFor();
      await page.locator('#email-error').waitFor();
      await checkPage(t, page, `/contact, submitted with errors (${viewport.name})`);
    });

    test('signs in as admin', async () => {
      await login(page, ADMIN);
      // A member and a calculator rule to visit.
      await page.goto('/members');
      const first = page.locator('#member-results tbody a').first();
      ctx.memberPath = await first.getAttribute('href');
      assert.match(ctx.memberPath ?? '', /^\/members\/\d+$/);
      await page.goto('/calculator');
      ctx.rulePath = await page.locator('main a[href^="/calculator/"]').first().getAttribute('href');
      assert.match(ctx.rulePath ?? '', /^\/calculator\/[^/]+$/);
      await page.goto('/enquiries');
      ctx.enquiryPath = await page.locator('main tbody a[href^="/enquiries/"]').first().getAttribute('href');
      assert.match(ctx.enquiryPath ?? '', /^\/enquiries\/\d+$/);
      // A case of its own, opened through the form (demo member 3 is in membership).
      await page.goto('/cases/new');
      await page.getByLabel('Title').fill(`Axe check (${viewport.name})`);
      await page.getByLabel('Type of case').selectOption('disciplinary');
      await page.getByLabel("Member's membership number").fill('DM0000003');
      await page.getByLabel('Date the problem began').fill(new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString().slice(0, 10));
      await Promise.all([
        page.waitForURL((u) => /^\/cases\/\d+$/.test(u.pathname)),
        page.getByRole('button', { name: 'Open case' }).click(),
      ]);
      ctx.casePath = pathOf(page);
    });

    for (const [name, pathFor] of SIGNED_IN_PAGES) {
      test(name, async (t) => {
        const path = pathFor(ctx);
        assert.ok(path, `${name}: needs the paths found when signing in`);
        await open(page, path);
        await checkPage(t, page, `${path} (${viewport.name})`);
      });
    }

    test('members list with its filters open', async (t) => {
      await open(page, '/members');
      await page.locator('details > summary', { hasText: 'Filters' }).click();
      await page.locator('#status').waitFor({ state: 'visible' });
      await checkPage(t, page, `/members, filters open (${viewport.name})`);
    });

    test('open case form showing errors', async (t) => {
      await open(page, '/cases/new');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Open case' }).click()]);
      await page.locator('#error-summary').waitFor();
      await page.locator('#membership_number-error').waitFor();
      await checkPage(t, page, `/cases/new, submitted with errors (${viewport.name})`);
    });

    test('case page refusing a stage move', async (t) => {
      assert.ok(ctx.casePath, 'needs the case opened when signing in');
      await open(page, ctx.casePath);
      await page.locator('#stage-to').selectOption('hearing');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Move stage' }).click()]);
      await page.locator('#stage-to-error').waitFor();
      await checkPage(t, page, `${ctx.casePath}, stage move refused (${viewport.name})`);
    });

    test('case page with deadlines, tasks and meetings', async (t) => {
      assert.ok(ctx.casePath, 'needs the case opened when signing in');
      await open(page, ctx.casePath);
      // A task by hand, a calculated (overdue) appeal deadline and a hearing.
      const deadline = page.locator('#deadline');
      await deadline.getByLabel('What is it?').selectOption('task');
      await deadline.getByLabel('What is due').fill('Send the appeal letter');
      await deadline.getByLabel('Due on').fill(new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString().slice(0, 10));
      await Promise.all([page.waitForEvent('load'), deadline.getByRole('button', { name: 'Add' }).click()]);
      await page.getByRole('status').filter({ hasText: 'The task is added.' }).waitFor();
      await open(page, `${ctx.casePath}/deadlines/calculate?rule=appeal_window`);
      await page.locator('#calc-outcome-date').fill('2025-12-19');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Add this deadline to the case' }).click(),
      ]);
      await page.getByRole('status').filter({ hasText: 'The deadline is added.' }).waitFor();
      const meeting = page.locator('#meeting');
      await meeting.getByLabel('Kind of meeting').selectOption('disciplinary_hearing');
      await meeting.getByLabel('Starts at').fill('2026-03-02T10:00');
      await meeting.getByLabel('Where').fill('Depot meeting room 2');
      await Promise.all([page.waitForEvent('load'), meeting.getByRole('button', { name: 'Set the meeting' }).click()]);
      await page.getByRole('status').filter({ hasText: 'The meeting is set.' }).waitFor();
      await page.locator('li.meeting details > summary').first().click();
      await checkPage(t, page, `${ctx.casePath} with deadlines and meetings (${viewport.name})`);
    });

    test('calculate page and meeting form showing errors', async (t) => {
      assert.ok(ctx.casePath, 'needs the case opened when signing in');
      await open(page, `${ctx.casePath}/deadlines/calculate?rule=appeal_window`);
      // No outcome date: the calculator names the missing input.
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Add this deadline to the case' }).click(),
      ]);
      await page.locator('#calc-outcome-date-error').waitFor();
      await checkPage(t, page, `calculate page with an error (${viewport.name})`);
      await open(page, ctx.casePath);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Set the meeting' }).click()]);
      await page.locator('#meeting-starts_at-error').waitFor();
      await checkPage(t, page, `${ctx.casePath}, meeting form refused (${viewport.name})`);
    });

    test('add member form showing errors', async (t) => {
      await open(page, '/members/new');
      await page.locator('#email').fill('not-an-email');
      await submitMemberForm(page);
      await page.locator('#error-summary').waitFor();
      await page.locator('#email-error').waitFor();
      await checkPage(t, page, `/members/new, submitted with errors (${viewport.name})`);
    });
  });
}
