// MarketWatch: finds illegal IMEI offers on Indonesian marketplaces and keeps the evidence.
// The command line picks what runs; every verb composes the same services (see Services.cs):
//
//   AddData          SQLite or PostgreSQL through EF Core, migrations at start Data/
//   AddMarketplaces  marketplace profiles from configuration, one extractor    Marketplaces/
//   AddDetection     IMEI extraction, normalisation, rules                     Detection/
//   AddCrawling      Chromium through Playwright, evidence files, the engine   Crawling/
//   MapReview        the review web UI (Razor Pages)                           Review/
//   Sandbox          a local marketplace for demos and tests                   Sandbox/
using MarketWatch.Cli;

return await CommandLine.InvokeAsync(args);
