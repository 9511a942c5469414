// The main journeys, on a desktop and on a phone: sign in, add a member (correcting a wrong
// email), find them by last name, check nothing scrolls sideways, sign out.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN,
  VIEWPORTS,
  addMember,
  assertNoHorizontalScroll,
  fillMemberForm,
  launchBrowser,
  login,
  memberResultLink,
  newContext,
  pathOf,
  searchMembers,
  signOut,
  submitMemberForm,
  uniqueLastName,
  uniqueMembershipNumber,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const viewport of VIEWPORTS) {
  describe(`journeys on a ${viewport.name} (${viewport.options.viewport.width}x${viewport.options.viewport.height})`, () => {
    let context;
    let page;
    const member = {
      membership_number: uniqueMembershipNumber(viewport.tag),
      first_name: 'Ottoline',
      last_name: uniqueLastName(viewport.name === 'phone' ? 'Quillphone' : 'Quilldesk'),
      phone: '07700 900123',
      job_title: 'Signal technician',
      joined_on: '2024-03-31',
    };
    let memberPath = null;

    before(async () => {
      context = await newContext(browser, viewport);
      page = await context.newPage();
    });
    after(async () => {
      await context?.close();
    });

    test('signs in as admin through the login form', async () => {
      await login(page, ADMIN);
      assert.equal(pathOf(page), '/');
      await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    });

    test('adds a member: a wrong email is shown beside its field, kept, then corrected', async () => {
      await addMember(page, { ...member, email: 'not-an-email' });

      // The form comes back with the error beside the email field.
      const emailError = page.locator('#email-error');
      await emailError.waitFor({ state: 'visible' });
      assert.match(await emailError.innerText(), /Enter an email address like name@example\.org/);
      assert.equal(await page.locator('.field:has(> #email) > #email-error').count(), 1,
        '#email-error should sit in the same field as the email input');
      const email = page.locator('#email');
      assert.equal(await email.getAttribute('aria-invalid'), 'true');
      assert.match(await email.getAttribute('aria-describedby') ?? '', /\bemail-error\b/);
      assert.match(await page.title(), /^Error: /, 'the title should say the page has an error');

      // The summary links to the field, and only the email is in error.
      await page.locator('#error-summary').getByRole('link', { name: /Enter an email address/ }).waitFor();
      assert.equal(await page.locator('.field-error').count(), 1, 'only the email should be in error');
      assert.equal(await page.locator('[aria-invalid="true"]').count(), 1);

      // Everything typed is kept.
      for (const name of ['membership_number', 'first_name', 'last_name', 'phone', 'job_title', 'joined_on']) {
        assert.equal(await page.locator(`#${name}`).inputValue(), member[name], `${name} should keep its value`);
      }
      assert.equal(await email.inputValue(), 'not-an-email');
      assert.notEqual(await page.locator('#workplace_id').inputValue(), '', 'the chosen workplace should be kept');
      assert.equal(await page.locator('#status').inputValue(), 'active');

      // Correct the email and submit: the member's page says "Saved." and shows their name.
      await fillMemberForm(page, { email: 'ottoline.quill@example.org' });
      await submitMemberForm(page);
      const url = new URL(page.url());
      assert.match(url.pathname, /^\/members\/\d+$/, `should land on the member's page, not ${url.pathname}`);
      assert.equal(url.searchParams.get('saved'), '1');
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ state: 'visible' });
      await page.getByRole('heading', { level: 1, name: `${member.first_name} ${member.last_name}` }).waitFor();
      await page.locator('dd', { hasText: member.membership_number }).waitFor();
      await page.getByRole('link', { name: 'ottoline.quill@example.org' }).waitFor();
      memberPath = url.pathname;
    });

    test('finds the member by last name and opens them', async () => {
      assert.ok(memberPath, 'needs the member added by the previous test');
      await searchMembers(page, member.last_name);
      await page.locator('#member-results').getByText('1 member, page 1 of 1').waitFor();
      const link = memberResultLink(page, member.first_name, member.last_name);
      await link.waitFor({ state: 'visible' });
      assert.equal(await link.getAttribute('href'), memberPath);
      await Promise.all([page.waitForURL((u) => u.pathname === memberPath), link.click()]);
      await page.getByRole('heading', { level: 1, name: `${member.first_name} ${member.last_name}` }).waitFor();
      assert.equal(await page.getByRole('status').count(), 0, '"Saved." shows only just after saving');
    });

    test('pages do not scroll sideways', async () => {
      assert.ok(memberPath, 'needs the member added by an earlier test');
      const pages = [
        ['the members list', '/members'],
        ['the member form', '/members/new'],
        ['the member page', memberPath],
        ['the member edit form', `${memberPath}/edit`],
      ];
      for (const [what, path] of pages) {
        await page.goto(path);
        await page.locator('main h1').waitFor();
        await assertNoHorizontalScroll(page, what);
      }
      // The list with its filters open, and the form showing errors, are the widest states.
      await page.goto('/members');
      await page.locator('details > summary', { hasText: 'Filters' }).click();
      await page.locator('#workplace').waitFor({ state: 'visible' });
      await assertNoHorizontalScroll(page, 'the members list with filters open');
      await page.goto('/members/new');
      await submitMemberForm(page);
      await page.locator('#error-summary').waitFor();
      await assertNoHorizontalScroll(page, 'the member form showing errors');
    });

    test('promotes an enquiry from a member to a case, then closes the case with an outcome', async () => {
      await page.goto('/enquiries');
      // An open enquiry matched to a member (the demo also has one from a non-member).
      const row = page.locator('main tbody tr', { hasText: '(member)' }).first();
      const link = row.locator('a[href^="/enquiries/"]').first();
      const subject = (await link.innerText()).trim();
      const enquiryPath = await link.getAttribute('href');
      await Promise.all([page.waitForURL((u) => u.pathname === enquiryPath), link.click()]);

      const promote = page.locator('#promote');
      await promote.getByRole('heading', { name: 'Open a case from this enquiry' }).waitFor();
      assert.equal(await promote.getByLabel('Case title (optional)').getAttribute('placeholder'), subject);
      await promote.getByLabel('Type of case').selectOption('disciplinary');
      const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      await promote.getByLabel('Date the problem began').fill(threeDaysAgo);
      assert.equal(await promote.getByLabel('Complexity').inputValue(), '2', 'ratings start at 2');
      await Promise.all([
        page.waitForURL((u) => /^\/cases\/\d+$/.test(u.pathname)),
        promote.getByRole('button', { name: 'Open case' }).click(),
      ]);
      const casePath = pathOf(page);
      await page.getByRole('heading', { level: 1, name: subject }).waitFor();
      await page.locator('.timeline').getByText(/Promoted from enquiry/).waitFor();
      await page.locator('.timeline').getByText('E-mail received').first().waitFor();
      assert.equal(await page.locator(`a[href="${enquiryPath}"]`).count(), 1, 'the case links back to its enquiry');
      await assertNoHorizontalScroll(page, 'the case page');

      // Close it: the outcome is shown and the case leaves the open list.
      await page.getByLabel('How did it end?').selectOption('advice_given');
      await page.locator('#close-note').fill('Advised on the procedure; the member will come back if invited.');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Close case' }).click()]);
      assert.equal(pathOf(page), casePath);
      await page.getByRole('status').filter({ hasText: 'The case is closed.' }).waitFor();
      await page.locator('dd', { hasText: 'Closed: Advice given, no further action' }).waitFor();
      await page.getByRole('heading', { name: 'Reopen the case' }).waitFor();
      await page.goto('/cases?status=closed');
      await page.locator(`main a[href="${casePath}"]`).waitFor();
      await assertNoHorizontalScroll(page, 'the case list');
      await page.goto(enquiryPath);
      assert.equal(await page.locator('#promote').count(), 0, 'the promoted enquiry is closed');
    });

    test('set a hearing and see the postponement window', async () => {
      // A case of its own, opened through the form (demo member 3 is in membership).
      await page.goto('/cases/new');
      await page.getByLabel('Title').fill(`Hearing journey (${viewport.name})`);
      await page.getByLabel('Type of case').selectOption('disciplinary');
      await page.getByLabel("Member's membership number").fill('DM0000003');
      const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      await page.getByLabel('Date the problem began').fill(threeDaysAgo);
      await Promise.all([
        page.waitForURL((u) => /^\/cases\/\d+$/.test(u.pathname)),
        page.getByRole('button', { name: 'Open case' }).click(),
      ]);
      const casePath = pathOf(page);
      await page.getByRole('heading', { level: 2, name: 'Meetings' }).waitFor();

      // A disciplinary hearing on Monday 2 March 2026 at 10:00: the member may propose another
      // time up to five working days later if the companion cannot come.
      const form = page.locator('#meeting');
      await form.getByLabel('Kind of meeting').selectOption('disciplinary_hearing');
      await form.getByLabel('Starts at').fill('2026-03-02T10:00');
      assert.equal(await form.getByLabel('Length in minutes').inputValue(), '60', 'an hour unless changed');
      await form.getByLabel('Where').fill('Depot meeting room 2');
      await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Set the meeting' }).click()]);
      assert.equal(pathOf(page), casePath);
      const status = page.getByRole('status').filter({ hasText: 'The meeting is set.' });
      await status.waitFor();
      await status.getByText('the member may propose a time up to Monday 9 March 2026').waitFor();
      const meeting = page.locator('li.meeting', { hasText: 'Disciplinary hearing' });
      await meeting.locator('time', { hasText: 'Monday 2 March 2026, 10:00 to 11:00' }).waitFor();
      await meeting.locator('.postponement', { hasText: 'Monday 9 March 2026' }).waitFor();
      assert.match(
        (await meeting.getByRole('link', { name: /Add to calendar/ }).getAttribute('href')) ?? '',
        /^\/cases\/\d+\/meetings\/\d+\/ics$/,
      );
      await assertNoHorizontalScroll(page, 'the case page with a meeting');
    });

    test('escalate to an officer when the union guidance asks for it', async () => {
      await page.goto('/cases/new');
      await page.getByLabel('Title').fill(`Escalation journey (${viewport.name})`);
      await page.getByLabel('Type of case').selectOption('disciplinary');
      await page.getByLabel("Member's membership number").fill('DM0000003');
      const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      await page.getByLabel('Date the problem began').fill(threeDaysAgo);
      await Promise.all([
        page.waitForURL((u) => /^\/cases\/\d+$/.test(u.pathname)),
        page.getByRole('button', { name: 'Open case' }).click(),
      ]);
      const casePath = pathOf(page);
      await page.locator('dd', { hasText: 'Caseworker' }).first().waitFor();

      // The team judges a tribunal claim likely: the guidance asks for a regional officer.
      const guidance = page.locator('#escalation-guidance');
      await guidance.getByLabel('How likely is a tribunal claim?').selectOption('likely');
      await guidance.getByLabel('Value at stake in pounds (optional)').fill('12,000');
      await Promise.all([page.waitForEvent('load'), guidance.getByRole('button', { name: 'Record the stakes' }).click()]);
      await page.getByRole('status').filter({ hasText: 'The stakes are recorded.' }).waitFor();
      const prompt = page.getByRole('note').filter({ hasText: 'this case should go to Regional officer level' });
      await prompt.waitFor();
      await prompt.getByText('A likely tribunal claim needs a regional officer').waitFor();
      await assertNoHorizontalScroll(page, 'the case page with a guidance prompt');

      const escalation = page.locator('#escalation');
      await escalation.getByLabel('Move the case to').selectOption('officer');
      await escalation.getByLabel('Why (optional)').fill('Union guidance: likely tribunal claim.');
      await Promise.all([page.waitForEvent('load'), escalation.getByRole('button', { name: 'Change level' }).click()]);
      assert.equal(pathOf(page), casePath);
      await page.getByRole('status').filter({ hasText: 'The escalation level has changed.' }).waitFor();
      await page.locator('dd', { hasText: 'Regional officer' }).first().waitFor();
      await page.locator('.timeline').getByText('Escalated from Caseworker to Regional officer.').waitFor();
      assert.equal(await page.getByRole('note').filter({ hasText: 'should go to' }).count(), 0, 'the guidance is met');
    });

    test('log time from a case on a phone', async () => {
      // Both viewports share the demo database: compare the week's total before and after.
      await page.goto('/time');
      await page.getByRole('heading', { level: 1, name: 'My time' }).waitFor();
      const before = Number(await page.locator('#week-total').getAttribute('data-minutes'));

      await page.goto('/cases/new');
      await page.getByLabel('Title').fill(`Time journey (${viewport.name})`);
      await page.getByLabel('Type of case').selectOption('grievance');
      await page.getByLabel("Member's membership number").fill('DM0000003');
      const aWeekAgo = new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      await page.getByLabel('Date the problem began').fill(aWeekAgo);
      await Promise.all([
        page.waitForURL((u) => /^\/cases\/\d+$/.test(u.pathname)),
        page.getByRole('button', { name: 'Open case' }).click(),
      ]);
      const casePath = pathOf(page);

      // The quick form: an hour and a half of duties, the date left as today.
      const form = page.locator('#time');
      await form.getByLabel('Kind of time').selectOption('duties');
      await form.getByLabel('How long').fill('1:30');
      assert.match(await form.getByLabel('Date').inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'the date defaults to today');
      await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Log time' }).click()]);
      assert.equal(pathOf(page), casePath);
      await page.getByRole('status').filter({ hasText: 'Time logged.' }).waitFor();
      await page.locator('.timeline').getByText('1 h 30 min of trade union duties (paid).').waitFor();
      await assertNoHorizontalScroll(page, 'the case page with time logged');

      await page.goto('/time');
      const after = Number(await page.locator('#week-total').getAttribute('data-minutes'));
      assert.equal(after - before, 90, "the week's total grows by an hour and a half");
      await page.locator(`main a[href="${casePath}"]`).first().waitFor();
      await assertNoHorizontalScroll(page, 'My time');
    });

    test('submit a request, approve it through the link', async () => {
      // Tomorrow's duties: short of the 3 working days' notice, so the warning shows.
      const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
      await page.goto('/time-off');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/time-off/new'),
        page.getByRole('link', { name: 'Ask for time off' }).click(),
      ]);
      await page.getByLabel('Kind of time').selectOption('duties');
      await page.getByLabel('First day').fill(tomorrow);
      await page.getByLabel('Hours in all').fill('3.5');
      await page.getByLabel('What it is for').fill(`Accompany a member at a grievance meeting (${viewport.name})`);
      await Promise.all([
        page.waitForURL((u) => /^\/time-off\/\d+$/.test(u.pathname)),
        page.getByRole('button', { name: 'Save the draft' }).click(),
      ]);
      const requestPath = pathOf(page);
      await page.getByText('Status: Draft').waitFor();
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Submit the request' }).click()]);
      assert.equal(pathOf(page), requestPath);
      await page.locator('#notice-check').getByText('Warning: short notice.').waitFor();
      await assertNoHorizontalScroll(page, 'the submitted request');

      await page.getByLabel("Manager's name").fill('Morgan Head');
      await page.getByLabel("Manager's e-mail address").fill('morgan.head@school.example');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send to the manager' }).click()]);
      const link = await page.getByLabel("Manager's link").inputValue();
      assert.match(link, /\/time-off\/approve\/[A-Za-z0-9_-]{40,}$/);

      // The manager has no account: a fresh browser, never signed in.
      const managerContext = await newContext(browser, viewport);
      try {
        const manager = await managerContext.newPage();
        await manager.goto(link);
        await manager.getByRole('heading', { level: 1, name: /Time-off request from/ }).waitFor();
        await assertNoHorizontalScroll(manager, 'the manager\'s page');
        await manager.getByLabel('Approve the time off').check();
        await Promise.all([manager.waitForEvent('load'), manager.getByRole('button', { name: 'Send my decision' }).click()]);
        await manager.locator('#link-state').getByText('already been decided').waitFor();
        await manager.locator('#link-state').getByText(/Approved by Morgan Head/).waitFor();
        assert.equal(await manager.getByRole('button', { name: 'Send my decision' }).count(), 0, 'the link is used');
      } finally {
        await managerContext.close();
      }

      await page.goto(requestPath);
      await page.getByText('Status: Approved').waitFor();
      await page.locator('dd', { hasText: 'Morgan Head' }).first().waitFor();
    });

    test('see the facility-time figures and enter the pay bill', async () => {
      await page.goto('/facility-time');
      await page.getByRole('heading', { level: 1, name: 'Facility time publication figures' }).waitFor();
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Show figures' }).click()]);
      for (const caption of ['Table 1: Relevant union officials', 'Table 2', 'Table 3', 'Table 4: Paid trade union activities']) {
        await page.locator('caption', { hasText: caption }).first().waitFor();
      }
      const bill = page.getByLabel('Total pay bill (pounds)');
      await bill.fill('lots');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save pay bill' }).click()]);
      await page.locator('#pay_bill-error').waitFor();
      await page.getByLabel('Total pay bill (pounds)').fill('12,500,000');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save pay bill' }).click()]);
      await page.locator('tr', { hasText: 'Total pay bill' }).filter({ hasText: '12,500,000' }).first().waitFor();
      await assertNoHorizontalScroll(page, 'the facility-time figures');
    });

    test('signs out; the members list then asks to sign in', async () => {
      await page.goto('/');
      await signOut(page);
      await page.getByRole('heading', { level: 1, name: 'Sign in to Steward' }).waitFor();
      await page.goto('/members');
      await page.waitForURL((u) => u.pathname === '/login');
      assert.equal(pathOf(page), '/login');
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    });
  });
}
