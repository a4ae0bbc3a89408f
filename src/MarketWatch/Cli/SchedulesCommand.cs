using System.CommandLine;
using MarketWatch.Data;
using MarketWatch.Jobs;
using MarketWatch.Marketplaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

public static class SchedulesCommand
{
    public static Command Create()
    {
        var command = new Command("schedules", "List the scheduled patrols and jobs: cron, next fire time, last outcome, recent extractor-broken and blocked pages");
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var paths = CommandLine.Paths(result);
            var config = paths.LoadConfiguration();
            var options = Scheduling.Options(config, MarketplaceCatalog.FromConfiguration(config));
            await using var services = await CliServices.StartAsync(paths, ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
            var rows = await ScheduleStatus.ReadAsync(db, options, scheduler: null, ct);
            Console.WriteLine($"{"schedule",-20} {"cron",-16} {"next fire (UTC)",-20} {"last outcome",-12} {"last start (UTC)",-17} broken/blocked (10 runs)");
            foreach (var r in rows)
                Console.WriteLine($"{r.Name,-20} {r.Cron,-16} {r.NextFire?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") ?? "-",-20} {r.Last?.Outcome.ToString() ?? "never",-12} "
                    + $"{r.Last?.StartedAt.ToString("yyyy-MM-dd HH:mm") ?? "-",-17} {(r.Marketplace is null ? "" : $"{r.BrokenPages}/{r.BlockedPages}")}");
            var alerts = await db.Alerts.AsNoTracking().Where(a => a.ResolvedAt == null).OrderBy(a => a.RaisedAt).ToListAsync(ct);
            foreach (var a in alerts) Console.WriteLine($"ALERT {a.Kind} {a.Subject}: {a.Message} (since {a.RaisedAt:u})");
            if (!options.Enabled) Console.WriteLine("scheduling is disabled (Schedules:Enabled = false)");
            return 0;
        }));
        return command;
    }
}
