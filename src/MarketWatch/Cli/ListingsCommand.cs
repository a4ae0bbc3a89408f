using System.CommandLine;
using System.Text.Json;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

public static class ListingsCommand
{
    public sealed record Row(string Marketplace, string ProductId, string Title, long? PriceIdr, string? Seller, string Url,
        bool Flagged, double Score, IReadOnlyList<string> Imeis, IReadOnlyList<string> Reasons, string ReviewStatus);

    public static Command Create()
    {
        var flagged = new Option<bool>("--flagged") { Description = "Only listings flagged as IMEI offers" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array (for scripts)" };
        var marketplace = new Option<string?>("--marketplace", "-m") { Description = "Only this marketplace" };
        var command = new Command("listings", "Print stored listings with their latest detection") { flagged, json, marketplace };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
            var rows = await QueryAsync(db, result.GetValue(flagged), result.GetValue(marketplace), ct);
            if (result.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(rows, Json.Options));
            else
                PrintTable(rows);
            return 0;
        }));
        return command;
    }

    // One query: the latest detection's reasons are a correlated subquery, not an IN list of every detection id
    // (SQLite takes at most 32,766 parameters in a statement).
    public static async Task<List<Row>> QueryAsync(MarketWatchDb db, bool onlyFlagged, string? marketplace, CancellationToken ct)
    {
        var query = db.Listings.AsNoTracking();
        if (onlyFlagged) query = query.Where(l => l.Flagged);
        if (marketplace is not null) query = query.Where(l => l.Marketplace == marketplace);
        var rows = await query.OrderByDescending(l => l.Score).ThenBy(l => l.Id).Select(l => new
        {
            l.Marketplace, l.ProductId, l.Title, l.PriceIdr, Seller = l.Seller == null ? null : l.Seller.Name, l.Url, l.Flagged, l.Score,
            Imeis = l.Imeis.Where(i => i.Status == "valid").OrderBy(i => i.Id).Select(i => i.Imei).ToList(),
            Reasons = db.Detections.Where(d => d.Id == l.LatestDetectionId).Select(d => d.Reasons).FirstOrDefault(),
            l.ReviewStatus,
        }).ToListAsync(ct);
        return rows.Select(l => new Row(l.Marketplace, l.ProductId, l.Title, l.PriceIdr, l.Seller, l.Url, l.Flagged, l.Score, l.Imeis,
            string.IsNullOrEmpty(l.Reasons) ? [] : l.Reasons.Split('\n'), l.ReviewStatus.ToString())).ToList();
    }

    private static void PrintTable(List<Row> rows)
    {
        Console.WriteLine($"{"marketplace",-11} {"product id",-14} {"flag",-4} {"score",5} {"price",12}  {"seller",-22} title");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Marketplace,-11} {Clip(r.ProductId, 14),-14} {(r.Flagged ? "YES" : "no"),-4} {r.Score,5:0.00} {r.PriceIdr,12:N0}  {Clip(r.Seller ?? "-", 22),-22} {Clip(r.Title, 70)}");
            Console.WriteLine($"{"",31}{r.Url}");
            if (r.Imeis.Count > 0) Console.WriteLine($"{"",31}IMEIs: {string.Join(", ", r.Imeis)}");
            foreach (var reason in r.Reasons) Console.WriteLine($"{"",31}- {reason}");
        }
        Console.WriteLine($"{rows.Count} listing(s), {rows.Count(r => r.Flagged)} flagged");
    }

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
