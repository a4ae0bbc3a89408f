using System.CommandLine;
using System.Text.Json;
using MarketWatch.Cases;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>`cases`: the seller networks, known networks first then by risk; `--backfill` builds cases for listings stored before cases existed.</summary>
public static class CasesCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "Also cases with nothing left to decide" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array" };
        var backfill = new Option<bool>("--backfill") { Description = "First give a case to every flagged or decided listing that has none (a database from before cases)" };
        var command = new Command("cases", "Seller networks: listings joined by seller, shop name, contact, IMEI or relisting, highest risk first") { all, json, backfill };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
            if (result.GetValue(backfill)) await Console.Error.WriteLineAsync($"backfill: {await CaseUpkeep.BackfillAsync(db, ct)} listing(s) placed in cases");
            var rows = (await CaseQueue.AllAsync(db, ct)).Where(c => result.GetValue(all) || c.Open > 0).ToList();
            rows = await CaseQueue.DescribeAsync(db, rows, ct);
            if (result.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(rows, Json.Options));
            else
            {
                foreach (var c in rows)
                    Console.WriteLine($"case {c.Id,-6} risk {c.Risk,4}  {c.Open} open / {c.Confirmed} confirmed / {c.Listings} listing(s), {c.Sellers} seller(s) on {c.Marketplaces} marketplace(s), "
                        + $"{c.SharedImeis} shared IMEI(s){(c.KnownNetwork ? "  KNOWN NETWORK" : "")}\n    {c.Title}\n    sellers: {string.Join(", ", c.SellerNames)}");
                Console.WriteLine($"{rows.Count} case(s)");
            }
            return 0;
        }));
        return command;
    }
}
