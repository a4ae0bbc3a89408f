using System.CommandLine;
using System.Text.Json;
using MarketWatch.Data;
using MarketWatch.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>`models`, `models promote VERSION`, `models rollback`, `models retrain`: the model registry.</summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the registry as JSON" };
        var command = new Command("models", "List the registered models: version, trainer, training rows, gate figures, status; * marks the champion") { json };
        command.SetAction((result, ct) => With(result, async services =>
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
            var rows = await ModelList.ReadAsync(db, ct);
            if (result.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
            else foreach (var line in ModelList.Lines(rows)) Console.WriteLine(line);
        }, ct, needsModel: false));

        var version = new Argument<string>("VERSION") { Description = "A version from `marketwatch models`" };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log" };
        var promote = new Command("promote", "Make a registered model the champion; pending listings are re-scored") { version, reason };
        promote.SetAction((result, ct) => With(result, async services =>
            Console.WriteLine((await services.GetRequiredService<Champions>().PromoteAsync(result.GetValue(version)!, "cli", result.GetValue(reason), ct)).Summary), ct));

        var rollback = new Command("rollback", "Go back to the champion before the current one; pending listings are re-scored") { reason };
        rollback.SetAction((result, ct) => With(result, async services =>
            Console.WriteLine((await services.GetRequiredService<Champions>().RollbackAsync("cli", result.GetValue(reason), ct)).Summary), ct));

        var retrain = new Command("retrain", "Train a challenger on the corpus and reviewer decisions now; it is promoted only if it passes the gate");
        retrain.SetAction((result, ct) => With(result, async services =>
            Console.WriteLine((await services.GetRequiredService<Retrainer>().RunAsync("cli", ct)).Summary), ct));

        command.Subcommands.Add(promote);
        command.Subcommands.Add(rollback);
        command.Subcommands.Add(retrain);
        return command;
    }

    private static Task<int> With(ParseResult result, Func<IServiceProvider, Task> action, CancellationToken ct, bool needsModel = true) => CommandLine.Guard(result, async () =>
    {
        await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
        // The current champion is loaded first: its file is checked, and on a first start the registry gets one.
        if (needsModel) _ = services.GetRequiredService<Learning.ModelSlot>().Current;   // a missing or corrupt champion stops here, named
        await action(services);
        return 0;
    });
}
