using System.CommandLine;
using System.Text.Json;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>Crawl runs and what each page came back as: extractor-broken and blocked pages are shown, never hidden.</summary>
public static class RunsCommand
{
    public static Command Create()
    {
        var limit = new Option<int>("--limit") { Description = "How many recent runs", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print a JSON array" };
        var command = new Command("runs", "List recent crawl runs with their statistics and every page that was not stored normally") { limit, json };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
            var runs = await db.CrawlRuns.AsNoTracking().Include(r => r.Pages).OrderByDescending(r => r.Id).Take(result.GetValue(limit)).ToListAsync(ct);
            var runIds = runs.Select(r => r.Id).ToList();
            var events = (await db.CrawlEvents.AsNoTracking().Where(e => runIds.Contains(e.CrawlRunId)).OrderBy(e => e.Id).ToListAsync(ct)).ToLookup(e => e.CrawlRunId);
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(runs.Select(r => new
                {
                    r.Id, r.Marketplace, r.Query, Status = r.Status.ToString(), r.StartedAt, r.FinishedAt, r.PagesFetched, r.PagesFailed,
                    r.PagesBroken, r.PagesBlocked, r.ListingsNew, r.ListingsChanged, r.ListingsUnchanged, r.ListingsFlagged, r.Bytes,
                    r.Retries, r.BreakerOpenings, r.BlockedBackoffs, r.DetailPagesFetched, r.SuspiciousLinks, r.RobotsDisallowed,
                    r.InterruptedAt, r.Interruption, r.ResumedAt,
                    r.ListingsFromCapture, r.ListingsFromPage,
                    Pages = r.Pages.OrderBy(p => p.PageNumber).Select(p => new { p.PageNumber, p.Url, Status = p.Status.ToString(), p.ListingCount, p.Error }),
                    Events = events[r.Id].Select(e => new { e.At, e.Kind, e.PageNumber, e.Url, e.Message, e.DelaySeconds }),
                }), Json.Options));
                return 0;
            }
            foreach (var r in runs)
            {
                Console.WriteLine($"run {r.Id,-5} {r.StartedAt:yyyy-MM-dd HH:mm}Z  {r.Marketplace,-10} {r.Status,-9} \"{r.Query}\"  pages {r.PagesFetched} ok / {r.PagesFailed} failed / {r.PagesBroken} extractor-broken / {r.PagesBlocked} blocked, listings {r.ListingsNew} new, {r.ListingsFlagged} flagged");
                // A stop cut it short (and a later start took it up again): said first, it explains the pending pages below.
                if (r.InterruptedAt is not null || r.ResumedAt is not null)
                    Console.WriteLine("          " + string.Join("; ", new[]
                    {
                        r.InterruptedAt is { } at ? $"interrupted {at:yyyy-MM-dd HH:mm:ss}Z by {r.Interruption}" : null,
                        r.ResumedAt is { } resumed ? $"resumed {resumed:yyyy-MM-dd HH:mm:ss}Z" : null,
                    }.OfType<string>()));
                foreach (var p in r.Pages.Where(p => p.Status is not (PageStatus.Done or PageStatus.NoResults)).OrderBy(p => p.PageNumber))
                    Console.WriteLine($"          page {p.PageNumber}: {p.Status}{(p.Error is null ? "" : " - " + p.Error)}");
                // Retries, back-offs, captchas, the breaker, failed detail pages, refused links: what the run met on its way.
                foreach (var e in events[r.Id])
                    Console.WriteLine($"          {e.At:HH:mm:ss}Z {e.Kind}{(e.PageNumber is { } n ? $" page {n}" : "")}: {e.Message}");
            }
            return 0;
        }));
        return command;
    }
}
