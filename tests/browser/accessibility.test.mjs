// axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) on every page, on a desktop and on a phone.
// A violation of impact "serious" or "critical" fails the page's test; lesser ones are
// printed as diagnostics.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN,
  VIEWPORTS,
  assertNoHorizontalScroll,
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
  ['find a case', () => '/cases/search?q=DM0000003'],
  ['workload', () => '/workload'],
  ['wellbeing', () => '/wellbeing'],
  ['my time', () => '/time'],
  ['facility time figures', () => '/facility-time'],
  ['time off', () => '/time-off'],
  ['ask for time off', () => '/time-off/new'],
  ['notice for time off', () => '/time-off/notice-rule'],
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

    test('my time with an entry, and its form showing an error', async (t) => {
      await open(page, '/time');
      const form = page.locator('#log');
      await form.getByLabel('How long').fill('45m');
      await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Log time' }).click()]);
      await page.getByRole('status').filter({ hasText: 'Time logged.' }).waitFor();
      await checkPage(t, page, `/time with an entry (${viewport.name})`);
      await page.locator('#log').getByLabel('How long').fill('ten');
      await Promise.all([page.waitForEvent('load'), page.locator('#log').getByRole('button', { name: 'Log time' }).click()]);
      await page.locator('#time-duration-error').waitFor();
      await checkPage(t, page, `/time, submitted with an error (${viewport.name})`);
    });

    test('log time on an enquiry, and its form showing an error', async (t) => {
      await open(page, ctx.enquiryPath);
      const form = page.locator('#time');
      await form.getByLabel('How long').fill('20m');
      await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Log time' }).click()]);
      await page.getByRole('status').filter({ hasText: 'Time logged against this enquiry.' }).waitFor();
      await assertNoHorizontalScroll(page, `the enquiry page's time form (${viewport.name})`);
      await checkPage(t, page, `${ctx.enquiryPath}, time logged (${viewport.name})`);
      await page.locator('#time').getByLabel('How long').fill('ten');
      await Promise.all([page.waitForEvent('load'), page.locator('#time').getByRole('button', { name: 'Log time' }).click()]);
      await page.locator('#time-duration-error').waitFor();
      await assertNoHorizontalScroll(page, `the enquiry page's time form with an error (${viewport.name})`);
      await checkPage(t, page, `${ctx.enquiryPath}, time form refused (${viewport.name})`);
    });

    test('facility time profile page', async (t) => {
      await open(page, '/admin/users');
      const link = page.locator('main a[href$="/profile"]').first();
      const path = await link.getAttribute('href');
      assert.match(path ?? '', /^\/admin\/users\/\d+\/profile$/);
      await open(page, path);
      await checkPage(t, page, `${path} (${viewport.name})`);
    });

    test('training records, with an error and with a record', async (t) => {
      await open(page, '/admin/users');
      // Someone else's: nobody records their own training.
      const link = page.locator('main tr', { hasText: 'rep@example.org' }).locator('a[href$="/training"]').first();
      const path = await link.getAttribute('href');
      assert.match(path ?? '', /^\/admin\/users\/\d+\/training$/);
      await open(page, path);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Record the training' }).click()]);
      await page.locator('#training-course-error').waitFor();
      await checkPage(t, page, `${path}, submitted with errors (${viewport.name})`);
      await page.getByRole('textbox', { name: 'Course', exact: true }).fill(`Reps stage 1 (${viewport.name})`);
      await page.getByLabel('What it qualifies them for').selectOption('accompanying');
      await page.getByLabel('Completed on').fill('2025-03-01');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Record the training' }).click()]);
      await page.getByRole('status').filter({ hasText: 'The training is recorded.' }).waitFor();
      await checkPage(t, page, `${path} with a record (${viewport.name})`);
      await open(page, '/training');
      await checkPage(t, page, `/training (${viewport.name})`);
    });

    test('time-off request, its print form and the manager\'s page', async (t) => {
      await open(page, '/time-off/new');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save the draft' }).click()]);
      await page.locator('#error-summary').waitFor();
      await page.locator('#starts_on-error').waitFor();
      await checkPage(t, page, `/time-off, submitted with errors (${viewport.name})`);
      const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
      await page.getByLabel('Kind of time').selectOption('duties');
      await page.getByLabel('First day').fill(tomorrow);
      await page.getByLabel('Hours in all').fill('2');
      await page.getByLabel('What it is for').fill('Axe check');
      await Promise.all([
        page.waitForURL((u) => /^\/time-off\/\d+$/.test(u.pathname)),
        page.getByRole('button', { name: 'Save the draft' }).click(),
      ]);
      const path = pathOf(page);
      await checkPage(t, page, `${path}, a draft (${viewport.name})`);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Submit the request' }).click()]);
      await page.locator('#notice-check').waitFor();
      await checkPage(t, page, `${path}, submitted at short notice (${viewport.name})`);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send to the manager' }).click()]);
      await page.locator('#manager_email-error').waitFor();
      await checkPage(t, page, `${path}, manager form refused (${viewport.name})`);
      await page.getByLabel("Manager's name").fill('Morgan Head');
      await page.getByLabel("Manager's e-mail address").fill('morgan.head@school.example');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send to the manager' }).click()]);
      const link = await page.getByLabel("Manager's link").inputValue();
      await checkPage(t, page, `${path}, link sent (${viewport.name})`);
      await open(page, `${path}/print`);
      await checkPage(t, page, `${path}/print (${viewport.name})`);
      const managerContext = await newContext(browser, viewport);
      try {
        const manager = await managerContext.newPage();
        await open(manager, link);
        await checkPage(t, manager, `the manager's page (${viewport.name})`);
        await manager.getByLabel('Refuse it').check();
        await Promise.all([manager.waitForEvent('load'), manager.getByRole('button', { name: 'Send my decision' }).click()]);
        await manager.locator('#note-error').waitFor();
        await checkPage(t, manager, `the manager's page with an error (${viewport.name})`);
      } finally {
        await managerContext.close();
      }
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
