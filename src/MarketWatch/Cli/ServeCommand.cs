using System.CommandLine;
using MarketWatch.Review;
using MarketWatch.Sandbox;

namespace MarketWatch.Cli;

public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Address of the review UI", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var demo = new Option<bool>("--demo") { Description = "Start the sandbox marketplace in-process, point every patrol at it and fire them all once" };
        var command = new Command("serve", "Run the review web UI and the scheduled patrol (Quartz)") { urls, demo };
        command.SetAction((result, ct) => CommandLine.Guard(async () =>
        {
            var paths = CommandLine.Paths(result);
            await using var sandbox = result.GetValue(demo) ? await SandboxServer.StartAsync(paths.FixturesDir, "http://127.0.0.1:0", ct: ct) : null;
            var app = WebApp.Build(paths, result.GetValue(urls)!, sandbox?.Url);
            await Services.PrepareDatabaseAsync(app.Services, ct);
            await app.StartAsync(ct);
            Console.WriteLine($"MarketWatch review UI on {string.Join(", ", app.Urls)} (Ctrl+C to stop)");
            if (sandbox is not null) Console.WriteLine($"demo: sandbox marketplace on {sandbox.Url}; every patrol fires once now");
            await app.WaitForShutdownAsync(ct);
            return 0;
        }));
        return command;
    }
}
