using System.CommandLine;
using System.Text.Json;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>Valid IMEIs seen in listings; `--shared` keeps those offered by two or more listings (cloning evidence).</summary>
public static class ImeisCommand
{
    public sealed record Offer(string Marketplace, string ProductId, string Title, string? Seller, string Url);
    public sealed record Row(string Imei, string? Brand, string? Model, int Listings, int Sellers, IReadOnlyList<Offer> Offers);

    public static Command Create()
    {
        var shared = new Option<bool>("--shared") { Description = "Only IMEIs offered in two or more listings (cloning evidence)" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array" };
        var command = new Command("imeis", "List valid IMEIs found in listings, with every listing and seller offering each") { shared, json };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
            var rows = await QueryAsync(db, result.GetValue(shared), ct);
            if (result.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(rows, Json.Options));
            else
            {
                foreach (var r in rows)
                {
                    Console.WriteLine($"{r.Imei}  {r.Brand ?? "unknown TAC"} {r.Model}  {r.Listings} listing(s), {r.Sellers} seller(s)");
                    foreach (var o in r.Offers) Console.WriteLine($"    {o.Marketplace,-10} {o.Seller ?? "-",-24} {o.Url}");
                }
                Console.WriteLine($"{rows.Count} IMEI(s)");
            }
            return 0;
        }));
        return command;
    }

    public static async Task<List<Row>> QueryAsync(MarketWatchDb db, bool onlyShared, CancellationToken ct)
    {
        var mentions = await db.ImeiMentions.AsNoTracking().Where(m => m.Status == "valid")
            .Join(db.Listings.Include(l => l.Seller), m => m.ListingId, l => l.Id, (m, l) => new { m.Imei, m.Tac, Listing = l })
            .ToListAsync(ct);
        var tacs = mentions.Select(m => m.Tac).Distinct().ToList();
        var directory = await db.Tacs.AsNoTracking().Where(t => tacs.Contains(t.Tac)).ToDictionaryAsync(t => t.Tac, ct);
        return mentions.GroupBy(m => m.Imei)
            .Where(g => !onlyShared || g.Count() > 1)
            .Select(g => new Row(g.Key, directory.GetValueOrDefault(g.First().Tac)?.Brand, directory.GetValueOrDefault(g.First().Tac)?.Model,
                g.Count(), g.Select(m => m.Listing.SellerId).Distinct().Count(),
                g.Select(m => new Offer(m.Listing.Marketplace, m.Listing.ProductId, m.Listing.Title, m.Listing.Seller?.Name, m.Listing.Url)).ToList()))
            .OrderByDescending(r => r.Listings).ThenBy(r => r.Imei).ToList();
    }
}
