using System.CommandLine;
using MarketWatch.Crawling;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

public static class EvidenceCommand
{
    public static Command Create()
    {
        var verify = new Command("verify", "Recompute the SHA-256 of every evidence file and report missing or altered ones (exit 4 if any)");
        verify.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
            var store = services.GetRequiredService<EvidenceStore>();
            int checkedCount = 0, bad = 0;
            await foreach (var capture in db.Evidence.AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(ct))
            {
                checkedCount++;
                foreach (var problem in await store.VerifyAsync(capture, ct))
                {
                    bad++;
                    Console.WriteLine($"TAMPERED evidence {capture.Id} ({capture.Url}): {problem}");
                }
            }
            Console.WriteLine($"{checkedCount} capture(s) checked, {bad} problem(s)");
            return bad == 0 ? 0 : 4;
        }));
        var sweep = new Command("sweep", "Remove evidence used only by dismissed listings and older than Evidence:RetentionDays");
        sweep.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
            var swept = await EvidenceRetention.SweepAsync(db, services.GetRequiredService<EvidenceStore>(), services.GetRequiredService<EvidenceOptions>(), DateTime.UtcNow, ct);
            Console.WriteLine($"removed {swept.Captures} capture(s), {swept.Files} file(s)");
            return 0;
        }));
        return new Command("evidence", "Evidence files: verify their hashes, apply the retention policy") { verify, sweep };
    }
}
