// Crawlee 3 PlaywrightCrawler over the pages the benchmark lists, without any evidence: wait for a card, read the HTML.
// Usage: node crawl.mjs URLS.json CONCURRENCY WARMUP_COUNT WAIT_SELECTOR CHROMIUM
// Prints "WARM" when the first WARMUP_COUNT pages are done and "DONE <pages>" at the end, for the benchmark's probes.
import { readFileSync } from 'node:fs';
import { PlaywrightCrawler, Configuration, log } from 'crawlee';
import { chromium } from 'playwright-core';

const [urlsFile, concurrency, warmup, waitFor, executablePath] = process.argv.slice(2);
const urls = JSON.parse(readFileSync(urlsFile, 'utf8'));
const c = Number(concurrency);
let done = 0;
log.setLevel(log.LEVELS.WARNING);

const crawler = new PlaywrightCrawler({
  launchContext: {
    launcher: chromium,
    launchOptions: {
      executablePath, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
  minConcurrency: c,
  maxConcurrency: c,
  maxRequestRetries: 1,
  navigationTimeoutSecs: 30,
  async requestHandler({ page }) {
    await page.waitForSelector(waitFor, { state: 'attached', timeout: 30000 });
    await page.content();
    done++;
    if (done === Number(warmup)) console.log('WARM');
  },
}, new Configuration({ persistStorage: false, purgeOnStart: true }));

await crawler.run(urls.map((url, i) => ({ url, uniqueKey: `${i}:${url}` })));
console.log(`DONE ${done - Number(warmup)}`);
// Stay alive until the benchmark has read this process tree's CPU (its reaped Chromium counted in our own).
process.stdin.resume();
await new Promise(resolve => process.stdin.on('end', resolve));
