// Shared helpers for Steward's browser tests: named after what a person does in the app.
// Driven by playwright-core against Debian's Chromium; no browser is downloaded.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const BASE_URL = (process.env.STEWARD_URL ?? '').replace(/\/+$/, '');
if (!BASE_URL) {
  throw new Error('STEWARD_URL is not set: run these tests through run.sh, or set it to a running Steward');
}

export const PASSWORD = process.env.STEWARD_PASSWORD ?? 'demo-password-2026';
export const ADMIN = 'admin@example.org';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 15_000;
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The two screen sizes every journey runs on. */
export const VIEWPORTS = [
  { name: 'desktop', tag: 'D', options: { viewport: { width: 1280, height: 800 } } },
  {
    name: 'phone',
    tag: 'P',
    options: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  },
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh, signed-out browser context for one viewport. CSP is bypassed only so axe can be injected. */
export async function newContext(browser, viewport) {
  const context = await browser.newContext({
    ...viewport.options,
    baseURL: BASE_URL,
    bypassCSP: true,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  context.setDefaultNavigationTimeout(TIMEOUT_MS);
  return context;
}

/** The path of the page the browser is on, e.g. "/members/12". */
export function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** Unique per run and viewport: 3 to 20 letters, digits or hyphens. */
export function uniqueMembershipNumber(tag) {
  const stamp = Date.now().toString(36).toUpperCase();
  const random = Math.floor(Math.random() * 36 ** 3).toString(36).toUpperCase().padStart(3, '0');
  const value = `BT-${tag}${stamp}${random}`;
  assert.ok(value.length <= 20, `membership number too long: ${value}`);
  return value;
}

/** A distinctive invented last name, one search term long, with a per-run letter suffix. */
export function uniqueLastName(base) {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let n = Date.now() * 1000 + Math.floor(Math.random() * 1000);
  let suffix = '';
  for (let i = 0; i < 6; i += 1) {
    suffix += letters[n % 26];
    n = Math.floor(n / 26);
  }
  return `${base}${suffix}`;
}

/** Sign in through the login form and land on the dashboard. */
export async function login(page, email, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
}

/** Sign out with the header's "Sign out" button and land on the sign-in page. */
export async function signOut(page) {
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/login'),
    page.getByRole('button', { name: 'Sign out', exact: true }).click(),
  ]);
}

const TEXT_FIELDS = [
  'membership_number',
  'first_name',
  'last_name',
  'email',
  'phone',
  'job_title',
  'joined_on',
];

/**
 * Fill the member form the browser is on. `fields` uses the form's names; `workplace` is the
 * visible label of a workplace (default: the first one offered) and `status` a status value.
 */
export async function fillMemberForm(page, fields) {
  for (const name of TEXT_FIELDS) {
    if (fields[name] !== undefined) {
      await page.locator(`#${name}`).fill(fields[name]);
    }
  }
  const workplace = page.locator('#workplace_id');
  if (fields.workplace !== undefined) {
    await workplace.selectOption({ label: fields.workplace });
  } else if ((await workplace.inputValue()) === '') {
    await workplace.selectOption({ index: 1 });
  }
  if (fields.status !== undefined) {
    await page.locator('#status').selectOption(fields.status);
  }
}

/**
 * Submit the member form and wait for the next page to load: the member's page, or the form
 * again with its errors. (Waiting for the next "load" event, not a URL, because a form with
 * errors posted twice comes back at the same address.)
 */
export async function submitMemberForm(page) {
  await Promise.all([page.waitForEvent('load'), page.locator('main form button[type=submit]').click()]);
}

/** Open "Add a member", fill the form and submit it. */
export async function addMember(page, fields) {
  await page.goto('/members');
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/members/new'),
    page.getByRole('link', { name: 'Add a member' }).click(),
  ]);
  await fillMemberForm(page, fields);
  await submitMemberForm(page);
}

/** Search the members list with the search box and its button; resolves once results for `text` show. */
export async function searchMembers(page, text) {
  if (pathOf(page) !== '/members') {
    await page.goto('/members');
  }
  await page.getByLabel('Search by name, membership number or email').fill(text);
  // The page also searches as you type; the button's full page load is the one waited for.
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('search').getByRole('button', { name: 'Search' }).click(),
  ]);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/members');
  assert.equal(url.searchParams.get('q'), text, 'the search box\'s text should be in the address');
  await page.locator('#member-results').waitFor();
}

/** The link to a member in the search results, as "Last, First". */
export function memberResultLink(page, firstName, lastName) {
  return page.locator('#member-results').getByRole('link', { name: `${lastName}, ${firstName}`, exact: true });
}

/**
 * The contact form refuses forms sent within 3 seconds of being served (a bot's speed), so a
 * test that types faster than a person waits out the rest of that time before sending.
 */
export async function waitUntilFormMayBeSent(page, loadedAt) {
  const remaining = loadedAt + 3500 - Date.now();
  if (remaining > 0) {
    await page.waitForTimeout(remaining);
  }
}

/** Fails if the page scrolls sideways (1px of rounding allowed). */
export async function assertNoHorizontalScroll(page, what) {
  const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
    // Name the widest elements so a failure says where to look.
    const limit = window.innerWidth + 1;
    const widest = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > limit)
      .slice(0, 5)
      .map((el) => {
        const id = el.id ? `#${el.id}` : '';
        const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
        return `${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`;
      });
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, widest };
  });
  assert.ok(
    scrollWidth <= innerWidth + 1,
    `${what} (${page.url()}) scrolls sideways: scrollWidth ${scrollWidth}px > innerWidth ${innerWidth}px. ` +
      `Elements past the right edge: ${widest.join(', ') || 'none found'}`,
  );
}

/** Run axe-core on the current page with the WCAG 2.2 AA rule tags. Returns axe's results. */
export async function runAxe(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  return page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
}

/** The violations a test must fail on: impact "serious" or "critical". */
export function blockingViolations(results) {
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One readable block per violation: rule id, impact, help, and the first few elements. */
export function describeViolations(where, violations) {
  return violations
    .map((v) => {
      const targets = v.nodes
        .slice(0, 5)
        .map((node) => {
          const selector = node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' ');
          const html = node.html.replace(/\s+/g, ' ').slice(0, 160);
          // failureSummary is "Fix any of the following:\n  reason\n  reason"; keep the reasons.
          const reasons = (node.failureSummary ?? '')
            .split('\n')
            .slice(1)
            .map((line) => line.trim())
            .filter((line) => line && !/^Fix (any|all|none) of the following/.test(line))
            .join('; ');
          return `      - ${selector}\n        ${html}${reasons ? `\n        ${reasons}` : ''}`;
        })
        .join('\n');
      const more = v.nodes.length > 5 ? `\n      ... and ${v.nodes.length - 5} more` : '';
      return `  [${where}] ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${targets}${more}`;
    })
    .join('\n');
}
