// The live approvals page in a real browser: a held call appears without a reload, a person
// clicks Approve, and the agent's call goes through.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, SCREENSHOTS } from './helpers/browser.ts';
import { httpClient, textOf } from './helpers/client.ts';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';

describe('the approvals page', () => {
  let gw: RunningGateway;
  let browser: Browser;
  before(async () => {
    gw = await startGateway(`servers:\n  seed: ${nodeServer('test/fixtures/seed-server.ts')}\npolicy:\n  rules:\n    - tool: delete_key\n      action: require_approval\n      approval: { timeout: 1m, mode: hold }\n`);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await gw?.stop();
  });

  test('a held call shows up live and is approved with a click', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${gw.url}/approvals`);
    await page.getByText('No calls are waiting for approval.').waitFor();

    const client = await httpClient(`${gw.url}/mcp/seed`);
    const call = client.callTool({ name: 'delete_key', arguments: { key: 'from-the-browser' } });
    const card = page.locator('article.card');
    await card.waitFor({ timeout: 10_000 });
    assert.match(await card.locator('h2').innerText(), /seed\/delete_key/);
    assert.match(await card.locator('pre').innerText(), /"key": "from-the-browser"/);
    // The catalog classified delete_key when the gateway started: the approver sees the stakes.
    assert.match(await card.locator('.meta').innerText(), /risk critical/);
    assert.match(await card.locator('.meta').innerText(), /left/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'approvals-pending.png'), fullPage: true });

    await card.getByLabel(/Reason for/).fill('looked at it');
    await card.getByRole('button', { name: 'Approve' }).click();
    const result = await call;
    assert.equal(result.isError, undefined, textOf(result));
    await page.getByText('No calls are waiting for approval.').waitFor({ timeout: 10_000 });
    await page.setViewportSize({ width: 390, height: 800 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'approvals-phone.png'), fullPage: true });
    await client.close();
  });
});
